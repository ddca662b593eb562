"""The office's side: paper receipts, intake, expert review, decision and numbering."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.common.todo import end_of_day
from jijiao.common.transitions import transition
from jijiao.engine.rules.workflow import PaperSet, check_paper
from jijiao.orgs.models import Account, Role, Unit
from jijiao.policy.access import get_policy
from jijiao.projects.domain.applications import lock, log_event
from jijiao.projects.models import (
    Application,
    Call,
    NumberSeries,
    PaperReceipt,
    PublishedProject,
    ReviewAssignment,
    ReviewCriterion,
    ReviewScore,
)

State = Application.State


@transaction.atomic
def paper_receipt_record(
    *, by, call: Call, unit: Unit, received_at: dt.datetime, note: str = ""
) -> PaperReceipt:
    """The office records that a unit's stamped paper set arrived (seed 000: 缺一不可).

    Side effects: a PaperReceipt (one per unit and call), audit ``paper.received`` saying
    whether it came before the deadline.
    """
    require(by, "projects.record_paper", call)
    received_at = clock.local(received_at)
    if PaperReceipt.objects.filter(call=call, unit=unit).exists():
        raise DomainError(f"{unit.name} 的纸质材料已登记")
    receipt = PaperReceipt.objects.create(
        call=call, unit=unit, received_at=received_at, recorded_by=by, note=note
    )
    late = bool(call.paper_deadline and received_at > call.paper_deadline)
    record(
        "paper.received",
        actor=by,
        obj=receipt,
        data={"unit": unit.name, "at": received_at.isoformat(), "late": late},
    )
    return receipt


def paper_late(
    deadline: dt.datetime | None, received_at: dt.datetime | None, now: dt.datetime
) -> bool:
    """The 缺一不可 flag from its facts: the deadline has passed and the paper set never arrived
    or arrived after it. Lists compute it for many rows from one query of receipts."""
    if deadline is None or now <= deadline:
        return False
    return received_at is None or received_at > deadline


def paper_missing(application: Application, *, now: dt.datetime | None = None) -> bool:
    """Flag: the call's paper deadline has passed and the unit's paper set never arrived (or
    arrived late)."""
    receipt = PaperReceipt.objects.filter(call=application.call, unit=application.unit).first()
    return paper_late(
        application.call.paper_deadline,
        receipt.received_at if receipt else None,
        now or clock.now(),
    )


def paper_refusal(application: Application, *, final: bool) -> str | None:
    """Why the office may not take in (``final=False``) or approve (``final=True``) an
    application for want of its unit's paper set — the pack's ``APP_PAPER_LATE`` at severity
    ``error`` against the call's paper deadline — or ``None``."""
    call = application.call
    rule = get_policy(call.policy_id).rule("application", call.level, "APP_PAPER_LATE")
    if rule is None or rule.severity != "error":
        return None
    receipt = PaperReceipt.objects.filter(call=call, unit=application.unit).first()
    paper = PaperSet(
        deadline=clock.local(call.paper_deadline) if call.paper_deadline else None,
        received_at=clock.local(receipt.received_at) if receipt else None,
        now=clock.now(),
    )
    findings = check_paper(paper, rule, final=final)
    return f"{application.unit.name}：{findings[0].message}" if findings else None


@transaction.atomic
def application_accept(*, by, application: Application) -> Application:
    """Office intake: a recommended application goes to expert review.

    Side effects: state ``under_review``, event, audit.
    """
    require(by, "projects.office_review", application)
    lock(application)
    if application.state != State.RECOMMENDED:
        raise DomainError(
            f"只有单位已推荐的申报才能受理（当前：{application.get_state_display()}）"
        )
    refusal = paper_refusal(application, final=False)
    if refusal:
        raise DomainError(f"不能受理。{refusal}")
    transition(application, State.UNDER_REVIEW)
    application.save(update_fields=["state"])
    log_event(application, by=by, action="accepted", before=State.RECOMMENDED)
    return application


