"""What a file is, read from its first bytes (its "magic number") — never from its name or the
browser's claim. Pure Python, no Django: the upload guard, the workbook reader and the engine's
callers all ask here, and nowhere else in the code base looks at magic bytes.
"""

import io
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

HEAD_BYTES = 512


@dataclass(frozen=True)
class FileType:
    """One type the system can recognise: the label people read, the content type we serve it
    as, and the extension its stored copy gets."""

    label: str
    content_type: str
    extension: str


PDF = FileType("PDF", "application/pdf", "pdf")
JPG = FileType("JPG", "image/jpeg", "jpg")
PNG = FileType("PNG", "image/png", "png")
GIF = FileType("GIF", "image/gif", "gif")
WEBP = FileType("WebP", "image/webp", "webp")
MP4 = FileType("MP4", "video/mp4", "mp4")
MOV = FileType("MOV", "video/quicktime", "mov")
WEBM = FileType("WebM", "video/webm", "webm")
XLSX = FileType(
    "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
)
DOCX = FileType(
    "Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
)
CSV = FileType("CSV", "text/csv", "csv")
# Recognised only to say what was refused.
XLS = FileType("旧版 Excel (.xls)", "application/vnd.ms-excel", "xls")
DOC = FileType("旧版 Word (.doc)", "application/msword", "doc")
ZIP = FileType("ZIP 压缩", "application/zip", "zip")
HTML = FileType("HTML", "text/html", "html")
SVG = FileType("SVG", "image/svg+xml", "svg")
XML = FileType("XML", "application/xml", "xml")
TEXT = FileType("文本", "text/plain", "txt")
EXECUTABLE = FileType("可执行程序", "application/octet-stream", "bin")
UNKNOWN = FileType("无法识别类型的", "application/octet-stream", "bin")

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<meta")


def spaced(label: str) -> str:
    """A type's label between Chinese words: spaces around Latin letters only (``收到的是 HTML
    文件``, ``收到的是文本文件``)."""
    left = " " if label[:1].isascii() else ""
    right = " " if label[-1:].isascii() else ""
    return f"{left}{label}{right}"


def head_of(source: BinaryIO, size: int = HEAD_BYTES) -> bytes:
    """The first bytes of a file object, leaving its position at the start."""
    source.seek(0)
    head = source.read(size)
    source.seek(0)
    return head


def _zip_type(source: BinaryIO) -> FileType:
    """DOCX and XLSX are ZIP files: tell them apart by their parts (only the directory is read)."""
    try:
        source.seek(0)
        with zipfile.ZipFile(source) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return ZIP
    finally:
        source.seek(0)
    if "xl/workbook.xml" in names:
        return XLSX
    if "word/document.xml" in names:
        return DOCX
    return ZIP


def _text_type(head: bytes) -> FileType | None:
    """HTML, SVG, XML or plain text, when the head decodes as text."""
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the head is still text.
            if error.start >= len(head) - 3:
                text = head[: error.start].decode(encoding)
                break
    else:
        return None
    if "\x00" in text:
        return None
    lowered = text.lstrip("\ufeff \t\r\n").lower().encode()
    if lowered.startswith(_HTML_STARTS) or b"<script" in lowered or b"<html" in lowered:
        return HTML
    if lowered.startswith(b"<svg") or b"<svg" in lowered[:200]:
        return SVG
    if lowered.startswith(b"<?xml"):
        return XML
    return TEXT


def sniff(source: BinaryIO) -> FileType:
    """The type a file's content says it is, whatever it is called."""
    head = head_of(source)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp":
        return MOV if head[8:10] == b"qt" else MP4
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return WEBM
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(source)
    if head.startswith(_OLE2):
        return XLS if b"W\x00o\x00r\x00d" not in head else DOC
    if head.startswith((b"MZ", b"\x7fELF", b"#!")):
        return EXECUTABLE
    return _text_type(head) or UNKNOWN


def sniff_bytes(content: bytes) -> FileType:
    return sniff(io.BytesIO(content))


_KNOWN = (PDF, JPG, PNG, GIF, WEBP, MP4, MOV, WEBM, XLSX, DOCX, CSV)


def label_of(content_type: str) -> str:
    """``PDF`` for ``application/pdf``: the label of a stored file's sniffed type."""
    return next((t.label for t in _KNOWN if t.content_type == content_type), content_type)
