"""PDF output shared by every area: HTML templates rendered by WeasyPrint.

The Chinese text is set in the Debian fonts of ``fonts-noto-cjk`` (``Noto Serif CJK SC`` for the
body, ``Noto Sans CJK SC`` for headings), found by family name through fontconfig; nothing is
copied into the repository. WeasyPrint embeds the subset it uses, so the PDF prints the same
anywhere and its text can be extracted (pdftotext) and searched.
"""

from django.template.loader import render_to_string

BODY_FONT = "Noto Serif CJK SC"
HEADING_FONT = "Noto Sans CJK SC"


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes. The template carries its own ``<style>``; nothing
    is fetched from the network (the system runs offline): only ``data:`` URLs are read."""
    # WeasyPrint takes about a second to import; only the requests that print pay for it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(
        template_name, {**context, "body_font": BODY_FONT, "heading_font": HEADING_FONT}
    )
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
