"""Messages lead with the sentence a person understands; the rule's code and the notice's clause
follow in small print."""

import pytest
from django.template import Context, Template

from jijiao.common.texts import sentence_first_text, split_rule_message


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        (
            "APP_CREDIT_LIMIT 每项目最多 2.5 学分（温继委办发〔2025〕1号 一.3）",
            ("每项目最多 2.5 学分", "APP_CREDIT_LIMIT", "温继委办发〔2025〕1号 一.3"),
        ),
        ("CRD_REVIEW_CLOSED：已过单位审核截止日", ("已过单位审核截止日", "CRD_REVIEW_CLOSED", "")),
        ("签到记录不全（ATT_NO_SIGN_IN）", ("签到记录不全", "ATT_NO_SIGN_IN", "")),
        ("请填写活动名称", ("请填写活动名称", "", "")),
        # A parenthesis that is not a clause stays in the sentence.
        ("已推荐 1 项（含本项）", ("已推荐 1 项（含本项）", "", "")),
    ],
)
def test_the_code_and_clause_come_apart_from_the_sentence(message, parts):
    assert split_rule_message(message) == parts


def test_pages_show_the_code_and_clause_small_after_the_sentence():
    html = Template("{% load texts %}{{ m|sentence_first }}").render(
        Context({"m": "APP_CREDIT_LIMIT 每项目最多 2.5 学分（温继委办发〔2025〕1号 一.3）"})
    )
    assert html == (
        '每项目最多 2.5 学分 <small class="rule-ref"><code>APP_CREDIT_LIMIT</code> '
        "温继委办发〔2025〕1号 一.3</small>"
    )


def test_exports_put_the_code_and_clause_after_the_sentence():
    assert sentence_first_text("APP_X 超过上限（温继委办发〔2025〕1号 一.3）") == (
        "超过上限（APP_X，温继委办发〔2025〕1号 一.3）"
    )


def test_codes_in_text_are_small_print():
    html = Template("{% load texts %}{{ t|small_codes }}").render(
        Context({"t": "wenzhou-demo 温州<市>"})
    )
    assert html == "<small><code>wenzhou-demo</code></small> 温州&lt;市&gt;"
