"""A crawl of what a person can reach: the workbench, the menu, and the pages they link to.

For each page it reports what a person would stumble over:

- on a phone, an action (a link or button in the page's main part) that lies outside the
  viewport, or a page that scrolls sideways;
- an English word in the visible text, other than names, file names and codes shown in small
  print (``<small>``, ``<code>``) and the few product names a person reads as names.

Pages are visited with GET only, one of each URL shape (digits stand for any number), to two
links' depth from the workbench, so the crawl stays short enough for a 2-core machine.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

# What a person reads as a name, not as English: file formats, the QR code, product names.
NAMES = {
    *("PDF", "Excel", "QR", "CSV", "ID", "TOML", "API", "JSON", "WeChat", "CME", "SCI", "SSCI"),
    *("SQLite", "PostgreSQL", "MB", "JPG", "PNG", "XLSX"),
    # File formats and sizes as the upload help and file lists name them (MP4 reads as MP).
    *("PPT", "MOV", "MP", "WebM", "Word", "KB", "GB"),
}

# Links that change something or leave the page's world.
SKIP = re.compile(
    r"/logout/|/api/|/static/|/media/|\.(pdf|xlsx|csv|zip|png|svg)(\?|$)|/download|/export"
    r"|[?&](export|format)=|/(pdf|xlsx|excel|print|certificate\.pdf)/?$"
)

VISIBLE_TEXT_JS = """
() => {
  const skip = new Set(['SCRIPT', 'STYLE', 'SMALL', 'CODE', 'KBD', 'NOSCRIPT', 'TEMPLATE']);
  const out = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) { out.push(node.textContent); return; }
    if (node.nodeType !== Node.ELEMENT_NODE || skip.has(node.tagName)) return;
    if (node.classList.contains('code') || node.hasAttribute('data-name')) return;
    const style = getComputedStyle(node);
    if (style.display === 'none' || style.visibility === 'hidden') return;
    for (const child of node.childNodes) walk(child);
    if (node.tagName === 'SELECT') return;
  };
  walk(document.body);
  for (const el of document.querySelectorAll('input[type=submit], input[type=button]')) {
    out.push(el.value);
  }
  for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    out.push(el.placeholder);
  }
  return out.join(' ');
}
"""

ACTIONS_OUTSIDE_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  const scope = document.querySelector('main') || document.body;
  const selector = 'a[href], button, input[type=submit], select, input[type=checkbox]';
  for (const el of scope.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    if (r.left < -1 || r.right > width + 1) {
      const name = (el.innerText || el.value || el.name || el.tagName).trim().slice(0, 30);
      out.push(`${name} (${Math.round(r.left)}–${Math.round(r.right)}px)`);
    }
  }
  return out;
}
"""

LINKS_JS = """
() => Array.from(document.querySelectorAll('nav.mainnav a[href], main a[href]'))
  .filter(a => !a.hasAttribute('download') && !a.target)
  .map(a => a.href)
"""

ENGLISH = re.compile(r"[A-Za-z][A-Za-z'’-]+")


def shape(url: str) -> str:
    """The URL's pattern: digits and long hex stand for any value; query values ignored."""
    parts = urlsplit(url)
    path = re.sub(r"\d+", "N", parts.path)
    path = re.sub(r"[0-9a-f]{16,}", "H", path)
    keys = sorted(q.split("=")[0] for q in parts.query.split("&") if q)
    return path + ("?" + "&".join(keys) if keys else "")


# A version's short hash (e.g. 版本 3a9ed12b45ef on the pack diff page) is a code, not English.
HEX = re.compile(r"\b[0-9a-f]{8,}\b")


def english_words(text: str) -> list[str]:
    words = []
    for word in ENGLISH.findall(HEX.sub(" ", text)):
        if word in NAMES or word.upper() in NAMES:
            continue
        words.append(word)
    return words


@dataclass
class Findings:
    pages: list[str] = field(default_factory=list)
    english: dict[str, list[str]] = field(default_factory=dict)
    outside: dict[str, list[str]] = field(default_factory=dict)
    sideways: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    def report(self) -> str:
        lines = []
        for url, words in self.english.items():
            lines.append(f"英文 {url}: {sorted(set(words))[:12]}")
        for url, items in self.outside.items():
            lines.append(f"超出屏幕 {url}: {items[:6]}")
        for url, w in self.sideways.items():
            lines.append(f"横向滚动 {url}: 页面宽 {w}px")
        for url, status in self.errors.items():
            lines.append(f"出错 {url}: HTTP {status}")
        return "\n".join(lines)


def crawl(
    page: Page,
    base: str,
    *,
    layout: bool,
    depth: int = 2,
    start: str = "/",
    per_shape: int = 1,
    limit: int = 80,
) -> Findings:
    """Visit the pages reachable from ``start`` (signed in already) and collect the findings.
    ``layout`` checks the phone layout (actions in the viewport, no sideways scroll)."""
    findings = Findings()
    seen_shapes: dict[str, int] = {}
    seen: set[str] = set()
    frontier = [base + start]
    for level in range(depth + 1):
        next_frontier: list[str] = []
        for url in frontier:
            url = urldefrag(url)[0]
            if url in seen or not url.startswith(base) or SKIP.search(url):
                continue
            key = shape(url)
            if seen_shapes.get(key, 0) >= per_shape or len(findings.pages) >= limit:
                continue
            seen.add(url)
            seen_shapes[key] = seen_shapes.get(key, 0) + 1
            try:
                response = page.goto(url)
            except PlaywrightError as error:  # a file download, not a page
                if "Download is starting" in str(error):
                    continue
                raise
            if response is None:
                continue
            content_type = response.headers.get("content-type", "")
            if "text/html" not in content_type:
                continue
            path = url[len(base) :]
            findings.pages.append(path)
            if response.status >= 400:
                findings.errors[path] = response.status
            words = english_words(page.evaluate(VISIBLE_TEXT_JS))
            if words:
                findings.english[path] = words
            if layout:
                outside = page.evaluate(ACTIONS_OUTSIDE_JS)
                if outside:
                    findings.outside[path] = outside
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > page.evaluate("document.documentElement.clientWidth") + 1:
                    findings.sideways[path] = width
            if level < depth:
                next_frontier.extend(page.evaluate(LINKS_JS))
        frontier = next_frontier
    return findings


def assert_fits_phone(page: Page) -> None:
    """Every action of the page lies inside the screen, and the page does not scroll sideways."""
    assert page.evaluate(ACTIONS_OUTSIDE_JS) == [], page.url
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("document.documentElement.clientWidth") + 1, (page.url, width)
