"""What the audit views share: file downloads."""

from urllib.parse import quote

from django.http import HttpResponse

PDF = "application/pdf"


def download(content: bytes, filename: str, content_type: str = PDF) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
