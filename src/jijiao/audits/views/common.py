"""What the audit views share: file downloads (the common download response)."""

from django.http import HttpResponse

from jijiao.common import downloads
from jijiao.common.downloads import PDF


def download(content: bytes, filename: str, content_type: str = PDF) -> HttpResponse:
    """A printed audit document or export, as an attachment."""
    return downloads.download(content, filename, content_type, inline=False)
