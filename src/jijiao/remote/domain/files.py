"""Uploaded files of remote education: typed by their first bytes, never by their names.

Qualification and decision documents are PDF, JPG or PNG of at most 15 MB; course videos are
WebM or MP4 (what phone and computer browsers play without plug-ins).
"""

import hashlib
import uuid
from dataclasses import dataclass

from jijiao.common.errors import DomainError

DOCUMENT_MAX_BYTES = 15 * 1024 * 1024
VIDEO_MAX_BYTES = 2 * 1024 * 1024 * 1024

DOCUMENT_SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


@dataclass(frozen=True)
class Sniffed:
    name: str
    content_type: str
    extension: str
    size: int
    sha256: str

    def stored_name(self) -> str:
        return f"{uuid.uuid4().hex}.{self.extension}"


def _name(uploaded) -> str:
    return (getattr(uploaded, "name", "") or "文件").replace("\\", "/").rsplit("/", 1)[-1][:200]


def _digest(uploaded) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _head(uploaded, name: str, field: str) -> bytes:
    if not uploaded.size:
        raise DomainError(f"文件“{name}”是空文件，请重新选择", field=field)
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    return head


def sniff_document(uploaded, *, field: str = "file") -> Sniffed:
    """A PDF, JPG or PNG of at most 15 MB, or a :class:`DomainError` saying what is wrong."""
    name = _name(uploaded)
    if uploaded.size > DOCUMENT_MAX_BYTES:
        raise DomainError(
            f"文件“{name}”大小为 {_megabytes(uploaded.size)}，超过 15 MB 上限，请压缩后重新上传",
            field=field,
        )
    head = _head(uploaded, name, field)
    for magic, content_type, extension in DOCUMENT_SIGNATURES:
        if head.startswith(magic):
            return Sniffed(name, content_type, extension, uploaded.size, _digest(uploaded))
    raise DomainError(
        f"文件“{name}”不是 PDF、JPG 或 PNG 文件（按文件内容识别，与文件名无关），"
        "请转换为这三种格式之一后重新上传",
        field=field,
    )


def video_kind(head: bytes) -> tuple[str, str] | None:
    """WebM/Matroska starts with the EBML magic; MP4 has ``ftyp`` at offset 4."""
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm", "webm"
    if head[4:8] == b"ftyp":
        return "video/mp4", "mp4"
    return None


def sniff_video(uploaded, *, field: str = "file") -> Sniffed:
    """A WebM or MP4 video, or a :class:`DomainError`."""
    name = _name(uploaded)
    if uploaded.size > VIDEO_MAX_BYTES:
        raise DomainError(f"视频“{name}”超过 2 GB 上限", field=field)
    kind = video_kind(_head(uploaded, name, field))
    if kind is None:
        raise DomainError(
            f"文件“{name}”不是 WebM 或 MP4 视频（按文件内容识别），请转换后重新上传", field=field
        )
    return Sniffed(name, kind[0], kind[1], uploaded.size, _digest(uploaded))
