"""City training plans (seed 003 第十一条, 附件2): units submit half-year plans in a plan call,
the office approves rows as projects on the city's list.

The deadlines (Changsha: 03-31 for the first half, 07-31 for the second) are the pack's
(``plans.deadlines``): the office opens one plan call per half-year, closing by default on the
pack's next deadline (jijiao.projects.domain.calls.call_open).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.orgs.models import Unit
from jijiao.projects.models import (
    Call,
    Format,
    PlanRow,
    PublicationList,
    PublishedProject,
    TrainingPlan,
)

NUMBER_FORMAT = "JH{year}-{half}-{serial:03d}"


@dataclass(frozen=True)
class PlanRowInput:
    """One row of 附件2: 培训名称、内容、对象、时间、地点、人数、承办单位、方式、拟授学分、备注."""

    name: str
    content: str
    audience: str
    time_text: str
    place: str
    numbers: int | None
    organiser: str
    format: str
    credits: Decimal | None
    note: str = ""


@dataclass(frozen=True)
class RowDecision:
    approve: bool
    note: str = ""
    number: str = ""


def plan_half(call: Call) -> int:
    """The half-year a plan call is for: the half its deadline falls in (03-31 → first,
    07-31 → second), since each plan is handed in during the half it covers."""
    half = TrainingPlan.Half
    return half.FIRST if clock.local(call.closes_at).month <= 6 else half.SECOND


def _checked_rows(plan: TrainingPlan, rows: list[PlanRowInput]) -> list[PlanRow]:
    checked = []
    required = (
        ("name", "培训名称"),
        ("content", "培训内容"),
        ("audience", "培训对象"),
        ("time_text", "培训时间"),
        ("place", "培训地点"),
    )
    for position, row in enumerate(rows, start=1):
        for key, label in required:
            if not getattr(row, key).strip():
                raise DomainError(f"第 {position} 行“{label}”不能为空", field="rows")
        if not row.numbers or row.numbers <= 0:
            raise DomainError(f"第 {position} 行“培训人数”须为正整数", field="rows")
        if row.format not in Format.values:
            raise DomainError(f"第 {position} 行“培训方式”无效", field="rows")
        credits = Decimal(str(row.credits)) if row.credits is not None else None
        if credits is None or not Decimal("0") < credits < Decimal("1000"):
            raise DomainError(f"第 {position} 行“拟授学分”须大于 0", field="rows")
        checked.append(
            PlanRow(
                plan=plan,
                position=position,
                name=row.name.strip(),
                content=row.content.strip(),
                audience=row.audience.strip(),
                time_text=row.time_text.strip(),
                place=row.place.strip(),
                numbers=row.numbers,
                organiser=row.organiser.strip() or plan.unit.name,
                format=row.format,
                credits=credits.quantize(Decimal("0.1")),
                note=row.note.strip(),
            )
        )
    return checked


@transaction.atomic
def plan_save(*, by, call: Call, unit: Unit, rows: list[PlanRowInput]) -> TrainingPlan:
    """Save a unit's plan draft in an open plan call (one plan per unit and call).

    Side effects: the TrainingPlan (created on first save), its rows replaced, audit
    ``plan.saved`` with the row count.
    """
    require(by, "projects.submit_plan", unit)
    if call.kind != Call.Kind.PLAN:
        raise DomainError("该通知不是培训计划通知")
    if call.state != Call.State.OPEN:
        raise DomainError("该培训计划通知已截止")
    now = clock.now()
    plan, _ = TrainingPlan.objects.select_for_update().get_or_create(
        call=call,
        unit=unit,
        defaults={
            "half": plan_half(call),
            "created_by": by,
            "created_at": now,
            "updated_at": now,
        },
    )
    if not plan.editable:
        raise DomainError(f"计划{plan.get_state_display()}，不能再修改")
    checked = _checked_rows(plan, rows)
    plan.rows.all().delete()
    PlanRow.objects.bulk_create(checked)
    plan.updated_at = now
    plan.save(update_fields=["updated_at"])
    record("plan.saved", actor=by, obj=plan, data={"rows": len(checked)})
    return plan


@transaction.atomic
def plan_submit(*, by, plan: TrainingPlan) -> TrainingPlan:
    """Hand the plan in to the office that reviews the call, inside the call's window (the
    deadline: Changsha 03-31 / 07-31).

    Side effects: state ``submitted``, the time and submitter, audit ``plan.submitted``.
    """
    if plan.state != TrainingPlan.State.DRAFT:  # before the permission, which needs a draft
        raise DomainError(f"计划{plan.get_state_display()}，不能再提交")
    require(by, "projects.edit_plan", plan)
    call = plan.call
    now = clock.now()
    if not call.accepts_at(now):
        raise DomainError(
            f"不在计划提交时间内：{clock.local(call.opens_at):%Y-%m-%d %H:%M} 至 "
            f"{clock.local(call.closes_at):%Y-%m-%d %H:%M}"
        )
    count = plan.rows.count()
    if not count:
        raise DomainError("计划中没有培训项目，不能提交")
    transition(plan, TrainingPlan.State.SUBMITTED)
    plan.submitted_at = now
    plan.submitted_by = by
    plan.save(update_fields=["state", "submitted_at", "submitted_by"])
    record("plan.submitted", actor=by, obj=plan, data={"rows": count})
    return plan


def _plan_list(call: Call, by) -> PublicationList:
    """The call's list of approved plan projects, made on the first approval."""
    existing = (
        PublicationList.objects.filter(projects__plan_row__plan__call=call).distinct().first()
    )
    if existing is not None:
        return existing
    half = TrainingPlan.Half(plan_half(call)).label
    return PublicationList.objects.create(
        level=call.level,
        year=call.year,
        title=f"{call.year}年{half}{call.get_level_display()}继续医学教育计划项目",
        office=call.office,
        published_at=clock.now(),
        published_by=by,
    )


