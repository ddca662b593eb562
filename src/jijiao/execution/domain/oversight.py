"""The unit's annual assessment (seed 003 第十条) and the yearly work report (第七条)."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.execution.history import EXCUSED, HELD, NOT_HELD, PENDING, outcomes
from jijiao.execution.models import Assessment, WorkReport
from jijiao.hosting.models import Criticism, Sanction
from jijiao.orgs import roles
from jijiao.orgs.models import Unit
from jijiao.policy.access import get_policy


def _units(office: Unit):
    return roles.units_in_jurisdiction({office.pk}).exclude(kind=Unit.Kind.OFFICE)


@transaction.atomic
def assessments_compute(*, by, office: Unit, year: int) -> list[Assessment]:
    """Compute (again) the year's assessment of every unit under ``office`` that had approved
    projects that year, a criticism or a confirmed points sanction for it: the execution rate
    from the one history, the deductions from the confirmed ``assessment`` sanctions of the
    year's events (dismissed and proposed ones never count).

    Side effects: an Assessment per unit created or replaced; one audit ``assessment.computed``
    with the year and the count.
    """
    require(by, "execution.assess_units", office)
    units = {u.pk: u for u in _units(office)}
    counts: dict[int, dict[str, int]] = {}
    for o in outcomes(units=list(units), years=[year]):
        tally = counts.setdefault(o.unit_id, dict.fromkeys((HELD, NOT_HELD, EXCUSED, PENDING), 0))
        tally[o.status] += 1
    points = Sanction.objects.filter(
        unit_id__in=list(units),
        kind=Sanction.Kind.ASSESSMENT,
        state=Sanction.State.CONFIRMED,
        first_year=year + 1,
    ).order_by("at", "pk")
    deductions: dict[int, list[dict]] = {}
    for sanction in points:
        deductions.setdefault(sanction.unit_id, []).append(
            {
                "sanction": sanction.pk,
                "points": str(sanction.points),
                "reason": sanction.reason,
                "cite": sanction.cite,
            }
        )
    criticised = set(
        Criticism.objects.filter(unit_id__in=list(units), year=year).values_list(
            "unit_id", flat=True
        )
    )
    now = clock.now()
    made = []
    every = set(counts) | set(deductions) | criticised
    for unit_id in sorted(every, key=lambda pk: units[pk].name):
        tally = counts.get(unit_id, dict.fromkeys((HELD, NOT_HELD, EXCUSED, PENDING), 0))
        approved = sum(tally.values())
        rate = None
        if approved:
            rate = (Decimal(100 * tally[HELD]) / approved).quantize(Decimal("0.1"))
        off = deductions.get(unit_id, [])
        assessment, _ = Assessment.objects.update_or_create(
            unit_id=unit_id,
            year=year,
            defaults={
                "office": office,
                "approved": approved,
                "held": tally[HELD],
                "not_held": tally[NOT_HELD],
                "excused": tally[EXCUSED],
                "pending": tally[PENDING],
                "rate": rate,
                "deductions": off,
                "points_off": sum((Decimal(d["points"]) for d in off), Decimal(0)),
                "computed_at": now,
                "computed_by": by,
            },
        )
        made.append(assessment)
    record(
        "assessment.computed",
        actor=by,
        obj=office,
        data={
            "year": year,
            "units": len(made),
            "deductions": sum(len(v) for v in deductions.values()),
        },
    )
    return made


def _due(policy_id: str, year: int) -> tuple[dt.date, str]:
    table = get_policy(policy_id).get("work_report")
    if not table or "due" not in table:
        raise DomainError(f"政策包 {policy_id} 未规定年度工作报告的报送日期", field="policy_id")
    month, day = (int(part) for part in table["due"].split("-"))
    return dt.date(year, month, day), table.get("cite", "")


@transaction.atomic
def work_reports_open(*, by, office: Unit, year: int, policy_id: str) -> list[WorkReport]:
    """Ask the units directly under ``office`` and its districts for the year's CME work report
    by the pack's day (seed 003 第七条: 12-31). Units already asked are left as they are.

    Side effects: a WorkReport ``due`` per unit and district not yet asked; one audit
    ``work_report.opened`` with the count and the deadline.
    """
    require(by, "execution.assess_units", office)
    due, cite = _due(policy_id, year)
    asked = set(WorkReport.objects.filter(year=year).values_list("unit_id", flat=True))
    now = clock.now()
    made = WorkReport.objects.bulk_create(
        [
            WorkReport(
                office=office,
                unit=unit,
                year=year,
                due=due,
                cite=cite[:120],
                opened_at=now,
                opened_by=by,
            )
            for unit in Unit.objects.filter(supervisor=office).order_by("name")
            if unit.pk not in asked
        ]
    )
    record(
        "work_report.opened",
        actor=by,
        obj=office,
        data={"year": year, "due": due.isoformat(), "units": len(made), "policy": policy_id},
    )
    return made


@transaction.atomic
def work_report_submit(*, by, report: WorkReport, text: str) -> WorkReport:
    """The unit (its 科教科) or the district (its office) reports its year's CME work. A report
    after the deadline is kept and shown late. Side effects: the report ``submitted`` with its
    date; audit ``work_report.submitted`` (late or not)."""
    require(by, "execution.submit_work_report", report)
    text = (text or "").strip()
    if not text:
        raise DomainError("请填写本年度继续医学教育工作开展情况", field="text")
    report = WorkReport.objects.select_for_update().get(pk=report.pk)
    if report.state == WorkReport.State.SUBMITTED:
        raise DomainError(
            f"{report.year} 年度工作报告{report.get_state_display()}（{report.submitted_on}），"
            "不能再次报送"
        )
    report.text = text
    transition(report, WorkReport.State.SUBMITTED)
    report.submitted_on = clock.today()
    report.submitted_at = clock.now()
    report.submitted_by = by
    report.save()
    record(
        "work_report.submitted",
        actor=by,
        obj=report,
        data={"year": report.year, "due": report.due.isoformat(), "late": report.late},
    )
    return report
