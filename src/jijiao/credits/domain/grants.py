"""Credits granted from an executed project session (domain.md §4 "accepted → grant").

The execution issue calls :func:`credits_grant_for_session` once a session's report is accepted;
calling it again for the same session changes nothing for people already granted.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.credits.domain.certificates import certificates_issue_for_entries
from jijiao.credits.domain.common import money, step
from jijiao.credits.models import ApprovalStep, LedgerEntry
from jijiao.credits.vocab import PROJECT_LECTURE_TYPE, PROJECT_TYPE
from jijiao.engine.packs.model import Policy
from jijiao.engine.rules.numbers import credits_down
from jijiao.engine.rules.vocab import LEVEL_NAMES
from jijiao.orgs.models import Person
from jijiao.policy.access import policy_for_decision

SESSION = "session"
SESSION_LECTURE = "session_lecture"


@dataclass
class GrantOutcome:
    """The rows of the session: those created by this call and those that already existed."""

    created: list[LedgerEntry] = field(default_factory=list)
    existing: list[LedgerEntry] = field(default_factory=list)


def project_category(policy: Policy, level: str, credit_class: str | None) -> tuple[str, str]:
    """The class and level a project of ``level`` earns by the pack (``credits.<level>``)."""
    spec = policy.get("credits", level, default={})
    pack_class = spec.get("credit_class")
    if credit_class and pack_class and credit_class != pack_class:
        raise DomainError(
            f"政策包 {policy.id} 规定{LEVEL_NAMES.get(level, level)}项目授{pack_class}类学分，"
            f"与传入的{credit_class}类不符"
        )
    chosen = credit_class or pack_class
    if not chosen:
        raise DomainError(
            f"政策包 {policy.id} 未规定{LEVEL_NAMES.get(level, level)}项目的学分类别，无法授分"
        )
    return chosen, spec.get("credit_level", level)


def lecturer_credits(policy: Policy, level: str, hours: Decimal) -> Decimal | None:
    """Lecturer credits by the pack's rate per 学时, rounded down to 0.1; ``None`` when the
    pack sets no rate (wenzhou-2025's city projects)."""
    rate = policy.get("credits", level, "lecturer_credits_per_hour")
    if rate is None:
        return None
    value = credits_down(Fraction(str(rate)) * Fraction(str(hours)))
    return Decimal(value.numerator) / Decimal(value.denominator)


def _grant_row(
    person: Person,
    *,
    by,
    source_type: str,
    session_ref: str,
    method: str,
    activity_type: str,
    common: dict,
    hours: Decimal | None,
    credits: Decimal,
    details: dict,
    outcome: GrantOutcome,
) -> None:
    found = LedgerEntry.objects.filter(
        person=person, source_type=source_type, source_id=session_ref
    ).first()
    if found is not None:
        outcome.existing.append(found)
        return
    entry = LedgerEntry.objects.create(
        person=person,
        unit=person.unit,
        source=LedgerEntry.Source.PROJECT,
        entry_method=method,
        activity_type=activity_type,
        hours=hours,
        credits=credits,
        details=details,
        status=LedgerEntry.Status.APPROVED,
        source_type=source_type,
        source_id=session_ref,
        decided_at=common["entered_at"],
        **common,
    )
    step(
        entry,
        by=by,
        action=ApprovalStep.Action.GRANTED,
        before="",
        reason=f"项目执行情况已审核通过（{session_ref}）",
    )
    outcome.created.append(entry)


@transaction.atomic
def credits_grant_for_session(
    *,
    by,
    session_ref: str,
    project_number: str,
    title: str,
    activity_date: dt.date,
    year: int,
    level: str,
    credit_class: str | None = None,
    attendees: list[Person],
    lecturers: list[tuple[Person, Decimal]],
    hours: Decimal | None,
    credits: Decimal,
    policy_id: str,
) -> GrantOutcome:
    """Grant a session's credits to its full attendees and its lecturers, approved.

    Idempotent per person and ``session_ref``: a person already granted for the session keeps
    their row (returned in ``existing``); a person added later gets theirs. Class and level come
    from the pack's ``credits.<level>`` (``credit_class`` may state it, and must then agree);
    lecturer credits from its ``lecturer_credits_per_hour`` — when the pack sets no rate the
    lecturer's row records the teaching with 0 credits. Side effects: one approved row per
    person and role with a ``granted`` step, a credit certificate per attendee row and a
    teaching proof per lecturer row (issued as the granting account,
    :func:`certificates_issue_for_entries`: one audit entry ``credits.certificates_issued``),
    the pack pinned, one audit entry ``credits.session_granted`` with the counts.
    """
    require(by, "credits.grant_session")
    if not session_ref.strip():
        raise DomainError("缺少班次标识（session_ref）")
    credits = money(credits, "学分")
    hours = money(hours, "学时", places=2, required=False)
    policy = policy_for_decision(policy_id, used_by=f"授分:{session_ref}"[:120])
    chosen_class, chosen_level = project_category(policy, level, credit_class)
    maximum = policy.get("credits", level, "max_per_project")
    if maximum is not None and Fraction(str(credits)) > Fraction(str(maximum)):
        raise DomainError(f"授予学分 {credits} 超过政策包规定的每项目 {maximum} 学分上限")
    now = clock.now()
    common = {
        "year": year,
        "activity_date": activity_date,
        "credit_class": chosen_class,
        "credit_level": chosen_level,
        "title": title,
        "project_number": project_number,
        "policy_id": policy.id,
        "policy_hash": policy.content_hash,
        "entered_by": by if getattr(by, "pk", None) else None,
        "entered_at": now,
    }
    outcome = GrantOutcome()
    seen: set[int] = set()
    for person in attendees:
        if person.pk in seen:
            continue
        seen.add(person.pk)
        _grant_row(
            person,
            by=by,
            source_type=SESSION,
            session_ref=session_ref,
            method=LedgerEntry.Method.ATTENDANCE,
            activity_type=PROJECT_TYPE,
            common=common,
            hours=hours,
            credits=credits,
            details={"level": level},
            outcome=outcome,
        )
    seen.clear()
    for person, taught in lecturers:
        if person.pk in seen:
            continue
        seen.add(person.pk)
        taught = money(taught, f"{person.name}的授课学时", places=2)
        rate_credits = lecturer_credits(policy, level, taught)
        details = {"level": level, "taught_hours": str(taught)}
        if rate_credits is None:
            details["note"] = f"政策包 {policy.id} 未规定授课教师学分，仅记录授课"
        _grant_row(
            person,
            by=by,
            source_type=SESSION_LECTURE,
            session_ref=session_ref,
            method=LedgerEntry.Method.LECTURER,
            activity_type=PROJECT_LECTURE_TYPE,
            common=common,
            hours=taught,
            credits=rate_credits if rate_credits is not None else Decimal("0.0"),
            details=details,
            outcome=outcome,
        )
    certificates_issue_for_entries(by=by, entries=outcome.created)
    record(
        "credits.session_granted",
        actor=by,
        data={
            "session": session_ref,
            "project_number": project_number,
            "created": len(outcome.created),
            "existing": len(outcome.existing),
            "lecturers": len(seen),
            "policy": policy.id,
            "policy_hash": policy.content_hash,
        },
    )
    return outcome
