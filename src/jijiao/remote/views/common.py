"""What the remote views share: the caller's provider unit and showing domain errors."""

from django.contrib import messages

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.orgs import roles
from jijiao.orgs.models import Role, Unit


def provider_unit_of(user) -> Unit | None:
    """The provider unit the account works for (the first, if it has several)."""
    unit_ids = sorted(roles.role_unit_ids(user, Role.PROVIDER))
    return Unit.objects.filter(pk=unit_ids[0]).first() if unit_ids else None


def form_error(form, error: DomainError) -> None:
    """Show a domain error next to its field when the form has that field, else on top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def run(request, action, success: str) -> bool:
    """Call a domain function for a button; its message or its error goes to the page."""
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, success)
    return True


ACTION_LABELS = {
    "remote.provider_filed": "填写备案",
    "remote.provider_updated": "修改备案信息",
    "remote.provider_document_added": "上传材料",
    "remote.provider_document_removed": "删除材料",
    "remote.provider_submitted": "提交审核",
    "remote.provider_approved": "准予备案",
    "remote.provider_rejected": "退回",
    "remote.provider_suspended": "暂停备案",
    "remote.provider_reinstated": "恢复备案",
    "remote.provider_revoked": "撤销备案",
    "remote.course_filed": "新增课程",
    "remote.course_updated": "修改课程",
    "remote.course_video_added": "添加视频",
    "remote.course_video_removed": "删除视频",
    "remote.course_question_added": "添加题目",
    "remote.course_question_removed": "删除题目",
    "remote.course_submitted": "提交审核",
    "remote.course_approved": "准予备案",
    "remote.course_returned": "退回修改",
    "remote.course_withdrawn": "撤销课程备案",
}


def history(obj) -> list[dict]:
    """The audit trail of a registration or course, in Chinese."""
    entries = AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).order_by("at", "id")
    return [
        {
            "at": e.at,
            "actor": e.actor_label,
            "label": ACTION_LABELS.get(e.action, e.action),
            "reason": (e.data or {}).get("reason", ""),
        }
        for e in entries
    ]
