"""Attachments of an application: PDF, JPG or PNG of at most 15 MB, typed by their content."""

import uuid

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.projects.models import Application, Attachment

MAX_BYTES = 15 * 1024 * 1024

# The first bytes of each accepted type (its "magic number") and the extension we store it under.
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
TYPE_NAMES = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPG"}


def sniff(head: bytes) -> tuple[str, str] | None:
    """The content type and extension the bytes say, whatever the file is called."""
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


@transaction.atomic
def attachment_add(*, by, application: Application, uploaded) -> Attachment:
    """Attach an uploaded file (a Django ``UploadedFile``) to a draft or returned application.

    The type is read from the first bytes, never from the name or the browser's claim: a PNG
    called ``.pdf`` is stored as a PNG; a text file called ``.pdf`` is refused. Side effects:
    the file in storage under a generated name, an Attachment, audit ``attachment.added``.
    """
    require(by, "projects.add_attachment", application)
    name = (getattr(uploaded, "name", "") or "附件").rsplit("/", 1)[-1][:200]
    size = uploaded.size
    if size == 0:
        raise DomainError(f"文件“{name}”是空文件，请重新选择", field="file")
    if size > MAX_BYTES:
        raise DomainError(
            f"文件“{name}”大小为 {_megabytes(size)}，超过 15 MB 上限，请压缩或拆分后重新上传",
            field="file",
        )
    uploaded.seek(0)
    head = uploaded.read(16)
    kind = sniff(head)
    if kind is None:
        raise DomainError(
            f"文件“{name}”不是 PDF、JPG 或 PNG 文件（按文件内容识别，与文件名无关），"
            "请转换为这三种格式之一后重新上传",
            field="file",
        )
    content_type, extension = kind
    uploaded.seek(0)
    attachment = Attachment(
        application=application,
        original_name=name,
        content_type=content_type,
        size=size,
        uploaded_at=clock.now(),
        uploaded_by=by,
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{extension}", uploaded, save=False)
    attachment.save()
    record(
        "attachment.added",
        actor=by,
        obj=application,
        data={"name": name, "type": content_type, "size": size},
    )
    return attachment


@transaction.atomic
def attachment_remove(*, by, attachment: Attachment) -> None:
    """Remove an attachment while the application can still be edited.

    Side effects: the row and the stored file deleted, audit ``attachment.removed``.
    """
    application = attachment.application
    require(by, "projects.add_attachment", application)
    name = attachment.original_name
    storage, path = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(path))
    record("attachment.removed", actor=by, obj=application, data={"name": name})
