"""Reading a JSON document into the input dataclasses of the rule modules.

The dataclasses declare the contract's fields and their types; this module checks a document
against them and reports the first field that is wrong with its JSON path (``courses[2].kind``).
Absent and null fields become ``None``: a rule whose facts are absent is not applied. Unknown
fields are ignored, so an integrator can send a richer document than a kind needs.
"""

import dataclasses
import re
import types
import typing
from datetime import date, datetime
from fractions import Fraction
from typing import Any, Literal, TypeVar, get_args, get_origin

from jijiao.rules.numbers import as_fraction

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
    return _parse(cls, data, "")


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


def _parse(tp: Any, value: Any, path: str) -> Any:
    origin = get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        options = [arg for arg in get_args(tp) if arg is not type(None)]
        if value is None:
            return None
        if len(options) != 1:
            raise TypeError(f"unsupported union {tp!r}")
        return _parse(options[0], value, path)
    if value is None:
        return None
    if origin is typing.Annotated:
        base, *extras = get_args(tp)
        parsed = _parse(base, value, path)
        for extra in extras:
            if isinstance(extra, Pattern) and not re.fullmatch(extra.regex, parsed):
                shown = path or "$"
                raise InputInvalid(f"字段 {shown} 应为{extra.meaning}，实际为 {parsed!r}", shown)
        return parsed
    if origin is Literal:
        allowed = get_args(tp)
        if isinstance(value, bool) or value not in allowed:
            shown = path or "$"
            listed = "、".join(str(a) for a in allowed)
            raise InputInvalid(f"字段 {shown} 的值 {value!r} 不在允许的取值中（{listed}）", shown)
        return value
    if origin is list:
        (item_type,) = get_args(tp)
        if not isinstance(value, list):
            raise _fail(path, "数组", value)
        return [_parse(item_type, item, f"{path}[{i}]") for i, item in enumerate(value)]
    if origin is dict:
        key_type, item_type = get_args(tp)
        if not isinstance(value, dict):
            raise _fail(path, "对象", value)
        return {
            _parse_key(key_type, key, _join(path, key)): _parse(item_type, item, _join(path, key))
            for key, item in value.items()
        }
    if dataclasses.is_dataclass(tp):
        return _parse_dataclass(tp, value, path)
    return _parse_scalar(tp, value, path)


def _parse_key(key_type: Any, key: str, path: str) -> Any:
    if key_type is int:
        if not re.fullmatch(r"\d{1,4}", key):
            raise InputInvalid(f"字段 {path} 的键应为年份（整数），实际为 {key!r}", path)
        return int(key)
    return _parse(key_type, key, path)


def _parse_dataclass(cls: Any, value: Any, path: str) -> Any:
    if not isinstance(value, dict):
        raise _fail(path, "对象", value)
    hints = typing.get_type_hints(cls, include_extras=True)
    kwargs = {}
    for field in dataclasses.fields(cls):
        key = json_key(field)
        kwargs[field.name] = _parse(hints[field.name], value.get(key), _join(path, key))
    return cls(**kwargs)


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
        return int(value)
    if tp is Fraction:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _fail(path, "数字", value)
        return as_fraction(value)
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
