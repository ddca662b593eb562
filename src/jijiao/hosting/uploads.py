"""Uploaded evidence (stamped notices, correction evidence, inspection photos): PDF, JPG or PNG
of at most 15 MB, the type read from the content, never from the name or the browser's claim."""

from jijiao.common.errors import DomainError

MAX_BYTES = 15 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)


def sniff(upload, *, field: str = "file") -> tuple[str, str]:
    """The content type and extension of an uploaded file; ``DomainError`` when it is not a
    PDF/JPG/PNG or is larger than 15 MB."""
    name = getattr(upload, "name", "") or "文件"
    if upload.size > MAX_BYTES:
        size_mb = upload.size / 1024 / 1024
        raise DomainError(f"文件「{name}」为 {size_mb:.1f} MB，超过 15 MB 上限", field=field)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    raise DomainError(f"文件「{name}」不是 PDF、JPG 或 PNG 格式（按文件内容判断）", field=field)
