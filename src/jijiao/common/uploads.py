"""The one guarded way in for a file a person gives the system.

Each *kind* of upload (a proof, a photo, a course video, a workbook, …) names the types it takes
and its size cap (a ``JIJIAO_UPLOAD_*_MB`` setting). The type is read from the content, never
from the name; a refusal says what was refused and what is allowed, in Chinese::

    文件“evil.pdf”：只能上传 PDF、JPG、PNG 文件，且不超过 15 MB；收到的是 HTML 文件

Forms use :class:`UploadField` (the check runs while the form is cleaned, before any view or
domain function sees the file); domain functions call :func:`accept` again, so the API, the
command line and background tasks are held to the same rule. Stored copies get a generated name
with the extension of the sniffed type (:func:`storage_name`): a person's file name is kept only
as a label.
"""

import hashlib
import io
import uuid
from dataclasses import dataclass

from django import forms
from django.conf import settings

from jijiao.common import filetypes
from jijiao.common.errors import DomainError
from jijiao.common.filetypes import FileType

MB = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    """A kind of upload: the types it takes, and the setting holding its cap in MB."""

    name: str
    types: tuple[FileType, ...]
    setting: str
    default_mb: int

    @property
    def max_bytes(self) -> int:
        return int(getattr(settings, self.setting, self.default_mb)) * MB

    @property
    def allowed(self) -> str:
        """``PDF、JPG、PNG`` — what a message says is allowed."""
        return "、".join(t.label for t in self.types)

    @property
    def help_text(self) -> str:
        return f"{self.allowed}，不超过 {self.max_bytes // MB} MB"

    def takes(self, found: FileType) -> bool:
        # A CSV is plain text by content: any text (but not HTML or XML) is one.
        return found in self.types or (found == filetypes.TEXT and filetypes.CSV in self.types)


_DOCUMENT_TYPES = (filetypes.PDF, filetypes.JPG, filetypes.PNG)
_PHOTO_TYPES = (filetypes.JPG, filetypes.PNG)

DOCUMENT = Kind("document", _DOCUMENT_TYPES, "UPLOAD_DOCUMENT_MB", 15)
PROOF = Kind("proof", _DOCUMENT_TYPES, "UPLOAD_PROOF_MB", 10)
PHOTO = Kind("photo", _PHOTO_TYPES, "UPLOAD_PHOTO_MB", 15)
MATERIAL = Kind(
    "material",
    (filetypes.PDF, filetypes.DOCX, filetypes.XLSX, filetypes.JPG, filetypes.PNG),
    "UPLOAD_MATERIAL_MB",
    15,
)
EXECUTION_VIDEO = Kind(
    "execution_video",
    (filetypes.MP4, filetypes.MOV, filetypes.WEBM),
    "UPLOAD_EXECUTION_VIDEO_MB",
    500,
)
COURSE_VIDEO = Kind("course_video", (filetypes.WEBM, filetypes.MP4), "UPLOAD_COURSE_VIDEO_MB", 2048)
WORKBOOK = Kind("workbook", (filetypes.XLSX,), "UPLOAD_WORKBOOK_MB", 10)
CSV = Kind("csv", (filetypes.CSV,), "UPLOAD_CSV_MB", 20)
# A platform's log: CSV or an Excel export (the workbook read through the guarded reader).
TABLE = Kind("table", (filetypes.CSV, filetypes.XLSX), "UPLOAD_CSV_MB", 20)

KINDS = {
    k.name: k
    for k in (DOCUMENT, PROOF, PHOTO, MATERIAL, EXECUTION_VIDEO, COURSE_VIDEO, WORKBOOK, CSV, TABLE)
}


@dataclass(frozen=True)
class Accepted:
    """An upload that passed: its label (the person's file name), its type by content, size and
    SHA-256."""

    name: str
    type: FileType
    size: int
    sha256: str

    @property
    def content_type(self) -> str:
        return self.type.content_type

    @property
    def extension(self) -> str:
        return self.type.extension


def display_name(uploaded) -> str:
    """The person's file name without any folder part, as a label (never a storage path)."""
    name = getattr(uploaded, "name", "") or "文件"
    return str(name).replace("\\", "/").rsplit("/", 1)[-1][:200] or "文件"


def _size(uploaded) -> int:
    size = getattr(uploaded, "size", None)
    if size is None:
        position = uploaded.tell()
        uploaded.seek(0, io.SEEK_END)
        size = uploaded.tell()
        uploaded.seek(position)
    return size


def _size_text(size: int, cap: int) -> str:
    """``20.3 MB``; exact bytes when the rounded figure would not show it is over the cap."""
    shown = f"{size / MB:.1f} MB"
    if round(size / MB, 1) <= cap / MB:
        shown += f"（{size:,} 字节）"
    return shown


