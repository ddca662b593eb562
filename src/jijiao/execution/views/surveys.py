"""The evaluation: the host opens it (link and QR), trainees answer it on their phones, a
trainee's own sessions with their evaluations and credits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jijiao.attendance.qr import qr_svg
from jijiao.common.errors import DomainError
from jijiao.credits.models import Certificate, LedgerEntry
from jijiao.execution import documents
from jijiao.execution.domain.review import session_ref
from jijiao.execution.domain.surveys import survey_answer, survey_close, survey_open
from jijiao.execution.facts import attended
from jijiao.execution.forms import SurveyForm
from jijiao.execution.models import Survey, SurveyResponder
from jijiao.execution.queries import attended_registrations
from jijiao.execution.views.common import hosted_session, visible_session


@login_required
def survey_host(request, pk: int):
    session = visible_session(request, pk)
    survey = Survey.objects.filter(session=session).first()
    link = (
        request.build_absolute_uri(reverse("execution:answer", args=[survey.token]))
        if survey
        else ""
    )
    return render(
        request,
        "execution/survey_host.html",
        {
            "session": session,
            "survey": survey,
            "link": link,
            "qr": qr_svg(link, title="学员评估二维码") if survey and survey.is_open else "",
            "evaluation": documents.evaluation_table(survey),
            "can_manage": request.user.has_perm("execution.manage_survey", session),
        },
    )


@require_POST
@login_required
def survey_toggle(request, pk: int):
    session = hosted_session(request, pk)
    opening = request.POST.get("action") == "open"
    try:
        if opening:
            survey_open(by=request.user, session=session)
        else:
            survey_close(by=request.user, session=session)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "评估已开放，请学员扫码填写。" if opening else "评估已关闭。")
    return redirect("execution:survey", pk=session.pk)


@login_required
def answer(request, token: str):
    """A trainee's answer page, reached from the link or the QR code."""
    survey = get_object_or_404(Survey.objects.select_related("session__project"), token=token)
    session = survey.session
    person = request.user.person
    if person is not None and SurveyResponder.objects.filter(survey=survey, person=person).exists():
        return render(request, "execution/survey_done.html", {"session": session, "again": True})
    problem = ""
    if person is None:
        problem = "账号未关联人员信息，不能评估"
    elif not survey.is_open:
        problem = f"{session} 的评估已关闭"
    elif not attended(session, person):
        problem = f"{person.name} 未参加{session}，不能评估"
    if problem:
        return render(
            request,
            "execution/survey_answer.html",
            {"session": session, "problem": problem},
            status=403,
        )
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer(by=request.user, survey=survey, answers=form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return render(request, "execution/survey_done.html", {"session": session})
    return render(request, "execution/survey_answer.html", {"session": session, "form": form})


@login_required
def mine(request):
    """A trainee's sessions: the evaluation to answer, and the credits granted."""
    person = request.user.person
    registrations = list(attended_registrations(person)[:100]) if person else []
    answered = (
        set(
            SurveyResponder.objects.filter(person=person).values_list(
                "survey__session_id", flat=True
            )
        )
        if person
        else set()
    )
    refs = {session_ref(r.session): r.session_id for r in registrations}
    granted = {}
    if refs:
        entries = LedgerEntry.objects.filter(
            person=person, source_type="session", source_id__in=list(refs)
        )
        codes = dict(Certificate.objects.filter(entry__in=entries).values_list("entry_id", "code"))
        for entry in entries:
            granted[refs[entry.source_id]] = (entry, codes.get(entry.pk, ""))
    rows = []
    for registration in registrations:
        session = registration.session
        survey = getattr(session, "survey", None)
        entry, code = granted.get(session.pk, (None, ""))
        rows.append(
            {
                "session": session,
                "survey": survey if survey and survey.is_open else None,
                "answered": session.pk in answered,
                "entry": entry,
                "certificate": code,
            }
        )
    return render(request, "execution/mine.html", {"rows": rows, "has_person": person is not None})
