"""Candidates: a unit puts a person on the campaign's list and sets the case's options.

A person audited in an earlier campaign starts a new case here with nothing carried over: the
material is provided again in full (seed 002 三.5).
"""

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.audits.models import AuditCase, Campaign
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.credits.chain import city_office_of, review_chain
from jijiao.orgs.models import Person


def _first_stage(case: AuditCase) -> None:
    case.stage_index = 0
    case.current_office_id = case.chain[0]["office"]


@transaction.atomic
def case_create(
    *,
    by,
    campaign: Campaign,
    person: Person,
    early_promotion: bool = False,
    include_audit_year: bool = False,
) -> AuditCase:
    """Put ``person`` on the campaign's list for their unit.

    The chain follows the unit's supervising authority and is fixed now: unit → county office
    → city office, or unit → city office for a unit directly under the city. Side effects: the
    :class:`AuditCase` in ``draft`` at the unit, audit ``audits.case_created`` (naming an
    earlier campaign's case of the person, whose material is not reused).
    """
    if person.unit_id is None:
        raise DomainError(f"{person.name}当前不属于任何单位，不能申报学分审核")
    unit = person.unit
    require(by, "audits.add_candidate", unit)
    if campaign.state != Campaign.State.OPEN:
        raise DomainError(f"{campaign.title}已结束，不能再添加审核对象")
    if city_office_of(unit).pk != campaign.office_id:
        raise DomainError(f"{unit.name}不属于{campaign.office.name}，不参加本次审核")
    existing = AuditCase.objects.filter(campaign=campaign, person=person).first()
    if existing is not None:
        raise DomainError(
            f"{person.name}已在本次审核名单中（{existing.get_status_display()}）", field="person"
        )
    earlier = (
        AuditCase.objects.filter(person=person)
        .exclude(campaign=campaign)
        .order_by("-campaign__year")
        .first()
    )
    case = AuditCase(
        campaign=campaign,
        person=person,
        unit=unit,
        early_promotion=early_promotion,
        include_audit_year=include_audit_year,
        status=AuditCase.Status.DRAFT,
        chain=review_chain(unit),
        created_by=by,
        created_at=clock.now(),
    )
    _first_stage(case)
    case.save()
    record(
        "audits.case_created",
        actor=by,
        obj=case,
        data={
            "campaign": campaign.pk,
            "person": person.pk,
            "early_promotion": early_promotion,
            "include_audit_year": include_audit_year,
            "chain": [step["stage"] for step in case.chain],
            "earlier_case": earlier.pk if earlier else None,
        },
    )
    return case


@transaction.atomic
def case_options_set(
    *, by, case: AuditCase, early_promotion: bool, include_audit_year: bool
) -> AuditCase:
    """Change whether the candidate is promoted a year early (a 4-year window in wenzhou-2023)
    and whether the audit year's first half is listed. Only while the case is with the unit.
    Side effects: the case's options, audit ``audits.case_options_set`` with before and
    after."""
    require(by, "audits.edit_case", case)
    before = {
        "early_promotion": case.early_promotion,
        "include_audit_year": case.include_audit_year,
    }
    case.early_promotion = early_promotion
    case.include_audit_year = include_audit_year
    case.save(update_fields=["early_promotion", "include_audit_year"])
    after = {"early_promotion": early_promotion, "include_audit_year": include_audit_year}
    record("audits.case_options_set", actor=by, obj=case, data={"before": before, "after": after})
    return case
