"""PDF from an HTML template with WeasyPrint, the CJK font (Debian fonts-noto-cjk) embedded.

Kept small and local until the shared ``jijiao.documents.pdf`` lands; same signature.
"""

from urllib.parse import quote

from django.http import HttpResponse
from django.template.loader import render_to_string


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"PDF 模板不得引用外部资源：{url}")


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template (which carries its own ``<style>``) to PDF bytes."""
    from weasyprint import HTML  # loading WeasyPrint costs time; only PDF views need it

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=None, url_fetcher=_no_fetch).write_pdf()


def pdf_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
