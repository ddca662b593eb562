from django.shortcuts import render

from jijiao.audit_log.display import describe
from jijiao.audit_log.queries import entries_matching
from jijiao.common.decorators import permission_required
from jijiao.common.pagination import paginate


@permission_required("audit_log.view")
def entry_list(request):
    entries = entries_matching(request.user, request.GET)
    page = paginate(request, entries)
    for entry in page:
        describe(entry, request.user)
    return render(request, "audit_log/entry_list.html", {"page": page, "query": request.GET})
