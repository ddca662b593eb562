from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "jijiao.policy"
    label = "policy"
    verbose_name = "政策包"

    def ready(self) -> None:
        # Registers the permission predicates with django-rules.
        # The account application and password reset read the area's pack (seed 003 第十四、十七条).
        from jijiao.orgs.area_rules import serve
        from jijiao.policy import permissions  # noqa: F401
        from jijiao.policy.access import area_table

        serve(area_table)
