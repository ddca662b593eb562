"""Attachments of an application: PDF, JPG or PNG (``uploads.DOCUMENT``), typed by their content."""

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock, uploads
from jijiao.common.errors import DomainError, require
from jijiao.projects.call_policy import declared_attachments
from jijiao.projects.models import Application, Attachment


@transaction.atomic
def attachment_add(*, by, application: Application, uploaded, kind: str = "") -> Attachment:
    """Attach an uploaded file (a Django ``UploadedFile``) to a draft or returned application.

    The type is read from the first bytes, never from the name or the browser's claim: a PNG
    called ``.pdf`` is stored as a PNG; a text file called ``.pdf`` is refused. Side effects:
    the file in storage under a generated name, an Attachment, audit ``attachment.added``.
    ``kind`` is one the call's pack declares (APP_ATTACHMENT_MISSING), or blank for another.
    """
    require(by, "projects.add_attachment", application)
    if kind and kind not in {a["key"] for a in declared_attachments(application.call)}:
        raise DomainError("附件类别无效", field="kind")
    accepted = uploads.accept(uploaded, uploads.DOCUMENT)
    attachment = Attachment(
        application=application,
        kind=kind,
        original_name=accepted.name,
        content_type=accepted.content_type,
        size=accepted.size,
        uploaded_at=clock.now(),
        uploaded_by=by,
    )
    attachment.file.save(uploads.storage_name(accepted), uploaded, save=False)
    attachment.save()
    record(
        "attachment.added",
        actor=by,
        obj=application,
        data={
            "name": accepted.name,
            "type": accepted.content_type,
            "size": accepted.size,
            **({"kind": kind} if kind else {}),
        },
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
