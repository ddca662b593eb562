"""Materials of a report: each kind of material is a kind of upload (``jijiao.common.uploads``)
with its own types and cap — photos, the video, documents."""

from jijiao.common import uploads
from jijiao.common.errors import DomainError
from jijiao.common.uploads import Accepted

# material kind → upload kind
KINDS: dict[str, uploads.Kind] = {
    "banner_photo": uploads.PHOTO,
    "full_view_photo": uploads.PHOTO,
    "video": uploads.EXECUTION_VIDEO,
    "screen_recording": uploads.EXECUTION_VIDEO,
    "exam_questions": uploads.MATERIAL,
    "attendee_list": uploads.MATERIAL,
    "other": uploads.MATERIAL,
}


def check_upload(upload, kind: str) -> Accepted:
    """The upload as a material of ``kind``; ``DomainError`` naming what is accepted when the
    content is of another type or the file is too large."""
    if kind not in KINDS:
        raise DomainError("材料类型无效", field="kind")
    return uploads.accept(upload, KINDS[kind])


def help_text() -> str:
    return (
        f"照片 {uploads.PHOTO.help_text}；视频、录屏 {uploads.EXECUTION_VIDEO.help_text}；"
        f"试题、名册 {uploads.MATERIAL.help_text}"
    )
