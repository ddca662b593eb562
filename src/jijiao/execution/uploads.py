"""Materials of a report: the type is read from the content (magic bytes), never from the name
or the browser's claim, and each kind has its own types and size limit."""

import hashlib
import zipfile
from dataclasses import dataclass

from jijiao.common.errors import DomainError

MB = 1024 * 1024


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str
    label: str


def _zip_office(upload) -> Sniffed | None:
    """DOCX and XLSX are ZIP files; tell them apart by their parts."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    if any(n.startswith("word/") for n in names):
        return Sniffed(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
            "Word",
        )
    if any(n.startswith("xl/") for n in names):
        return Sniffed(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel"
        )
    return None


def sniff_content(upload) -> Sniffed | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return Sniffed("application/pdf", ".pdf", "PDF")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image/jpeg", ".jpg", "JPG")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image/png", ".png", "PNG")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand.startswith(b"qt"):
            return Sniffed("video/quicktime", ".mov", "MOV")
        return Sniffed("video/mp4", ".mp4", "MP4")
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return Sniffed("video/webm", ".webm", "WebM")
    if head.startswith(b"PK\x03\x04"):
        return _zip_office(upload)
    return None


PHOTO = ("JPG", "PNG")
DOCUMENT = ("PDF", "Word", "Excel", "JPG", "PNG")
# kind → (accepted labels, limit in MB)
ACCEPTED: dict[str, tuple[tuple[str, ...], int]] = {
    "banner_photo": (PHOTO, 15),
    "full_view_photo": (PHOTO, 15),
    "video": (("MP4", "MOV", "WebM"), 500),
    "exam_questions": (DOCUMENT, 15),
    "attendee_list": (DOCUMENT, 15),
    "other": (DOCUMENT, 15),
}


def check_upload(upload, kind: str) -> Sniffed:
    """The content type of an upload of ``kind``; ``DomainError`` naming what is accepted when
    the content is of another type or the file is too large."""
    if kind not in ACCEPTED:
        raise DomainError("材料类型无效", field="kind")
    labels, limit = ACCEPTED[kind]
    name = getattr(upload, "name", "") or "文件"
    if not upload.size:
        raise DomainError(f"文件「{name}」是空的", field="file")
    if upload.size > limit * MB:
        size = upload.size / MB
        raise DomainError(f"文件「{name}」为 {size:.1f} MB，超过 {limit} MB 上限", field="file")
    sniffed = sniff_content(upload)
    if sniffed is None or sniffed.label not in labels:
        accepted = "、".join(labels)
        raise DomainError(f"文件「{name}」不是 {accepted} 格式（按文件内容判断）", field="file")
    return sniffed


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