@transaction.atomic
def criteria_set(*, by, call: Call, criteria: list[tuple[str, int, bool]]) -> None:
    """The office sets the review criteria (name, weight, required) before any score exists.

    Side effects: the call's criteria replaced, audit ``review.criteria_set``.
    """
    require(by, "projects.set_criteria", call)
    if ReviewScore.objects.filter(criterion__call=call).exists():
        raise DomainError("已有专家评分，不能再修改评审指标")
    if not criteria:
        raise DomainError("至少需要一项评审指标")
    call.criteria.all().delete()
    ReviewCriterion.objects.bulk_create(
        [
            ReviewCriterion(call=call, position=i, name=name, weight=weight, required=required)
            for i, (name, weight, required) in enumerate(criteria, start=1)
        ]
    )
    record(
        "review.criteria_set",
        actor=by,
        obj=call,
        data={"criteria": [[n, w, r] for n, w, r in criteria]},
    )


def reviewer_unit_ids(reviewer: Account) -> set[int]:
    units = {a.unit_id for a in reviewer.roles.filter(active=True) if a.unit_id}
    if reviewer.person_id and reviewer.person.unit_id:
        units.add(reviewer.person.unit_id)
    return units


@transaction.atomic
def review_assign(
    *, by, application: Application, reviewer: Account, due: dt.date | None = None
) -> ReviewAssignment:
    """Give an application to an expert reviewer — never one of the applying unit — to score by
    the end of ``due`` (the office's date; none given, the review has no deadline).

    Side effects: a ReviewAssignment, event, audit ``review.assigned`` with the due date.
    """
    require(by, "projects.office_review", application)
    if application.state != State.UNDER_REVIEW:
        raise DomainError("只有受理后的申报才能分配评审专家")
    if not reviewer.roles.filter(role=Role.EXPERT, active=True).exists():
        raise DomainError(f"{reviewer} 不是评审专家", field="reviewer")
    if application.unit_id in reviewer_unit_ids(reviewer):
        raise DomainError(f"{reviewer} 与申报单位为同一单位，应回避", field="reviewer")
    if application.assignments.filter(reviewer=reviewer).exists():
        raise DomainError(f"已分配给 {reviewer}", field="reviewer")
    now = clock.now()
    if due is not None and due < clock.today():
        raise DomainError(f"评审截止日期 {due:%Y-%m-%d} 已过，请选择今天或以后的日期", field="due")
    assignment = ReviewAssignment.objects.create(
        application=application,
        reviewer=reviewer,
        assigned_at=now,
        assigned_by=by,
        due_at=None if due is None else end_of_day(due, clock.SHANGHAI),
    )
    record(
        "review.assigned",
        actor=by,
        obj=application,
        data={"reviewer": reviewer.get_username(), "due": due.isoformat() if due else None},
    )
    return assignment


@transaction.atomic
def review_declare_conflict(*, by, assignment: ReviewAssignment, note: str) -> None:
    """A reviewer declares a conflict of interest and steps aside. Side effect: audit."""
    require(by, "projects.review", assignment)
    if assignment.state != ReviewAssignment.State.ASSIGNED:
        raise DomainError(f"该评审{assignment.get_state_display()}，不能再申报回避")
    if not note.strip():
        raise DomainError("请说明回避理由", field="conflict_note")
    transition(assignment, ReviewAssignment.State.CONFLICT)
    assignment.conflict_note = note
    assignment.save(update_fields=["state", "conflict_note"])
    record("review.conflict_declared", actor=by, obj=assignment.application, data={"note": note})


@transaction.atomic
def review_submit(
    *, by, assignment: ReviewAssignment, scores: dict[int, Decimal], opinion: str
) -> ReviewAssignment:
    """A reviewer scores each criterion (0 to its weight; required ones must be scored) and
    writes an opinion. Side effects: ReviewScores, the total, audit ``review.submitted``."""
    require(by, "projects.review", assignment)
    if assignment.state != ReviewAssignment.State.ASSIGNED:
        raise DomainError(f"该评审{assignment.get_state_display()}，不能再提交评分")
    criteria = list(assignment.application.call.criteria.all())
    if not criteria:
        raise DomainError("继教办尚未设置评审指标")
    rows, total = [], Decimal(0)
    for criterion in criteria:
        score = scores.get(criterion.pk)
        if score is None:
            if criterion.required:
                raise DomainError(f"“{criterion.name}”为必评项，请打分", field="scores")
            continue
        score = Decimal(str(score))
        if not Decimal(0) <= score <= criterion.weight:
            raise DomainError(
                f"“{criterion.name}”得分应在 0–{criterion.weight} 之间", field="scores"
            )
        rows.append(ReviewScore(assignment=assignment, criterion=criterion, score=score))
        total += score
    if not opinion.strip():
        raise DomainError("请填写评审意见", field="opinion")
    ReviewScore.objects.bulk_create(rows)
    transition(assignment, ReviewAssignment.State.SUBMITTED)
    assignment.opinion = opinion
    assignment.total = total
    assignment.submitted_at = clock.now()
    assignment.save()
    record(
        "review.submitted",
        actor=by,
        obj=assignment.application,
        data={"total": str(total), "reviewer": by.get_username()},
    )
    return assignment


