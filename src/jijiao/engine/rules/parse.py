"""Reading a JSON document into the input dataclasses of the rule modules.

The dataclasses declare the contract's fields and their types; this module checks a document
against them and reports the first field that is wrong with its JSON path (``courses[2].kind``).
Absent and null fields become ``None``: a rule whose facts are absent is not applied. Unknown
fields are ignored, so an integrator can send a richer document than a kind needs.
"""

import dataclasses
import functools
import re
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from fractions import Fraction
from typing import Any, Literal, TypeVar, get_args, get_origin

from jijiao.engine.rules.numbers import as_fraction

T = TypeVar("T")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


class InputInvalid(ValueError):
    """A document that cannot be checked: the message is Chinese, ``path`` points at the field."""

    def __init__(self, message: str, path: str = "$") -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def as_dict(self) -> dict[str, dict[str, str]]:
        return {"error": {"code": "INPUT_INVALID", "message": self.message, "path": self.path}}


@dataclasses.dataclass(frozen=True)
class Pattern:
    """``Annotated[str, Pattern(r"…", "说明")]``: a string that must match."""

    regex: str
    meaning: str


def json_key(field: dataclasses.Field) -> str:
    """The JSON name of a field (``class`` is a keyword, so the field carries its key)."""
    return field.metadata.get("json", field.name)


def parse_document(cls: type[T], data: Any) -> T:
    """The dataclass ``cls`` read from ``data``; raises :class:`InputInvalid`."""
    return _parser(cls)(data, "")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, int | float):
        return "数字"
    if isinstance(value, str):
        return "字符串"
    if isinstance(value, list):
        return "数组"
    if isinstance(value, dict):
        return "对象"
    return type(value).__name__


def _fail(path: str, expected: str, value: Any) -> InputInvalid:
    shown = path or "$"
    return InputInvalid(f"字段 {shown} 应为{expected}，实际为{_describe(value)}", shown)


Parser = Callable[[Any, str], Any]


def _parse(tp: Any, value: Any, path: str) -> Any:
    return _parser(tp)(value, path)


@functools.cache
def _parser(tp: Any) -> Parser:
    """A reader for one type, built once: inspecting type hints on every document was half the
    cost of a precheck. Any absent (null) value reads as ``None``."""
    inner = _build(tp)

    def parse(value: Any, path: str) -> Any:
        return None if value is None else inner(value, path)

    return parse


def _build(tp: Any) -> Parser:
    origin = get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        options = [arg for arg in get_args(tp) if arg is not type(None)]
        if len(options) != 1:
            raise TypeError(f"unsupported union {tp!r}")
        return _parser(options[0])
    if origin is typing.Annotated:
        return _build_annotated(tp)
    if origin is Literal:
        return _build_literal(get_args(tp))
    if origin is list:
        (item_type,) = get_args(tp)
        return _build_list(_parser(item_type))
    if origin is dict:
        key_type, item_type = get_args(tp)
        return _build_dict(key_type, _parser(item_type))
    if dataclasses.is_dataclass(tp):
        return _build_dataclass(tp)
    return _build_scalar(tp)


def _build_annotated(tp: Any) -> Parser:
    base, *extras = get_args(tp)
    parse_base = _parser(base)
    patterns = [(re.compile(e.regex), e.meaning) for e in extras if isinstance(e, Pattern)]

    def parse(value: Any, path: str) -> Any:
        parsed = parse_base(value, path)
        for regex, meaning in patterns:
            if not regex.fullmatch(parsed):
                shown = path or "$"
                raise InputInvalid(f"字段 {shown} 应为{meaning}，实际为 {parsed!r}", shown)
        return parsed

    return parse


def _build_literal(allowed: tuple) -> Parser:
    listed = "、".join(str(a) for a in allowed)

    def parse(value: Any, path: str) -> Any:
        if isinstance(value, bool) or value not in allowed:
            shown = path or "$"
            raise InputInvalid(f"字段 {shown} 的值 {value!r} 不在允许的取值中（{listed}）", shown)
        return value

    return parse


def _build_list(parse_item: Parser) -> Parser:
    def parse(value: Any, path: str) -> Any:
        if not isinstance(value, list):
            raise _fail(path, "数组", value)
        return [parse_item(item, f"{path}[{i}]") for i, item in enumerate(value)]

    return parse


def _build_dict(key_type: Any, parse_item: Parser) -> Parser:
    def parse(value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            raise _fail(path, "对象", value)
        return {
            _parse_key(key_type, key, _join(path, key)): parse_item(item, _join(path, key))
            for key, item in value.items()
        }

    return parse


def _parse_key(key_type: Any, key: str, path: str) -> Any:
    if key_type is int:
        if not re.fullmatch(r"\d{1,4}", key):
            raise InputInvalid(f"字段 {path} 的键应为年份（整数），实际为 {key!r}", path)
        return int(key)
    return _parse(key_type, key, path)


def _build_dataclass(cls: Any) -> Parser:
    hints = typing.get_type_hints(cls, include_extras=True)
    fields = [(f.name, json_key(f), hints[f.name]) for f in dataclasses.fields(cls)]
    # Field readers are resolved on first use (a dataclass may name one defined later), then
    # kept: looking them up by type on every document costs as much as the reading.
    readers: list[tuple[str, str, Parser]] = []

    def parse(value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            raise _fail(path, "对象", value)
        if not readers:
            readers.extend((name, key, _parser(hint)) for name, key, hint in fields)
        return cls(**{name: read(value.get(key), _join(path, key)) for name, key, read in readers})

    return parse


def _build_scalar(tp: Any) -> Parser:
    return lambda value, path: _parse_scalar(tp, value, path)


def _non_negative(number: Any, path: str) -> Any:
    """Every count, duration, credit and score of the contract is zero or more: a negative
    number is a value outside the field's set (contract.md), not something to compute with."""
    if number < 0:
        raise InputInvalid(f"字段 {path} 不能为负数，实际为 {number}", path)
    return number


def _parse_scalar(tp: Any, value: Any, path: str) -> Any:
    if tp is bool:
        if not isinstance(value, bool):
            raise _fail(path, "布尔值（true/false）", value)
        return value
    if tp is str:
        if not isinstance(value, str):
            raise _fail(path, "字符串", value)
        return value
    if tp is int:
        # A JSON 120.0 is the integer 120; 120.5 is not.
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _fail(path, "整数", value)
        if isinstance(value, float) and not value.is_integer():
            raise _fail(path, "整数", value)
        return _non_negative(int(value), path)
    if tp is Fraction:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _fail(path, "数字", value)
        return _non_negative(as_fraction(value), path)
    if tp is date:
        if not isinstance(value, str) or not _DATE.match(value):
            raise _fail(path, "日期（YYYY-MM-DD）", value)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _fail(path, "有效的日期（YYYY-MM-DD）", value) from None
    if tp is datetime:
        if not isinstance(value, str) or not _DATETIME.match(value):
            raise _fail(path, "带时区的 ISO 8601 日期时间", value)
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise _fail(path, "有效的 ISO 8601 日期时间", value) from None
    raise TypeError(f"unsupported field type {tp!r}")