def _next_plan_number(call: Call) -> str:
    prefix = NUMBER_FORMAT.split("{serial")[0].format(year=call.year, half=plan_half(call))
    taken = set(
        PublishedProject.objects.filter(level=call.level, number__startswith=prefix).values_list(
            "number", flat=True
        )
    )
    serial = len(taken) + 1
    while True:
        number = NUMBER_FORMAT.format(year=call.year, half=plan_half(call), serial=serial)
        if number not in taken:
            return number
        serial += 1


@transaction.atomic
def plan_decide(*, by, plan: TrainingPlan, decisions: dict[int, RowDecision]) -> TrainingPlan:
    """The office approves or rejects rows of a submitted plan.

    An approved row becomes a PublishedProject on the call's list (level and year of the call,
    the unit as host) rather than an approved Application: a plan row has no project leader,
    schedule or expert review, which an Application requires, while a published project is
    what every later step (the public list and its Excel, filing, sessions, the execution
    summaries) works from. The number is the office's, or ``JH{year}-{half}-{serial}``.
    A rejected row needs a reason. The plan is ``decided`` once no row is pending.
    Side effects: row states and notes, PublishedProjects, the plan's state, one audit entry
    ``plan.decided`` with the counts and numbers.
    """
    require(by, "projects.decide_plan", plan)
    call = Call.objects.select_for_update().get(pk=plan.call_id)
    plan.refresh_from_db()
    if plan.state != TrainingPlan.State.SUBMITTED:
        raise DomainError(f"计划{plan.get_state_display()}，不能审核")
    pending = {r.pk: r for r in plan.rows.filter(state=PlanRow.State.PENDING)}
    unknown = set(decisions) - set(pending)
    if unknown or not decisions:
        raise DomainError("请选择本计划中待审核的条目")
    approved, rejected = [], []
    for pk, decision in sorted(decisions.items(), key=lambda item: pending[item[0]].position):
        row = pending[pk]
        if decision.approve:
            approved.append((row, decision))
        elif not decision.note.strip():
            raise DomainError(f"第 {row.position} 行不批准须写明理由", field="note")
        else:
            rejected.append((row, decision))
    numbers = []
    for row, decision in approved:
        number = decision.number.strip() or _next_plan_number(call)
        if PublishedProject.objects.filter(level=call.level, number=number).exists():
            raise DomainError(f"项目编号 {number} 已被使用", field="number")
        row.published = PublishedProject.objects.create(
            publication=_plan_list(call, by),
            level=call.level,
            year=call.year,
            number=number,
            name=row.name,
            host_name=plan.unit.name,
            host=plan.unit,
            leader_name="",
            dates=row.time_text,
            venue=row.place,
            credits=row.credits,
            audience=row.audience,
            enrollment=row.numbers,
            note=f"承办单位：{row.organiser}" if row.organiser != plan.unit.name else "",
        )
        transition(row, PlanRow.State.APPROVED)
        row.decision_note = decision.note.strip()
        row.save(update_fields=["published", "state", "decision_note"])
        numbers.append(number)
    for row, decision in rejected:
        transition(row, PlanRow.State.REJECTED)
        row.decision_note = decision.note.strip()
        row.save(update_fields=["state", "decision_note"])
    if not plan.rows.filter(state=PlanRow.State.PENDING).exists():
        transition(plan, TrainingPlan.State.DECIDED)
        plan.decided_at = clock.now()
        plan.save(update_fields=["state", "decided_at"])
    record(
        "plan.decided",
        actor=by,
        obj=plan,
        data={"approved": len(approved), "rejected": len(rejected), "numbers": numbers},
    )
    return plan
