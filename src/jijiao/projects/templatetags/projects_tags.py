"""Template filters of the projects pages: labels for codes the records store."""

import re

from django import template

from jijiao.projects.models import Application

register = template.Library()

EVENT_LABELS = {
    "created": "创建草稿",
    "submitted": "提交至单位",
    "resubmitted": "修改后重新提交",
    "returned": "退回修改",
    "recommended": "单位推荐",
    "accepted": "继教办受理，进入专家评审",
    "approved": "批准立项",
    "rejected": "不予立项",
    "printed": "打印纸质申报表",
}
STATES = dict(Application.State.choices)
_ROW = re.compile(r"^(courses|others)\[(\d+)\]$")
SUBJECTS = {"project": "项目信息", "pi": "项目负责人", "unit": "申报单位"}


@register.filter
def event_label(action: str) -> str:
    return EVENT_LABELS.get(action, action)


@register.filter
def state_label(state: str) -> str:
    return STATES.get(state, state or "—")


@register.filter
def subject_label(subject: str) -> str:
    """Where a finding points: ``courses[2]`` is the third schedule row."""
    match = _ROW.match(subject or "")
    if match and match.group(1) == "courses":
        return f"课程第 {int(match.group(2)) + 1} 行"
    if match:
        return "相似项目"
    return SUBJECTS.get(subject, subject)


@register.filter
def count_severity(findings, severity: str) -> int:
    return sum(1 for f in findings or [] if f.get("severity") == severity)
