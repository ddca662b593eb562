"""One error shape for every API answer that is not a success (contract.md):
``{"error": {"code": "…", "message": "…", "path": "…"}}``, the message in Chinese.

Ninja's own answers — ``{"detail": …}`` with pydantic's English, HTML for a 500 outside DEBUG —
are replaced here: validation errors name the first field that is wrong and where, a body that is
not JSON (or nested deeper than :data:`MAX_DEPTH`) is a 400, a missing object 404, a refused state
change 422 with the domain's message, and anything unforeseen a JSON 500 that is logged.
"""

import json
import logging
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Path, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from jijiao.common.errors import DomainError

logger = logging.getLogger("jijiao.api")

MAX_DEPTH = 32
MAX_ID = 2**63 - 1
# A path parameter naming a row: positive and within the database's bigint.
RowId = Annotated[int, Path(..., ge=1, le=MAX_ID)]


class ErrorDetail(Schema):
    code: str
    message: str
    path: str


class ErrorOut(Schema):
    error: ErrorDetail


# What every operation behind an account can answer besides its success.
SIGNED_IN = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WITH_BODY = {400: ErrorOut, **SIGNED_IN}

CODES = {
    400: "INPUT_INVALID",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    422: "REFUSED",
    429: "TOO_MANY_REQUESTS",
    500: "SERVER_ERROR",
}
MESSAGES = {
    401: "未登录或令牌无效：请登录，或在 Authorization 头中提供有效的令牌（Bearer …）",
    403: "没有权限执行此操作",
    404: "未找到所请求的对象，或您无权查看",
    500: "服务器内部错误，已记录，请稍后重试或联系系统管理员",
}


class BodyInvalid(ValueError):
    """The request body cannot be read as JSON; the message is Chinese."""


def error_body(code: str, message: str, path: str = "") -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "path": path}}


