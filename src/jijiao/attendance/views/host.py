"""The host's side: the session's registrations and windows, the check-in screen with the
rotating code, staff scanning from a phone, the scan log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jijiao.attendance.domain.registrations import registration_create, window_add, window_remove
from jijiao.attendance.domain.scans import current_window, scan_person_code
from jijiao.attendance.forms import CodeForm, WalkInForm, WindowForm
from jijiao.attendance.models import CheckWindow, Registration, Scan
from jijiao.attendance.qr import qr_svg
from jijiao.attendance.queries import scans_of
from jijiao.attendance.tokens import MAX_STEPS, STEP_SECONDS, session_token
from jijiao.attendance.views.trainee import STAFF_KEY, session_or_404
from jijiao.common import clock, idnumbers
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.common.pagination import paginate
from jijiao.orgs.queries import person_by_id_number


def hosted(request, pk: int):
    session = session_or_404(request, pk)
    if not request.user.has_perm("attendance.manage", session):
        raise PermissionDenied
    return session


@login_required
def session_hub(request, pk: int):
    session = session_or_404(request, pk)
    if not request.user.has_perm("attendance.view", session):
        raise PermissionDenied
    can_manage = request.user.has_perm("attendance.manage", session)
    form = WindowForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                window = window_add(by=request.user, session=session, **form.cleaned_data)
            except DomainError as error:
                form_error(form, error)
            else:
                if window.warning:
                    messages.warning(request, f"已设置，但{window.warning}。")
                else:
                    messages.success(request, "已设置。")
                return redirect("attendance:session", pk=session.pk)
    registrations = (
        Registration.objects.filter(session=session)
        .select_related("person", "person__unit")
        .order_by("registered_at", "id")
    )
    windows = CheckWindow.objects.filter(session=session).annotate(
        count=Count("scans", filter=Q(scans__outcome=Scan.Outcome.ACCEPTED))
    )
    return render(
        request,
        "attendance/session_hub.html",
        {
            "session": session,
            "registrations": registrations,
            "registered": registrations.filter(state=Registration.State.REGISTERED).count(),
            "windows": windows,
            "form": form,
            "walk_in_form": WalkInForm(),
            "can_manage": can_manage,
        },
    )


@require_POST
@login_required
def walk_in(request, pk: int):
    """The host registers a trainee at the door, found by full ID number (shown masked)."""
    session = hosted(request, pk)
    form = WalkInForm(request.POST)
    number = form.data.get("id_number", "").strip()
    person = person_by_id_number(number) if form.is_valid() else None
    if person is None:
        shown = idnumbers.mask(number) if number else "（空）"
        messages.error(request, f"系统中没有身份证号为 {shown} 的人员，请学员先自行注册。")
        return redirect("attendance:session", pk=session.pk)
    try:
        registration = registration_create(by=request.user, session=session, person=person)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已为 {person.name}（{person.id_masked}）报名。")
        if registration.warnings:
            messages.warning(request, "提示：" + "、".join(registration.warnings))
    return redirect("attendance:session", pk=session.pk)


@require_POST
@login_required
def window_delete(request, pk: int, window_pk: int):
    session = hosted(request, pk)
    window = get_object_or_404(CheckWindow, session=session, pk=window_pk)
    try:
        window_remove(by=request.user, window=window)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已删除。")
    return redirect("attendance:session", pk=session.pk)


def _qr_context(request, session) -> dict:
    now = clock.now()
    token = session_token(session.pk, now)
    url = request.build_absolute_uri(reverse("attendance:checkin_scan", args=[token]))
    window = current_window(session, now)
    accepted = Scan.objects.filter(session=session, outcome=Scan.Outcome.ACCEPTED)
    counts = accepted.aggregate(
        signed_in=Count("pk", filter=Q(kind="in")), signed_out=Count("pk", filter=Q(kind="out"))
    )
    return {
        "session": session,
        "svg": qr_svg(url, title=f"{session} 签到码"),
        "scan_url": url,
        "window": window,
        "now": now,
        "refresh_seconds": STEP_SECONDS,
        "valid_seconds": STEP_SECONDS * MAX_STEPS,
        **counts,
    }


@login_required
def checkin_screen(request, pk: int):
    session = hosted(request, pk)
    return render(request, "attendance/checkin.html", _qr_context(request, session))


@login_required
def checkin_qr(request, pk: int):
    """The part of the check-in screen htmx fetches every few seconds: a fresh code."""
    session = hosted(request, pk)
    return render(request, "attendance/checkin_qr.html", _qr_context(request, session))


@login_required
def staff_scan(request, pk: int):
    """A phone page for staff: choose this session, then scan trainees' personal codes with
    the phone's camera (the code opens our URL), a scanner or by typing; offline, the page
    keeps the scans and uploads them later."""
    session = hosted(request, pk)
    request.session[STAFF_KEY] = {"session": session.pk, "at": clock.now().isoformat()}
    form = CodeForm(request.POST or None)
    last = None
    if request.method == "POST" and form.is_valid():
        last = scan_person_code(by=request.user, session=session, code=form.cleaned_data["code"])
        form = CodeForm()
    return render(
        request,
        "attendance/staff_scan.html",
        {
            "session": session,
            "form": form,
            "last": last,
            "window": current_window(session, clock.now()),
            "upload_url": f"/api/v1/attendance/sessions/{session.pk}/scans",
        },
    )


@login_required
def scan_log(request, pk: int):
    session = session_or_404(request, pk)
    if not request.user.has_perm("attendance.view", session):
        raise PermissionDenied
    scans = scans_of(session)
    if outcome := request.GET.get("outcome"):
        scans = scans.filter(outcome=outcome)
    return render(
        request,
        "attendance/scan_log.html",
        {"session": session, "page": paginate(request, scans), "outcome": outcome or ""},
    )
