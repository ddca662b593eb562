"""QR codes drawn as inline SVG by segno, on our own pages (no external service)."""

import segno
from django.utils.safestring import mark_safe


def qr_svg(content: str, *, title: str, scale: int = 8) -> str:
    svg = segno.make(content, error="m").svg_inline(
        scale=scale, border=4, dark="#000", light="#fff", title=title, omitsize=True
    )
    return mark_safe(svg)  # noqa: S308 — segno's own markup; the content is only in the path