def refusal(kind: Kind, name: str, received: str) -> str:
    """``文件“x”：只能上传 PDF、JPG、PNG 文件，且不超过 15 MB；收到的是 HTML 文件``."""
    return (
        f"文件“{name}”：只能上传 {kind.allowed} 文件，且不超过 {kind.max_bytes // MB} MB；"
        f"{received}"
    )


def sha256_of(uploaded) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    if hasattr(uploaded, "chunks"):
        for chunk in uploaded.chunks():
            digest.update(chunk)
    else:
        for chunk in iter(lambda: uploaded.read(MB), b""):
            digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def accept(uploaded, kind: Kind, *, field: str = "file") -> Accepted:
    """The upload when it is of ``kind`` (type by content, size under the cap), else a
    :class:`DomainError` on ``field`` saying what was refused and what is allowed. ``uploaded``
    is a Django ``UploadedFile`` or any binary file object with a ``name``. Reads the file (the
    head, then a digest); stores nothing."""
    name = display_name(uploaded)
    size = _size(uploaded)
    if size == 0:
        raise DomainError(refusal(kind, name, "收到的是空文件"), field=field)
    if size > kind.max_bytes:
        received = f"收到的文件有 {_size_text(size, kind.max_bytes)}"
        raise DomainError(refusal(kind, name, received), field=field)
    found = filetypes.sniff(uploaded)
    if not kind.takes(found):
        raise DomainError(
            refusal(kind, name, f"收到的是{filetypes.spaced(found.label)}文件"), field=field
        )
    accepted_type = filetypes.CSV if found == filetypes.TEXT else found
    return Accepted(name=name, type=accepted_type, size=size, sha256=sha256_of(uploaded))


def accept_bytes(name: str, content: bytes, kind: Kind, *, field: str = "file") -> Accepted:
    """:func:`accept` for bytes already read (a file handed to a domain function)."""
    stream = io.BytesIO(content)
    stream.name = name
    return accept(stream, kind, field=field)


def storage_name(accepted: Accepted, *, prefix: str = "", folder: str = "") -> str:
    """A generated name for the stored copy — ``[folder/][prefix-]<random>.<extension>``, the
    extension of the type the content is: a person's file name never reaches the file system
    or a URL. ``prefix`` and ``folder`` are the caller's own (ids, dates), never user input."""
    name = f"{prefix}-{uuid.uuid4().hex}" if prefix else uuid.uuid4().hex
    name = f"{name}.{accepted.extension}"
    return f"{folder.rstrip('/')}/{name}" if folder else name


class UploadField(forms.FileField):
    """A form's file input of one kind: refused while the form is cleaned, with the kind's
    Chinese message. The checked file carries its :class:`Accepted` as ``.accepted``.

    ``kind_by=("kind", {choice: Kind})`` takes the kind from another field of the form (the
    execution materials: photos, video, documents); such a form is an :class:`UploadForm`, which
    checks the file once that field is cleaned."""

    def __init__(self, *args, kind: Kind | None = None, kind_by=None, **kwargs):
        if (kind is None) == (kind_by is None):
            raise TypeError("UploadField needs kind or kind_by")
        self.kind, self.kind_by = kind, kind_by
        if kind is not None:
            kwargs.setdefault("help_text", kind.help_text)
        super().__init__(*args, **kwargs)

    def kind_for(self, form) -> Kind | None:
        if self.kind is not None:
            return self.kind
        field, kinds = self.kind_by
        return kinds.get(form.cleaned_data.get(field))

    def check(self, upload):
        try:
            upload.accepted = accept(upload, self.kind)
        except DomainError as error:
            raise forms.ValidationError(error.message, code="upload") from None
        return upload

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and self.kind is not None:
            return self.check(upload)
        return upload


class UploadForm(forms.Form):
    """A form whose upload's kind depends on another field (``UploadField(kind_by=…)``)."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            upload = cleaned.get(name)
            if not isinstance(field, UploadField) or field.kind is not None or not upload:
                continue
            kind = field.kind_for(self)
            if kind is None:
                continue  # the choice field has its own error
            try:
                upload.accepted = accept(upload, kind, field=name)
            except DomainError as error:
                self.add_error(name, error.message)
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleUploadField(UploadField):
    """Several files of one kind in one input (Django's documented pattern); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def form_message(form, fallback: str) -> str:
    """For a view that answers an invalid form with one message: the form's upload refusals
    (what was refused and what is allowed), else ``fallback``."""
    refusals = [
        message
        for name, errors in form.errors.items()
        if isinstance(form.fields.get(name), UploadField)
        for message in errors
    ]
    return "；".join(refusals) if refusals else fallback
