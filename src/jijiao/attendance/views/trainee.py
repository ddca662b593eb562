"""The trainee's side: open sessions and registration, the QR landing, the personal code."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from jijiao.attendance.domain.registrations import registration_cancel, registration_create
from jijiao.attendance.domain.scans import (
    scan_person_code,
    scan_refused_anonymous,
    scan_session_code,
)
from jijiao.attendance.models import Scan
from jijiao.attendance.qr import qr_svg
from jijiao.attendance.queries import open_sessions, registrations_for_user
from jijiao.attendance.tokens import check_session_token, person_code, person_from_code
from jijiao.attendance.vocab import describe
from jijiao.attendance.windows import scan_note
from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.hosting.models import Session
from jijiao.hosting.queries import sessions_for_user

SEEN_KEY = "attendance_seen"
STAFF_KEY = "attendance_staff_session"
# A staff phone stays bound to the session it chose for a working day at most.
STAFF_HOURS = 12


@login_required
def home(request):
    mine = registrations_for_user(request.user).order_by("-session__starts_at")
    registered = {r.session_id for r in mine if r.state == r.State.REGISTERED}
    hosted = sessions_for_user(request.user).filter(ends_at__gt=clock.now()).order_by("starts_at")
    return render(
        request,
        "attendance/home.html",
        {
            "mine": mine,
            "open": [s for s in open_sessions()[:100] if s.pk not in registered],
            "hosted": hosted[:50],
            "has_person": bool(request.user.person_id),
        },
    )


@require_POST
@login_required
def register(request, pk: int):
    session = get_object_or_404(open_sessions(), pk=pk)
    try:
        registration = registration_create(by=request.user, session=session)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        text = f"已报名{session}。"
        if registration.warnings:
            text += "提示：" + describe(registration.warnings)
        messages.success(request, text)
    return redirect("attendance:home")


@require_POST
@login_required
def cancel(request, pk: int):
    registration = get_object_or_404(registrations_for_user(request.user), pk=pk)
    try:
        registration_cancel(by=request.user, registration=registration)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已取消报名{registration.session}。")
    return redirect("attendance:home")


def _result(scan: Scan, staff_session: Session | None = None) -> HttpResponse:
    """The result page, rendered without the site's context processors (no menu, no role
    lookup): at the door two hundred phones ask for it within minutes."""
    note = scan_note(scan) if scan.outcome == Scan.Outcome.ACCEPTED else ""
    html = render_to_string(
        "attendance/scan_result.html",
        {
            "scan": scan,
            "staff_session": staff_session,
            "note": note,
        },
    )
    return HttpResponse(html, status=400 if scan.outcome == Scan.Outcome.REFUSED else 200)


def _seen(request, token: str) -> dt.datetime | None:
    """When this code was opened before logging in, forgotten once used; the session is
    written only then (a trainee already logged in scans without a session write)."""
    seen = request.session.get(SEEN_KEY)
    if not seen or token not in seen:
        return None
    value = seen.pop(token)
    request.session[SEEN_KEY] = seen
    return dt.datetime.fromisoformat(value)


def checkin_scan(request, token: str):
    """The URL inside the rotating code. A trainee not yet logged in is sent to log in; the
    moment the code was opened is kept in their browser session, so logging in does not make
    the code expire."""
    if not request.user.is_authenticated:
        check = check_session_token(token)
        if not check.valid:
            return _result(scan_refused_anonymous(token=token))
        seen = request.session.get(SEEN_KEY, {})
        seen[token] = clock.now().isoformat()
        request.session[SEEN_KEY] = dict(list(seen.items())[-5:])
        return redirect_to_login(request.get_full_path())
    if not request.user.person_id:
        messages.error(request, "当前账号未关联人员信息，不能签到。请使用学员本人账号登录。")
        return redirect("home")
    return _result(scan_session_code(by=request.user, token=token, seen_at=_seen(request, token)))


@login_required
def my_code(request):
    if not request.user.person_id:
        raise PermissionDenied
    code = person_code(request.user.person_id)
    url = request.build_absolute_uri(reverse("attendance:person_code", args=[code]))
    return render(
        request,
        "attendance/my_code.html",
        {"svg": qr_svg(url, title="我的学员码", scale=7), "code": code},
    )


def _staff_session(request) -> Session | None:
    """The session this staff phone chose on the staff page, within the working day."""
    chosen = request.session.get(STAFF_KEY) or {}
    if not chosen:
        return None
    chosen_at = dt.datetime.fromisoformat(chosen["at"])
    if clock.now() - chosen_at > dt.timedelta(hours=STAFF_HOURS):
        return None
    return sessions_for_user(request.user).filter(pk=chosen["session"]).first()


@login_required
def person_code_scanned(request, code: str):
    """The URL inside a trainee's personal code, opened by a staff phone's camera: recorded
    for the session the staff member chose on the staff page."""
    session = _staff_session(request)
    if session is not None and request.user.has_perm("attendance.manage", session):
        scan = scan_person_code(by=request.user, session=session, code=code)
        return _result(scan, staff_session=session)
    if person_from_code(code) == request.user.person_id:
        return redirect("attendance:my_code")
    messages.info(request, "这是学员码，请由工作人员在“工作人员扫码”页面选择期次后扫描。")
    return redirect("attendance:home")


def session_or_404(request, pk: int) -> Session:
    return get_object_or_404(sessions_for_user(request.user), pk=pk)
