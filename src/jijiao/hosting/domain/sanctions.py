"""Sanctions as policy: events propose them by the pack's sanction rules (``SAN_*``), the office
confirms or dismisses each with a reason, and criticisms the office enters propose their own.

Proposing is a step of the domain function that records the event (a report submitted late,
an inspection's violation, the office's year scan, a criticism): that function has checked its
own permission; the proposal is audited apart (``sanction.proposed``)."""

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, reason_given, require
from jijiao.common.transitions import transition
from jijiao.engine.rules.numbers import fraction_text
from jijiao.engine.rules.sanctions import Event, Proposal, propose
from jijiao.hosting.models import Criticism, Sanction
from jijiao.hosting.telling import tell_confirmed, tell_proposed
from jijiao.orgs import roles
from jijiao.orgs.models import Person, Unit
from jijiao.policy.access import get_policy
from jijiao.projects.models import PublishedProject

KINDS = {
    ("pi", "bar"): Sanction.Kind.PI_BARRED,
    ("unit_discipline", "bar"): Sanction.Kind.DISCIPLINE_BARRED,
    ("unit", "quota_cut"): Sanction.Kind.QUOTA_CUT,
    ("unit", "assessment_points"): Sanction.Kind.ASSESSMENT,
}


def _leader(project: PublishedProject | None) -> Person | None:
    application = getattr(project, "application", None) if project is not None else None
    return application.pi if application is not None else None


def sanctions_propose(
    *,
    by,
    event: Event,
    policy_id: str,
    unit: Unit,
    key: str,
    project: PublishedProject | None = None,
    leaders: Iterable[Person] = (),
    criticism: Criticism | None = None,
    inspection=None,
) -> list[Sanction]:
    """Propose what the pack's sanction rules say ``event`` costs ``unit`` (and the leader of
    ``project``, or ``leaders`` for a unit-wide event). ``key`` names the event, so proposing
    again for the same event adds nothing. A PI target without a leader known to the system
    (an imported project) and a discipline target without a discipline are skipped.

    Side effects: a Sanction ``proposed`` per rule and target; audit ``sanction.proposed`` each;
    the deciding office told of the new ones (one message, ``hosting.telling``). Returns the
    new proposals.
    """
    policy = get_policy(policy_id)
    made = []
    for proposal in propose(event, policy):
        for person in _targets(proposal, project, leaders):
            sanction = _proposed(proposal, policy_id, unit, person, project, key)
            if sanction is None:
                continue
            sanction.by = by if getattr(by, "pk", None) else None
            sanction.criticism = criticism
            sanction.inspection = inspection
            sanction.save()
            record(
                "sanction.proposed",
                actor=by if getattr(by, "pk", None) else None,
                obj=sanction,
                data={
                    "rule": proposal.code,
                    "trigger": proposal.trigger,
                    "unit": unit.pk,
                    "person": sanction.person_id,
                    "project": project.pk if project else None,
                    "effect": sanction.effect_text,
                    "reason": sanction.reason,
                },
            )
            made.append(sanction)
    tell_proposed(made, by=by)
    return made


def _targets(proposal: Proposal, project, leaders) -> list[Person | None]:
    if proposal.target != "pi":
        return [None]
    people = list(leaders) or ([_leader(project)] if _leader(project) else [])
    return sorted({p.pk: p for p in people}.values(), key=lambda p: p.pk)


def _proposed(proposal: Proposal, policy_id, unit, person, project, key) -> Sanction | None:
    discipline = ""
    if proposal.target == "unit_discipline":
        discipline = (project.discipline if project else "") or ""
        if not discipline:
            return None
    full_key = f"{proposal.code}:{key}:{person.pk if person else unit.pk}"[:120]
    if Sanction.objects.filter(key=full_key).exists():
        return None
    return Sanction(
        kind=KINDS[(proposal.target, proposal.effect)],
        state=Sanction.State.PROPOSED,
        rule_code=proposal.code,
        trigger=proposal.trigger,
        cite=proposal.cite[:120],
        policy_id=policy_id,
        key=full_key,
        unit=unit,
        person=person,
        project=project,
        discipline=discipline,
        quota_cut=proposal.places,
        quota_cut_share=fraction_text(proposal.share) if proposal.share is not None else "",
        points=_points(proposal),
        first_year=proposal.first_year,
        last_year=proposal.last_year,
        reason=proposal.reason[:300],
        at=clock.now(),
    )


