"""What each personal activity records besides its credits (journal tier and author rank for a
paper, rank for research, months and host for 进修, …), checked with messages per field."""

from jijiao.common.errors import DomainError
from jijiao.credits.vocab import (
    AUTHOR_RANKS,
    JOURNAL_TIERS,
    LEVEL_LABELS,
    RESEARCH_RANKS,
    RESEARCH_ROLES,
)

# activity type → [(key, label, choices or None, required)]
FIELDS: dict[str, list[tuple[str, str, tuple[str, ...] | None, bool]]] = {
    "进修": [
        ("host", "进修单位（上级单位名称）", None, True),
        ("months", "进修月数", None, True),
    ],
    "援助": [("place", "援助地点/单位", None, True)],
    "论文": [
        ("journal", "期刊名称", None, True),
        ("journal_tier", "期刊级别", JOURNAL_TIERS, True),
        ("author_rank", "作者排名", AUTHOR_RANKS, True),
    ],
    "综述": [
        ("journal", "期刊名称", None, True),
        ("author_rank", "作者排名", AUTHOR_RANKS, True),
    ],
    "著作": [("publisher", "出版社", None, True), ("author_rank", "编者排名", AUTHOR_RANKS, True)],
    "报告": [("occasion", "报告场合", None, False)],
    "译文": [("journal", "发表刊物", None, False)],
    "科研": [
        ("research_rank", "课题级别", RESEARCH_RANKS, True),
        ("research_role", "本人排名", RESEARCH_ROLES, True),
    ],
}


def clean_details(activity_type: str, details: dict) -> dict:
    """Only the type's own keys, stripped; required ones present; choices from the lists."""
    cleaned = {}
    for key, label, choices, required in FIELDS.get(activity_type, []):
        value = details.get(key)
        value = "" if value is None else str(value).strip()
        if not value:
            if required:
                raise DomainError(f"{activity_type}须填写{label}", field=key)
            continue
        if choices is not None and value not in choices:
            raise DomainError(f"{label}须为{'、'.join(choices)}之一", field=key)
        if key == "months":
            if not value.isdigit() or not 1 <= int(value) <= 36:
                raise DomainError("进修月数须为 1 至 36 的整数", field=key)
            value = int(value)
        cleaned[key] = value
    return cleaned


LABELS = {key: label for fields in FIELDS.values() for key, label, _, _ in fields}


# Keys the system itself records beside the form's (a project row's level), with their names.
SYSTEM_LABELS = {"level": ("项目级别", LEVEL_LABELS)}


def details_display(details: dict) -> list[tuple[str, str]]:
    """``[(label, value)]`` for a row's details, in a stable order, in words."""
    shown = []
    for key, value in details.items():
        label, names = SYSTEM_LABELS.get(key, (LABELS.get(key, key), {}))
        shown.append((label, names.get(str(value), str(value))))
    return shown
