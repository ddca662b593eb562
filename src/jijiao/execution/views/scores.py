"""The execution score: a session's items with their facts, a project's mean, the office's
ranking and its Excel export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jijiao.common.documents.excel import XLSX
from jijiao.common.downloads import download
from jijiao.common.pagination import paginate
from jijiao.execution import documents
from jijiao.execution.domain.scores import (
    score_recompute_for_session,
    scoreable,
    scores_recompute,
)
from jijiao.execution.explain import explain, mode_label
from jijiao.execution.facts import leader_name
from jijiao.execution.forms import RankFilterForm
from jijiao.execution.models import SessionScore
from jijiao.execution.queries import (
    project_scores_for_user,
    report_sessions_for_user,
    session_scores_of,
)
from jijiao.execution.views.common import visible_session
from jijiao.hosting.queries import projects_for_user


@login_required
def session_score(request, pk: int):
    """Recomputed on opening: the filing, its changes and the attendance belong to other apps
    and may have changed since the score was stored."""
    session = visible_session(request, pk)
    score = score_recompute_for_session(session=session, by=request.user)
    return render(
        request,
        "execution/score_session.html",
        {
            "session": session,
            "score": score,
            "scoreable": scoreable(session),
            "items": explain(score, leader=leader_name(session)) if score else [],
            "mode": mode_label(score.mode) if score else "",
            "changes": session.changes.select_related("by"),
        },
    )


@login_required
def project_score(request, pk: int):
    project = get_object_or_404(projects_for_user(request.user), pk=pk)
    return render(
        request,
        "execution/score_project.html",
        {
            "project": project,
            "score": getattr(project, "execution_score", None),
            "sessions": session_scores_of(project).order_by("session__sequence"),
            "unscored": project.sessions.filter(execution_score__isnull=True).order_by("sequence"),
        },
    )


def _ranked(request):
    if not request.user.has_perm("execution.rank_scores"):
        raise PermissionDenied
    form = RankFilterForm(request.GET or None)
    scores = project_scores_for_user(request.user)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    if year:
        scores = scores.filter(year=year)
    return form, scores, year


@login_required
def ranking(request):
    form, scores, year = _ranked(request)
    page = paginate(request, scores)
    return render(
        request,
        "execution/ranking.html",
        {"form": form, "page": page, "year": year or "", "offset": page.start_index() - 1},
    )


@login_required
def ranking_xlsx(request):
    _form, scores, year = _ranked(request)
    projects = list(scores)
    sessions = list(
        SessionScore.objects.filter(session__project__in=[s.project for s in projects])
        .select_related("session", "session__project")
        .order_by("session__project__number", "session__sequence")
    )
    content = documents.scores_xlsx(projects, sessions)
    name = f"国家级项目执行情况评分{'-' + str(year) if year else ''}.xlsx"
    return download(content, name, XLSX)


@require_POST
@login_required
def ranking_recompute(request):
    """Read the filings, their changes and the attendance afresh for the year's national
    sessions the office sees."""
    _form, _scores, year = _ranked(request)
    sessions = report_sessions_for_user(request.user).filter(project__level="national")
    if year:
        sessions = sessions.filter(project__year=year)
    sessions = [s for s in sessions if scoreable(s)]
    changed = scores_recompute(by=request.user, sessions=sessions)
    messages.success(request, f"已重新计算 {len(sessions)} 期，其中 {changed} 期得分依据有变化。")
    return redirect(f"{reverse('execution:scores')}?year={year or ''}")
