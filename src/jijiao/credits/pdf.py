"""PDF from an HTML template with WeasyPrint, Chinese set in the Debian ``fonts-noto-cjk`` fonts
(found by family name through fontconfig, embedded as subsets, so pdftotext reads them back).

Kept small and local until the shared ``jijiao.documents.pdf`` is in the repository; same
signature and the same ``body_font`` / ``heading_font`` context, so switching is one import.
"""

from django.template.loader import render_to_string

BODY_FONT = "Noto Serif CJK SC"
HEADING_FONT = "Noto Sans CJK SC"


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template (which carries its own ``<style>``) to PDF bytes. Nothing is fetched
    from the network: the system runs offline; only ``data:`` URLs are read."""
    # WeasyPrint takes a second to import; only the pages that print need it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(
        template_name, {**context, "body_font": BODY_FONT, "heading_font": HEADING_FONT}
    )
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
