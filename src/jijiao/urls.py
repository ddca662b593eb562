from django.urls import include, path

from jijiao.api.urls import api
from jijiao.orgs.urls import urlpatterns_root
from jijiao.projects.views.batch_precheck import batch_precheck
from jijiao.web.views import home

urlpatterns = [
    path("", home, name="home"),
    # First among the includes: the QR sign-in's address is the most asked at 09:00, and the
    # empty-prefix includes below would otherwise be tried pattern by pattern before it.
    path("attendance/", include("jijiao.attendance.urls")),
    *urlpatterns_root,
    path("api/v1/", api.urls),
    path("", include("jijiao.orgs.urls")),
    path("audit/", include("jijiao.audit_log.urls")),
    # The batch precheck belongs to applications; it kept the address it was first given.
    path("policy/batch-precheck/", batch_precheck, name="batch_precheck"),
    path("policy/", include("jijiao.policy.urls")),
    # The records against people kept their addresses under /projects/records/.
    path("projects/records/", include("jijiao.records.urls")),
    path("projects/", include("jijiao.projects.urls")),
    path("hosting/", include("jijiao.hosting.urls")),
    path("execution/", include("jijiao.execution.urls")),
    path("credits/", include("jijiao.credits.urls")),
    path("audits/", include("jijiao.audits.urls")),
    path("remote/", include("jijiao.remote.urls")),
    path("overview/", include("jijiao.overview.urls")),
    path("messages/", include("jijiao.notifications.urls")),
    path("jobs/", include("jijiao.web.urls_jobs")),
    path("", include("jijiao.web.urls")),
]

handler400 = "jijiao.web.errors.bad_request"
handler403 = "jijiao.web.errors.permission_denied"
handler404 = "jijiao.web.errors.page_not_found"
handler500 = "jijiao.web.errors.server_error"