def json_depth_exceeds(raw: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether brackets outside strings nest deeper than ``limit`` (checked before parsing, so a
    hostile body never reaches the recursive parser)."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    depth, in_string, escaped = 0, False, False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def parse_json(raw: bytes) -> Any:
    """JSON from a request body, or :class:`BodyInvalid` saying in Chinese what is wrong."""
    if json_depth_exceeds(raw):
        raise BodyInvalid(f"请求体嵌套超过 {MAX_DEPTH} 层")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BodyInvalid("请求体不是 UTF-8 编码的文本") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BodyInvalid(
            f"请求体不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列）"
        ) from None
    except RecursionError:
        raise BodyInvalid(f"请求体嵌套超过 {MAX_DEPTH} 层") from None
    if "\x00" in text and _has_nul(data):
        raise BodyInvalid("请求体的文本中含有空字符（\\u0000）")
    return data


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class ChineseJsonParser(Parser):
    def parse_body(self, request: HttpRequest):
        return parse_json(request.body)


# --- pydantic's errors in Chinese -------------------------------------------------------------

_TEMPLATES = {
    "missing": "缺少{where}",
    "int_parsing": "{where}应为整数",
    "int_type": "{where}应为整数",
    "int_from_float": "{where}应为整数",
    "float_parsing": "{where}应为数字",
    "float_type": "{where}应为数字",
    "finite_number": "{where}应为有限的数字",
    "decimal_parsing": "{where}应为数字",
    "bool_parsing": "{where}应为 true 或 false",
    "bool_type": "{where}应为 true 或 false",
    "string_type": "{where}应为文本",
    "string_too_long": "{where}最多 {max_length} 个字符",
    "string_too_short": "{where}至少 {min_length} 个字符",
    "greater_than_equal": "{where}不能小于 {ge}",
    "greater_than": "{where}应大于 {gt}",
    "less_than_equal": "{where}不能大于 {le}",
    "less_than": "{where}应小于 {lt}",
    "literal_error": "{where}只能取 {expected}",
    "enum": "{where}只能取 {expected}",
    "datetime_parsing": "{where}应为日期时间（ISO 8601，如 2025-03-01T09:00:00+08:00）",
    "datetime_from_date_parsing": "{where}应为日期时间（ISO 8601，如 2025-03-01T09:00:00+08:00）",
    "datetime_type": "{where}应为日期时间（ISO 8601）",
    "date_parsing": "{where}应为日期（如 2025-03-01）",
    "date_from_datetime_parsing": "{where}应为日期（如 2025-03-01）",
    "dict_type": "{where}应为 JSON 对象",
    "model_type": "{where}应为 JSON 对象",
    "model_attributes_type": "{where}应为 JSON 对象",
    "list_type": "{where}应为数组",
    "too_long": "{where}最多 {max_length} 项",
    "too_short": "{where}至少 {min_length} 项",
}
_PLACES = {"body": "请求体", "query": "查询参数", "path": "路径参数", "header": "请求头"}


def _path(loc: tuple) -> tuple[str, str]:
    """(``scans[0].nonce``, where-phrase) from pydantic's location (``body``, ``payload``, …)."""
    place = _PLACES.get(str(loc[0]), "") if loc else ""
    parts = [p for p in loc[1:] if p not in ("payload", "body")] if place else list(loc)
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    where = f"{place}字段 {path} " if path else (place or "输入")
    return path, where


def validation_message(error: dict) -> tuple[str, str]:
    path, where = _path(tuple(error.get("loc", ())))
    context = dict(error.get("ctx") or {})
    template = _TEMPLATES.get(error.get("type", ""), "{where}的值无效")
    try:
        message = template.format(where=where, **context)
    except (KeyError, IndexError):
        message = f"{where}的值无效"
    return message.replace("  ", " ").strip(), path


# --- the handlers -------------------------------------------------------------------------------


def install(api) -> None:
    """Register the handlers on ``api``; later registrations win, so call after creating it."""

    def answer(request, status: int, code: str, message: str, path: str = "") -> HttpResponse:
        return api.create_response(request, error_body(code, message, path), status=status)

    def on_validation(request, exc: ValidationError):
        message, path = validation_message(exc.errors[0]) if exc.errors else ("输入无效", "")
        if len(exc.errors) > 1:
            message += f"（另有 {len(exc.errors) - 1} 处问题）"
        return answer(request, 422, "INPUT_INVALID", message, path)

    def on_http_error(request, exc: HttpError):
        status = exc.status_code
        if isinstance(exc.__cause__, BodyInvalid):
            return answer(request, 400, "INPUT_INVALID", str(exc.__cause__), "$")
        message = str(exc)
        if isinstance(exc, AuthenticationError) or status == 401:
            message = MESSAGES[401]
        elif "CSRF" in message:
            message = "CSRF 校验失败：会话方式调用须带 X-CSRFToken 头"
        elif not _is_chinese(message):
            message = MESSAGES.get(status, "请求无效")
        return answer(request, status, CODES.get(status, "ERROR"), message)

    def on_404(request, exc):
        return answer(request, 404, "NOT_FOUND", MESSAGES[404])

    def on_permission(request, exc):
        message = str(exc) if _is_chinese(str(exc)) else MESSAGES[403]
        return answer(request, 403, "FORBIDDEN", message)

    def on_domain(request, exc: DomainError):
        return answer(request, 422, "REFUSED", exc.message, exc.field or "")

    def on_data_error(request, exc):
        logger.warning("API input the database refused: %s %s", request.method, request.path)
        return answer(request, 422, "INPUT_INVALID", "输入含有无法保存的字符或超出范围的数值")

    def on_anything(request, exc):
        logger.error(
            "API error: %s %s",
            request.method,
            request.path,
            exc_info=(type(exc), exc, exc.__traceback__),
        )
        return answer(request, 500, "SERVER_ERROR", MESSAGES[500])

    api.add_exception_handler(Exception, on_anything)
    api.add_exception_handler(DataError, on_data_error)
    api.add_exception_handler(DomainError, on_domain)
    api.add_exception_handler(PermissionDenied, on_permission)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(ValidationError, on_validation)


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
