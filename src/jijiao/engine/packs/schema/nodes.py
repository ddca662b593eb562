"""The value types of the pack schema — scalars, lists of them, tables — and the error a
pack that does not fit them raises."""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from jijiao.engine.rules import vocab


class PolicyError(ValueError):
    """A pack that cannot be used: where it came from, which key, and why."""

    def __init__(self, origin: str, key: str, reason: str) -> None:
        super().__init__(f"{origin}: {key or '(文件)'}: {reason}")
        self.origin = origin
        self.key = key
        self.reason = reason


@dataclass(frozen=True)
class Scalar:
    label: str
    accepts: Callable[[Any], bool]


@dataclass(frozen=True)
class ListOf:
    item: "Node"


@dataclass(frozen=True)
class Table:
    fields: Mapping[str, "Node"] = field(default_factory=dict)
    # Schema of keys not listed in ``fields`` (an open map such as ``evidence.kinds``).
    extra: "Node | None" = None
    extra_keys: tuple[str, ...] | None = None
    required: frozenset[str] = frozenset()
    is_rule: bool = False
    check: Callable[[Mapping[str, Any]], str | None] | None = None


Node = Scalar | ListOf | Table


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_ratio(value: Any) -> bool:
    if _is_number(value):
        return value >= 0
    return isinstance(value, str) and re.fullmatch(r"\d+/[1-9]\d*", value) is not None


def _is_month_day(value: Any) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{2}-\d{2}", value):
        return False
    try:
        # 2024 is a leap year, so 02-29 is accepted as a day that exists in some years.
        date.fromisoformat(f"2024-{value}")
    except ValueError:
        return False
    return True


def one_of(*values: str) -> Scalar:
    return Scalar("以下之一：" + "、".join(values), lambda v: isinstance(v, str) and v in values)


STR = Scalar("字符串", lambda v: isinstance(v, str))
BOOL = Scalar("布尔值", lambda v: isinstance(v, bool))
INT = Scalar("整数", lambda v: isinstance(v, int) and not isinstance(v, bool))
NUMBER = Scalar("数字", _is_number)
RATIO = Scalar('非负数或分数字符串（如 "2/3"）', _is_ratio)
DATETIME = Scalar(
    "带时区的日期时间（如 2025-01-20T12:00:00+08:00），或日期（如 2025-02-27，"
    "截止时间按当日 23:59:59、开始时间按当日 0:00，北京时间）",
    lambda v: (
        (isinstance(v, datetime) and v.tzinfo is not None)
        or (isinstance(v, date) and not isinstance(v, datetime))
    ),
)
MONTH_DAY = Scalar('月-日（如 "03-31"）', _is_month_day)
MONTH = Scalar("月份 1–12", lambda v: INT.accepts(v) and 1 <= v <= 12)
SEVERITY = one_of("error", "warning")
LEVEL = one_of(*vocab.LEVELS)
UNIT_CATEGORY = one_of(*vocab.UNIT_CATEGORIES)
DIVISION = Scalar(
    '行政区划代码（GB/T 2260，如 "330300"）',
    lambda v: isinstance(v, str) and re.fullmatch(r"\d{2}(\d{2}){0,2}", v) is not None,
)
DISCIPLINE = Scalar(
    '学科代码（二级如 "03"，三级如 "03-06"）',
    lambda v: isinstance(v, str) and re.fullmatch(r"\d{2}(-\d{2})?", v) is not None,
)
TITLE = one_of(*vocab.TITLES)
FORMAT = one_of(*vocab.FORMATS)
TRACK = one_of(*vocab.TRACKS)
EXEMPTION = one_of(*vocab.EXEMPTIONS)
UNIT_LEVEL = one_of(*vocab.UNIT_LEVELS)
ACTIVITY_TYPE = one_of(*vocab.ACTIVITY_TYPES)
CREDIT_CLASS = one_of("I", "II")
