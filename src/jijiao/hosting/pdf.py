"""The PDF download: the shared renderer (``jijiao.common.documents.pdf``) and an attachment
response."""

from django.http import HttpResponse

from jijiao.common.documents.pdf import render_pdf
from jijiao.common.downloads import PDF, download

__all__ = ["pdf_response", "render_pdf"]


def pdf_response(filename: str, content: bytes) -> HttpResponse:
    return download(content, filename, PDF, inline=False)
