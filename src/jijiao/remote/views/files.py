"""Course videos for our player, with byte ranges: phones (Safari) play only what can be
fetched by range, and Chromium needs ranges to let the player move back."""

import re

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404

from jijiao.remote.models import CourseVideo
from jijiao.remote.queries import courses_for_user

RANGE = re.compile(r"bytes=(\d*)-(\d*)")
CHUNK = 64 * 1024


def _chunks(handle, start: int, length: int):
    handle.seek(start)
    left = length
    try:
        while left > 0:
            data = handle.read(min(CHUNK, left))
            if not data:
                break
            left -= len(data)
            yield data
    finally:
        handle.close()


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """``(start, end)`` inclusive, or ``None`` when the range cannot be served."""
    match = RANGE.fullmatch(header.strip())
    if match is None or not (match.group(1) or match.group(2)):
        return None
    if not match.group(1):  # the last N bytes
        length = int(match.group(2))
        return (max(0, size - length), size - 1) if length else None
    start = int(match.group(1))
    end = int(match.group(2)) if match.group(2) else size - 1
    if start >= size or end < start:
        return None
    return start, min(end, size - 1)


@login_required
def video_file(request, video_pk: int):
    """Stream a video of a course the account may see (404 outside)."""
    video = get_object_or_404(
        CourseVideo.objects.filter(course__in=courses_for_user(request.user)), pk=video_pk
    )
    if not video.file:
        raise Http404
    size = video.file.size
    header = request.headers.get("Range")
    if not header:
        response = FileResponse(video.file.open("rb"), content_type=video.content_type)
    else:
        byte_range = _byte_range(header, size)
        if byte_range is None:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        start, end = byte_range
        length = end - start + 1
        response = StreamingHttpResponse(
            _chunks(video.file.open("rb"), start, length),
            status=206,
            content_type=video.content_type,
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, max-age=3600"
    return response