def mean_score(application: Application) -> Decimal | None:
    totals = [a.total for a in application.assignments.all() if a.total is not None]
    if not totals:
        return None
    return (sum(totals) / len(totals)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def next_number(application: Application, number_format: str) -> str:
    """The next serial in the level's format (e.g. ``{year}-{discipline}-{serial:03d}（国）``),
    counted within the same year, level and discipline.

    Side effects: takes and advances the series' row (:class:`NumberSeries`) under a row lock
    held to the end of the caller's transaction, so concurrent decisions in one series get
    consecutive serials; a number already given by hand is stepped over.
    """
    call = application.call
    key = {"level": call.level, "year": call.year, "discipline": application.discipline}
    NumberSeries.objects.bulk_create([NumberSeries(**key)], ignore_conflicts=True)
    series = NumberSeries.objects.select_for_update().get(**key)
    taken = number_taken_query(call.level)
    serial = series.last_serial
    while True:
        serial += 1
        number = number_format.format(
            year=call.year,
            discipline=application.discipline,
            secondary=application.discipline.split("-")[0],
            serial=serial,
        )
        if not taken(number):
            break
    series.last_serial = serial
    series.save(update_fields=["last_serial"])
    return number


def number_taken_query(level: str):
    """Whether a number of the level is given: to an application or in a published list."""

    def taken(number: str, *, other_than: Application | None = None) -> bool:
        applications = Application.objects.filter(number_level=level, number=number)
        if other_than is not None:
            applications = applications.exclude(pk=other_than.pk)
        return (
            applications.exists()
            or PublishedProject.objects.filter(level=level, number=number).exists()
        )

    return taken


@transaction.atomic
def application_decide(
    *, by, application: Application, approve: bool, reason: str, number: str = ""
) -> Application:
    """Approve (numbered in the level's format from the pack, or the number the office types
    where the pack sets none) or reject, with reasons published to the PI. Approval needs the
    unit's paper set received by the call's paper deadline where the pack's ``APP_PAPER_LATE``
    is an error (:func:`paper_refusal`); intake refuses once the deadline has passed without it.

    Side effects: state, number and decision, event, audit ``application.approved|rejected``.
    """
    require(by, "projects.office_review", application)
    lock(application)
    if application.state != State.UNDER_REVIEW:
        raise DomainError(
            f"只有评审中的申报才能作出批准决定，当前为「{application.get_state_display()}」"
        )
    if not reason.strip():
        raise DomainError("请填写批准或不批准的意见", field="reason")
    if approve:
        refusal = paper_refusal(application, final=True)
        if refusal:
            raise DomainError(f"不能批准。{refusal}；可作不予批准处理")
        number_format = get_policy(application.call.policy_id).get(
            "numbering", application.call.level, "format"
        )
        number = number.strip() or (
            next_number(application, number_format) if number_format else ""
        )
        if not number:
            raise DomainError("本政策包未规定该级别的项目编号格式，请填写项目编号", field="number")
        if number_taken_query(application.call.level)(number, other_than=application):
            raise DomainError(f"项目编号 {number} 已被使用，请填写未使用的编号", field="number")
        application.number = number
        application.number_level = application.call.level
    transition(application, State.APPROVED if approve else State.REJECTED)
    application.decided_at = clock.now()
    application.decision_reason = reason
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # Another decision took the typed number between the check above and this save.
        raise DomainError(
            f"项目编号 {application.number} 已被使用，请填写未使用的编号", field="number"
        ) from None
    log_event(
        application,
        by=by,
        action="approved" if approve else "rejected",
        before=State.UNDER_REVIEW,
        note=reason,
    )
    return application
