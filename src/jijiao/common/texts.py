"""Texts as a person reads them: the sentence first, the rule's code and the clause after."""

import re

RULE_CODE = re.compile(r"\b[A-Z]{2,4}(?:_[A-Z0-9]+)+\b")
LEADING_CODE = re.compile(r"^\s*(?P<code>[A-Z]{2,4}(?:_[A-Z0-9]+)+)\s*[：:，,]?\s*")
# A clause of a notice: 温继委办发〔2025〕1号 一.3, 附件1, 通知, 办法 …
TRAILING_CITE = re.compile(
    r"[（(](?P<cite>[^（）()]*(?:号|附件|通知|办法|规则|规定|〔)[^（）()]*)[）)]\s*[。.]?\s*$"
)
TRAILING_CODE = re.compile(r"[（(]\s*(?P<code>[A-Z]{2,4}(?:_[A-Z0-9]+)+)\s*[）)]\s*[。.]?\s*$")


def split_rule_message(message: str) -> tuple[str, str, str]:
    """``(sentence, code, cite)`` of a message such as ``APP_X 学分超过上限（温继委办发〔2025〕1号
    一.3）``; the code and cite are empty when the message has none."""
    text = message.strip()
    code = cite = ""
    lead = LEADING_CODE.match(text)
    if lead and len(text) > lead.end():
        code, text = lead.group("code"), text[lead.end() :]
    for _ in range(2):
        trailing = TRAILING_CODE.search(text)
        if trailing and not code:
            code, text = trailing.group("code"), text[: trailing.start()].rstrip()
            continue
        trailing = TRAILING_CITE.search(text)
        if trailing and not cite:
            cite, text = trailing.group("cite").strip(), text[: trailing.start()].rstrip()
            continue
        break
    return text, code, cite


def sentence_first_text(message: str) -> str:
    """The same for a plain-text cell (an export):
    ``学分超过上限（APP_X，温继委办发〔2025〕1号）``."""
    sentence, code, cite = split_rule_message(message)
    tail = "，".join(part for part in (code, cite) if part)
    return f"{sentence}（{tail}）" if tail else sentence
