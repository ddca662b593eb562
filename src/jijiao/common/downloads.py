"""The one download response: an RFC 6266 ``Content-Disposition`` with the Chinese file name
(``filename*=UTF-8''…``) and an ASCII fallback, ``X-Content-Type-Options: nosniff``, and
``inline`` only for PDF and images — anything else is an attachment, so no stored file is ever
rendered by the browser as a page of ours."""

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, HttpResponse

INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"


def _fallback(filename: str) -> str:
    """An ASCII stand-in for clients that ignore ``filename*``, the extension kept."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    plain = re.sub(r"[^A-Za-z0-9_-]+", "_", plain).strip("_") or "download"
    extension = re.sub(r"[^A-Za-z0-9]+", "", extension)
    return f"{plain[:100]}.{extension}" if extension else plain[:100]


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """``attachment; filename="fallback.xlsx"; filename*=UTF-8''%E4%BA%BA…`` (RFC 6266/5987)."""
    filename = filename.replace("\r", " ").replace("\n", " ").replace("/", "_").replace("\\", "_")
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{_fallback(filename)}\"; filename*=UTF-8''{quote(filename)}"


def _finish(response, filename: str, content_type: str, inline: bool | None):
    shown_type = content_type.split(";")[0].strip().lower()
    show_inline = shown_type in INLINE_TYPES and inline is not False
    response["Content-Disposition"] = content_disposition(filename, inline=show_inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def download(
    content: bytes, filename: str, content_type: str, *, inline: bool | None = None
) -> HttpResponse:
    """Bytes made here (an export, a printed PDF) as a download named ``filename``. PDF and
    images open in the browser unless ``inline=False``; other types are always attachments."""
    response = HttpResponse(content, content_type=content_type)
    return _finish(response, filename, content_type, inline)


def download_file(
    file, filename: str, content_type: str, *, inline: bool | None = None
) -> FileResponse:
    """A stored file (opened for reading) streamed as a download, as :func:`download`.
    ``content_type`` is the type sniffed when the file was accepted, never the person's claim."""
    response = FileResponse(file, content_type=content_type)
    return _finish(response, filename, content_type, inline)


_STORED_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "webm": "video/webm",
    "xlsx": XLSX,
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": CSV,
}


def stored_type(path: str) -> str:
    """The content type of a stored file by the extension its generated name carries (the
    sniffed type's); anything else — a name kept from before files were typed — is served as
    ``application/octet-stream``, never as a page."""
    extension = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return _STORED_TYPES.get(extension, "application/octet-stream")
