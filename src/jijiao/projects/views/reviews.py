"""The expert reviewer's pages: assigned applications only, the score form, conflicts."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from jijiao.common.decorators import permission_required
from jijiao.common.errors import DomainError
from jijiao.common.forms import form_error
from jijiao.projects.domain import intake
from jijiao.projects.facts import years_behind
from jijiao.projects.forms_office import ConflictForm, ScoreForm
from jijiao.projects.models import Application, ReviewAssignment
from jijiao.projects.queries import assignments_for_user


@permission_required("projects.view_reviews")
def review_list(request):
    assignments = assignments_for_user(request.user).order_by("state", "-assigned_at")
    return render(request, "projects/review_list.html", {"assignments": assignments})


@permission_required("projects.view_reviews")
def review_detail(request, pk: int):
    """Score one assigned application, or declare a conflict; 404 for anyone else's."""
    assignment = get_object_or_404(assignments_for_user(request.user), pk=pk)
    application = assignment.application
    criteria = application.call.criteria.all()
    open_ = assignment.state == ReviewAssignment.State.ASSIGNED
    action = request.POST.get("action")
    score_form = ScoreForm(request.POST if action == "score" else None, criteria=criteria)
    conflict_form = ConflictForm(request.POST if action == "conflict" else None)
    if request.method == "POST" and action == "score" and score_form.is_valid():
        try:
            intake.review_submit(
                by=request.user,
                assignment=assignment,
                scores=score_form.scores(),
                opinion=score_form.cleaned_data["opinion"],
            )
        except DomainError as error:
            form_error(score_form, error)
        else:
            messages.success(request, f"已提交评分，总分 {assignment.total} 分。")
            return redirect("projects:review", pk=assignment.pk)
    if request.method == "POST" and action == "conflict" and conflict_form.is_valid():
        try:
            intake.review_declare_conflict(
                by=request.user, assignment=assignment, note=conflict_form.cleaned_data["note"]
            )
        except DomainError as error:
            form_error(conflict_form, error)
        else:
            messages.success(request, "已申报回避，继教办将另行安排评审专家。")
            return redirect("projects:reviews")
    return render(
        request,
        "projects/review_detail.html",
        {
            "assignment": assignment,
            "application": application,
            "courses": application.courses.select_related("teacher_person").order_by("position"),
            "criteria": criteria,
            "scores": {s.criterion_id: s.score for s in assignment.scores.all()},
            "open": open_,
            "score_form": score_form,
            "conflict_form": conflict_form,
            "outcome": {"findings": application.findings, "result": application.figures},
            "record": years_behind().execution_record(application),
        },
    )


def own_assignment_context(request, application: Application) -> dict:
    """On the application's page, a reviewer sees the way to their own review."""
    mine = application.assignments.filter(reviewer=request.user).first()
    return {"my_assignment": mine}
