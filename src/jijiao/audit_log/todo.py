"""The workbench items of the audit admin: a chain check that found problems, and a check that
is overdue (none in ``AUDIT_VERIFY_DAYS``). Running a check that passes removes both."""

from django.urls import reverse

from jijiao.audit_log.verification import last_verification, verification_due
from jijiao.common import clock
from jijiao.common.todo import Todo


def todos_for(user, now) -> list[Todo]:
    if not user.has_perm("audit_log.verify"):
        return []
    url = reverse("audit_log:entries") + "#verification"
    last = last_verification()
    items = []
    if last is not None and last.data.get("findings"):
        found_at = f"{clock.local(last.at):%Y-%m-%d %H:%M}"
        items.append(
            Todo(
                kind="审计日志完整性问题",
                title=f"{found_at} 的完整性校验发现 {last.data['findings']} 处记录被删除或改动，"
                "请核查并上报",
                url=url,
                deadline=last.at,
                note="发现时间",
            )
        )
    due = verification_due(last, now)
    if last is None or due < now:
        items.append(
            Todo(
                kind="待校验的审计日志",
                title="审计日志从未校验完整性"
                if last is None
                else "审计日志已超过规定天数未校验完整性",
                url=url,
                deadline=due,
                note="应校验",
            )
        )
    return items
