from django.shortcuts import render

from jijiao.audit_log.display import describe
from jijiao.audit_log.queries import entries_matching
from jijiao.audit_log.verification import last_verification, summary
from jijiao.common.decorators import permission_required
from jijiao.common.pagination import paginate


@permission_required("audit_log.view")
def entry_list(request):
    entries = entries_matching(request.user, request.GET)
    page = paginate(request, entries)
    for entry in page:
        describe(entry, request.user)
    last = last_verification()
    return render(
        request,
        "audit_log/entry_list.html",
        {
            "page": page,
            "query": request.GET,
            "last_check": last,
            "last_check_text": summary(last) if last else "",
            "can_verify": request.user.has_perm("audit_log.verify"),
        },
    )
