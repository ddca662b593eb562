from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "jijiao.orgs"
    label = "orgs"
    verbose_name = "机构与人员"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from jijiao.orgs import permissions  # noqa: F401 — registers the rules predicates
        from jijiao.orgs.middleware import stamp_at_login

        # Logging in starts the idle clock.
        user_logged_in.connect(stamp_at_login, dispatch_uid="jijiao.orgs.stamp_at_login")
