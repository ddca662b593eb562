"""The PDF download: the shared renderer (``jijiao.common.documents.pdf``) and an attachment
response."""

from urllib.parse import quote

from django.http import HttpResponse

from jijiao.common.documents.pdf import render_pdf

__all__ = ["pdf_response", "render_pdf"]


def pdf_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
