"""Attachments of an application: PDF, JPG or PNG (``uploads.DOCUMENT``), typed by their content."""

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock, uploads
from jijiao.common.errors import require
from jijiao.projects.models import Application, Attachment


@transaction.atomic
def attachment_add(*, by, application: Application, uploaded) -> Attachment:
    """Attach an uploaded file (a Django ``UploadedFile``) to a draft or returned application.

    The type is read from the first bytes, never from the name or the browser's claim: a PNG
    called ``.pdf`` is stored as a PNG; a text file called ``.pdf`` is refused. Side effects:
    the file in storage under a generated name, an Attachment, audit ``attachment.added``.
    """
    require(by, "projects.add_attachment", application)
    accepted = uploads.accept(uploaded, uploads.DOCUMENT)
    attachment = Attachment(
        application=application,
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
        data={"name": accepted.name, "type": accepted.content_type, "size": accepted.size},
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
