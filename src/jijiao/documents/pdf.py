"""PDF output shared by every area: HTML templates rendered by WeasyPrint.

The Chinese text is set in the Debian fonts of ``fonts-noto-cjk`` (``Noto Serif CJK SC`` for the
body, ``Noto Sans CJK SC`` for headings), found by family name through fontconfig; nothing is
copied into the repository. WeasyPrint embeds the subset it uses, so the PDF prints the same
anywhere and its text can be extracted (pdftotext) and searched.
"""

import logging

from django.template.loader import render_to_string
from weasyprint import HTML

# WeasyPrint reports every layout step at INFO; the server's log has no use for them.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

BODY_FONT = "Noto Serif CJK SC"
HEADING_FONT = "Noto Sans CJK SC"


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes. The template carries its own ``<style>``; it may
    not load anything from the network (the system runs offline)."""
    html = render_to_string(
        template_name, {**context, "body_font": BODY_FONT, "heading_font": HEADING_FONT}
    )
    return HTML(string=html, base_url=None, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"PDF 模板不得引用外部资源：{url}")
