"""Asking before a step that cannot be undone, on the server.

A view of such a step first answers its POST with a page that says what will happen and to how
many, carrying the same form data; only the POST from that page (``confirmed=yes``) reaches the
domain function. A POST that skips the page changes nothing, whatever sent it.
"""

from django.shortcuts import render

CONFIRMED = "confirmed"


def is_confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRMED) == "yes"


def ask(request, *, title: str, consequence: str, details: list[str] | None = None, back: str):
    """The confirmation page: ``consequence`` in one sentence (e.g. "将为 37 名学员授予 2.5 学分，
    授予后只能作废，不能撤回"), the items it touches, the same POST data, 确认 and 返回."""
    carried = [
        (key, value)
        for key in request.POST
        if key not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in request.POST.getlist(key)
    ]
    return render(
        request,
        "common/confirm.html",
        {
            "title": title,
            "consequence": consequence,
            "details": details or [],
            "carried": carried,
            "action": request.get_full_path(),
            "back": back,
        },
    )
