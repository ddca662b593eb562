"""What a person reads first: the sentence; the rule's code and the notice's clause after it, in
small print (``{% load texts %}``)."""

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from jijiao.common.texts import split_rule_message

register = template.Library()


def _small(sentence: str, code: str, cite: str) -> str:
    if not code and not cite:
        return format_html("{}", sentence)
    return format_html(
        '{} <small class="rule-ref">{}{}{}</small>',
        sentence,
        format_html("<code>{}</code>", code) if code else "",
        " " if code and cite else "",
        cite,
    )


@register.filter
def sentence_first(message) -> str:
    """``APP_CREDIT_LIMIT 学分超过上限（温继委办发〔2025〕1号 一.3）`` → ``学分超过上限``
    then ``APP_CREDIT_LIMIT 温继委办发〔2025〕1号 一.3`` small."""
    # Several findings in one message (``A（X）；B（Y）``): each sentence with its own code.
    parts = [_small(*split_rule_message(part)) for part in str(message).split("；")]
    return mark_safe("；".join(parts))  # noqa: S308 — every part escaped by format_html


@register.simple_tag
def finding(f) -> str:
    """A rule finding (``code``, ``message``): its message, then its code and clause small."""
    code = f["code"] if isinstance(f, dict) else f.code
    message = f["message"] if isinstance(f, dict) else f.message
    sentence, found_code, cite = split_rule_message(str(message))
    return _small(sentence, found_code or code, cite)


@register.simple_tag
def finding_text(f) -> str:
    """A finding for print or a spreadsheet: ``学分超过上限（APP_X，温继委办发〔2025〕1号）``."""
    code = f["code"] if isinstance(f, dict) else f.code
    message = f["message"] if isinstance(f, dict) else f.message
    sentence, found_code, cite = split_rule_message(str(message))
    tail = "，".join(part for part in (found_code or code, cite) if part)
    return f"{sentence}（{tail}）"


LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_.:/-]*[A-Za-z0-9]|[A-Za-z]")


@register.filter
def small_codes(value) -> str:
    """Text with the codes in it (a pack ID, a username) in small code print."""
    text = str(value)
    parts, last = [], 0
    for match in LATIN_TOKEN.finditer(text):
        parts.append(format_html("{}", text[last : match.start()]))
        parts.append(format_html("<small><code>{}</code></small>", match.group()))
        last = match.end()
    parts.append(format_html("{}", text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 — every part escaped by format_html