def _points(proposal: Proposal) -> Decimal | None:
    if proposal.points is None:
        return None
    return Decimal(proposal.points.numerator) / Decimal(proposal.points.denominator)


def _decide(by, sanction: Sanction, state: str, reason: str, what: str) -> Sanction:
    require(by, "hosting.decide_sanction", sanction)
    reason = reason_given(reason, what)
    sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
    if sanction.state != Sanction.State.PROPOSED:
        raise DomainError(f"该处理{sanction.get_state_display()}，不能再{what}")
    before = sanction.state
    transition(sanction, state)
    sanction.decided_at = clock.now()
    sanction.decided_by = by
    sanction.decision_reason = reason[:300]
    sanction.save(update_fields=["state", "decided_at", "decided_by", "decision_reason"])
    if state == Sanction.State.CONFIRMED:
        tell_confirmed(sanction, by=by)
    record(
        f"sanction.{state}",
        actor=by,
        obj=sanction,
        data={
            "from": before,
            "rule": sanction.rule_code,
            "unit": sanction.unit_id,
            "person": sanction.person_id,
            "effect": sanction.effect_text,
            "reason": reason,
        },
    )
    return sanction


@transaction.atomic
def sanction_confirm(*, by, sanction: Sanction, reason: str) -> Sanction:
    """The office confirms a proposed sanction: from its first year it counts for the
    application rules (APP_PI_BARRED, APP_UNIT_DISCIPLINE_BARRED), the quota and the unit's
    assessment. Side effects: the sanction ``confirmed`` with who, when and why; audit
    ``sanction.confirmed``; the leader and the unit's administrators told (hosting.telling)."""
    return _decide(by, sanction, Sanction.State.CONFIRMED, reason, "确认")


@transaction.atomic
def sanction_dismiss(*, by, sanction: Sanction, reason: str) -> Sanction:
    """The office dismisses a proposed sanction: it never counts. Side effects: the sanction
    ``dismissed`` with who, when and why; audit ``sanction.dismissed``."""
    return _decide(by, sanction, Sanction.State.DISMISSED, reason, "撤销")


@transaction.atomic
def criticism_enter(
    *,
    by,
    office: Unit,
    unit: Unit,
    year: int,
    issuer: str,
    text: str,
    policy_id: str,
    project: PublishedProject | None = None,
) -> Criticism:
    """The office enters a criticism (通报批评) of a unit in its jurisdiction, e.g. by the
    province (seed 003 第十条). Side effects: a Criticism; audit ``criticism.entered``; the
    pack's ``criticism`` sanction rules proposed (sanctions_propose)."""
    require(by, "hosting.enter_criticism", office)
    issuer = (issuer or "").strip()
    text = (text or "").strip()
    if not issuer:
        raise DomainError("请填写通报机关（如 湖南省卫生健康委）", field="issuer")
    if not text:
        raise DomainError("请填写通报内容", field="text")
    if not Unit.objects.filter(pk=unit.pk).filter(roles.jurisdiction_q({office.pk})).exists():
        raise DomainError(f"{unit.name} 不在本单位辖区内", field="unit")
    get_policy(policy_id)
    criticism = Criticism.objects.create(
        office=office,
        unit=unit,
        project=project,
        year=year,
        issuer=issuer[:80],
        text=text[:300],
        policy_id=policy_id,
        at=clock.now(),
        by=by,
    )
    record(
        "criticism.entered",
        actor=by,
        obj=criticism,
        data={"unit": unit.pk, "year": year, "issuer": issuer, "text": text},
    )
    level = project.level if project else None
    event = Event("criticism", year, level=level, text=f"{issuer}通报批评：{text}")
    sanctions_propose(
        by=by,
        event=event,
        policy_id=policy_id,
        unit=unit,
        key=f"criticism:{criticism.pk}",
        project=project,
        criticism=criticism,
    )
    return criticism
