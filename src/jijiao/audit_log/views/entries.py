import datetime as dt
import json

from django.shortcuts import render

from jijiao.audit_log.display import data_text, describe
from jijiao.audit_log.queries import entries_for_user, entries_search
from jijiao.audit_log.vocab import label
from jijiao.common import clock
from jijiao.common.decorators import permission_required
from jijiao.common.documents.excel import xlsx_response
from jijiao.common.pagination import paginate


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@permission_required("audit_log.view")
def entry_list(request):
    entries = entries_search(
        entries_for_user(request.user),
        actor=request.GET.get("actor", "").strip(),
        action=request.GET.get("action", "").strip(),
        address=request.GET.get("address", "").strip(),
        date_from=_date(request.GET.get("from")),
        date_to=_date(request.GET.get("to")),
    )
    if request.GET.get("export") == "xlsx":
        rows = (
            [
                # Excel has no time zones: write the Beijing time the page shows.
                clock.local(e.at),
                e.actor_label,
                label(e.action),
                e.action,
                e.object_label,
                e.address,
                data_text(e),
                json.dumps(e.data, ensure_ascii=False),
            ]
            for e in entries.iterator()
        )
        return xlsx_response(
            "审计日志.xlsx",
            "审计日志",
            ["时间", "操作人", "操作", "操作代码", "对象", "来源地址", "内容", "原始数据"],
            rows,
        )
    page = paginate(request, entries)
    for entry in page:
        describe(entry, request.user)
    return render(request, "audit_log/entry_list.html", {"page": page, "query": request.GET})
