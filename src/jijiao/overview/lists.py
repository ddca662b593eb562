"""The filters of the lists behind the figures, read from the address and said in words."""

from django.http import Http404

from jijiao.credits.models import LedgerEntry
from jijiao.credits.vocab import LEVEL_LABELS as CREDIT_LEVEL_LABELS
from jijiao.hosting.models import Sanction
from jijiao.orgs.models import Unit
from jijiao.overview.figures_credits import AGES, CLASSES
from jijiao.overview.queries.compliance import SHORT_LABELS, STATUS_LABELS, TITLE_LEVELS
from jijiao.overview.queries.projects import BAND_LABELS, LEVEL_LABELS, STAGE_LABELS
from jijiao.overview.queries.quality import SCORE_BAND_LABELS

LIST_TITLES = {
    "people": "人员达标名单",
    "projects": "项目名单",
    "sessions": "举办期次名单",
    "scores": "执行评分名单",
    "inspections": "督导检查名单",
    "sanctions": "处理决定名单",
    "entries": "学分记录名单",
}


def _choice(query, name: str, labels: dict, words: list, prefix: str) -> str:
    value = query.get(name, "")
    if not value:
        return ""
    if value not in labels:
        raise Http404(f"筛选条件 {name} 的值无效")
    words.append(f"{prefix}{labels[value]}")
    return value


def list_filters(what: str, query) -> tuple[dict, list[str]]:
    """The keyword filters of the list ``what`` and their description, e.g. ``状态：未达标``."""
    words: list[str] = []
    found: dict = {}
    if what == "people":
        found["status"] = _choice(query, "status", STATUS_LABELS, words, "状态：")
        found["short"] = _choice(query, "short", SHORT_LABELS, words, "未达到：")
        title = query.get("title")
        if title is not None and title != "":
            if title not in (*TITLE_LEVELS, "-"):
                raise Http404("职称级别无效")
            found["title"] = "" if title == "-" else title
            words.append(f"职称：{title if title != '-' else '无职称'}")
        category = query.get("category")
        if category:
            labels = {**dict(Unit.Category.choices), "-": "未设类别"}
            if category not in labels:
                raise Http404("单位类别无效")
            found["category"] = "" if category == "-" else category
            words.append(f"单位类别：{labels[category]}")
    elif what == "projects":
        found["stage"] = _choice(query, "stage", STAGE_LABELS, words, "已到：")
        found["reached"] = _choice(query, "reached", STAGE_LABELS, words, "目前停在：")
        found["level"] = _choice(query, "level", LEVEL_LABELS, words, "级别：")
    elif what == "sessions":
        month = query.get("month", "")
        if month:
            if not month.isdigit() or not 1 <= int(month) <= 12:
                raise Http404("月份无效")
            found["month"] = int(month)
            words.append(f"开始于 {int(month)} 月")
        found["band"] = _choice(query, "band", BAND_LABELS, words, "报名人数：")
    elif what == "scores":
        found["band"] = _choice(query, "band", SCORE_BAND_LABELS, words, "得分：")
    elif what == "inspections":
        found["violation"] = query.get("violation") == "1"
        if found["violation"]:
            words.append("存在违规")
    elif what == "sanctions":
        found["kind"] = _choice(query, "kind", dict(Sanction.Kind.choices), words, "处理方式：")
    elif what == "entries":
        found["source"] = _choice(
            query, "source", dict(LedgerEntry.Source.choices), words, "来源："
        )
        found["credit_class"] = _choice(query, "credit_class", dict(CLASSES), words, "类别：")
        found["level"] = _choice(query, "level", CREDIT_LEVEL_LABELS, words, "级别：")
        found["status"] = _choice(
            query, "status", dict(LedgerEntry.Status.choices), words, "状态："
        )
        found["age"] = _choice(
            query, "age", {k: label for k, label, _l, _h in AGES}, words, "已等待："
        )
    return found, words
