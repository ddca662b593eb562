"""Charts drawn on the server as inline SVG: no script, nothing fetched, printable.

Every bar (or segment of a stacked bar) is a link to the list behind it and carries its value
as a tooltip (``<title>``); each chart is drawn in a 360-unit wide box that scales to the page,
so at 390 px one unit is about one pixel and the 12-unit labels stay readable. Colours are
presentation attributes, not inline styles, so the site's CSP (``style-src 'self'``) holds.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 360
PALETTE = ["#2e7d32", "#1565c0", "#c62828", "#9e9e9e", "#ef6c00", "#6a1b9a"]


@dataclass
class Segment:
    key: str
    label: str
    colour: str


@dataclass
class Bar:
    """One bar: its label (and where the label leads), values by segment with their links,
    and an optional note printed after the total (a rate, a mean)."""

    label: str
    url: str = ""
    values: list[tuple[int | Decimal, str]] = field(default_factory=list)
    note: str = ""

    @property
    def total(self):
        return sum((v for v, _url in self.values), 0)


def _f(value: float) -> str:
    return f"{value:.1f}"


def _number(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:.1f}" if value != value.to_integral() else f"{int(value)}"
    return str(value)


def _join(parts) -> SafeString:
    """Markup made by format_html, joined (each part already escaped)."""
    return format_html_join("", "{}", ((part,) for part in parts))


def _link(url: str, inner: SafeString) -> SafeString:
    return format_html('<a href="{}">{}</a>', url, inner) if url else inner


def _legend(segments: list[Segment], y: int) -> tuple[str, int]:
    parts, x = [], 0
    for segment in segments:
        width = 16 + 12 * len(segment.label)
        if x + width > WIDTH:
            x, y = 0, y + 18
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"></rect>'
                '<text x="{}" y="{}" font-size="12" fill="#333">{}</text>',
                x,
                y,
                segment.colour,
                x + 14,
                y + 10,
                segment.label,
            )
        )
        x += width + 8
    return _join(parts), y + 22 if segments else y


def hbars(
    title: str, bars: list[Bar], segments: list[Segment], *, scale_max=None, unit: str = ""
) -> SafeString:
    """Horizontal (stacked) bars, one row each: the label on a line, the bar under it with
    the total and the note at its right."""
    legend, top = _legend(segments if len(segments) > 1 else [], 0)
    largest = scale_max or max((b.total for b in bars), default=0) or 1
    bar_room = WIDTH - 140
    row_height = 40
    height = top + row_height * max(len(bars), 1) + 4
    parts = [legend]
    for index, bar in enumerate(bars):
        y = top + index * row_height
        parts.append(
            _link(
                bar.url,
                format_html(
                    '<text x="0" y="{}" font-size="12" fill="#1a4f8b">{}</text>', y + 12, bar.label
                ),
            )
        )
        x = 0.0
        for (value, url), segment in zip(bar.values, segments, strict=False):
            if not value:
                continue
            width = max(float(value) / float(largest) * bar_room, 2.0)
            rect = format_html(
                '<rect x="{}" y="{}" width="{}" height="16" fill="{}">'
                "<title>{}：{}{}</title></rect>",
                _f(x),
                y + 17,
                _f(width),
                segment.colour,
                f"{bar.label} {segment.label}" if len(segments) > 1 else bar.label,
                _number(value),
                unit,
            )
            parts.append(_link(url, rect))
            x += width
        label = _number(bar.total) + unit + (f"  {bar.note}" if bar.note else "")
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" fill="#333">{}</text>',
                _f(x + 4),
                y + 30,
                label,
            )
        )
    if not bars:
        parts.append(
            format_html('<text x="0" y="{}" font-size="12" fill="#666">暂无数据</text>', top + 16)
        )
    return _svg(title, height, _join(parts))


def vbars(title: str, bars: list[Bar], *, colour: str = PALETTE[1], unit: str = "") -> SafeString:
    """Vertical bars side by side (e.g. the twelve months), the value over each bar."""
    count = max(len(bars), 1)
    slot = WIDTH / count
    plot = 110
    largest = max((b.total for b in bars), default=0) or 1
    parts = []
    for index, bar in enumerate(bars):
        x = index * slot
        value = bar.total
        height = float(value) / float(largest) * plot if value else 0
        y = 16 + plot - height
        inner = format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}：{}{}</title></rect>',
            _f(x + slot * 0.15),
            _f(y),
            _f(slot * 0.7),
            _f(max(height, 0.5)),
            colour,
            bar.label,
            _number(value),
            unit,
        )
        parts.append(_link(bar.url, inner))
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#333">{}</text>',
                _f(x + slot / 2),
                _f(y - 3),
                _number(value),
            )
        )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#333">{}</text>',
                _f(x + slot / 2),
                16 + plot + 14,
                bar.label,
            )
        )
    return _svg(title, 16 + plot + 20, _join(parts))


def _svg(title: str, height: int, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        "<title>{}</title>{}</svg>",
        WIDTH,
        height,
        title,
        body,
    )
