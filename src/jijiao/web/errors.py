"""The error pages: Chinese, styled, with a way back; JSON for the API.

Django calls these for 400, 403, 404 and 500 when debug is off (``handler400`` … in
``jijiao.urls``) and for a failed CSRF check (``CSRF_FAILURE_VIEW``). They never name a URL
pattern or a Python error. The 500 page renders without the request's context: whatever broke
(the database, a context processor) must not break the error page too.
"""

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

PAGES = {
    400: ("请求有误", "页面收到的请求无法处理，可能是链接不完整或表单内容有误。"),
    403: (
        "没有权限",
        "您的账号没有查看或办理此项的权限。如需办理，请联系本单位科教科或上级继教办。",
    ),
    404: ("页面不存在", "您要找的页面不存在或已被移除，请检查地址，或从工作台重新进入。"),
    500: ("系统出错", "系统处理时出错，已记录。请稍后再试；如仍出错，请联系系统管理员。"),
}
CSRF = (
    "页面已过期",
    "表单已过期或来自其他页面，为保护您的账号没有提交。请返回，刷新页面后再提交一次。",
)


# The API's one error shape (contract.md), also for an address no API route matches.
API_CODES = {400: "INPUT_INVALID", 403: "FORBIDDEN", 404: "NOT_FOUND", 500: "SERVER_ERROR"}


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _back_url(request: HttpRequest) -> str:
    """The page the person came from, when it is one of ours; else none."""
    referer = request.META.get("HTTP_REFERER", "")
    parts = urlsplit(referer)
    if referer and parts.netloc == request.get_host() and parts.path != request.path:
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return ""


def error_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(
            {"error": {"code": API_CODES[status], "message": f"{title}：{message}", "path": ""}},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    template = loader.get_template("web/error.html")
    context = {"status": status, "title": title, "message": message, "back": _back_url(request)}
    return HttpResponse(template.render(context), status=status)


def bad_request(request, exception=None):
    return error_page(request, 400, *PAGES[400])


def permission_denied(request, exception=None):
    return error_page(request, 403, *PAGES[403])


def page_not_found(request, exception=None):
    return error_page(request, 404, *PAGES[404])


def server_error(request):
    return error_page(request, 500, *PAGES[500])


def csrf_failure(request, reason=""):
    return error_page(request, 403, *CSRF)
