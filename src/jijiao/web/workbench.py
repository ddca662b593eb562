"""The workbench (工作台): every area's to-do items for the signed-in person, most urgent first,
with counts by kind. Each area answers for its own items (``<app>/todo.py``)."""

from collections import Counter
from dataclasses import dataclass

from jijiao.attendance import todo as attendance_todo
from jijiao.audit_log import todo as audit_log_todo
from jijiao.audits import todo as audits_todo
from jijiao.common.todo import Todo, most_urgent_first
from jijiao.credits import todo as credits_todo
from jijiao.execution import todo as execution_todo
from jijiao.hosting import todo as hosting_todo
from jijiao.jobs import todo as jobs_todo
from jijiao.orgs import todo as orgs_todo
from jijiao.projects import todo as projects_todo
from jijiao.remote import todo as remote_todo

PROVIDERS = (
    projects_todo,
    hosting_todo,
    execution_todo,
    attendance_todo,
    credits_todo,
    audits_todo,
    remote_todo,
    orgs_todo,
    jobs_todo,
    audit_log_todo,
)


@dataclass
class Row:
    item: Todo
    days_left: int | None
    urgency: str


@dataclass
class Workbench:
    rows: list[Row]
    counts: list[tuple[str, int]]


def workbench_for(user, now) -> Workbench:
    items: list[Todo] = []
    for provider in PROVIDERS:
        items += provider.todos_for(user, now)
    ordered = most_urgent_first(items)
    counts = Counter(item.kind for item in ordered)
    return Workbench(
        rows=[Row(item, item.days_left(now), item.urgency(now)) for item in ordered],
        counts=sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])),
    )
