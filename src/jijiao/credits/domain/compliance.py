"""Annual compliance: exemptions and public-subject hours, the unit's confirmed list, the
annual qualification proof."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.credits.chain import credit_year_of
from jijiao.credits.domain.certificates import new_code
from jijiao.credits.domain.common import Upload, money, store
from jijiao.credits.models import AnnualFacts, Certificate, ComplianceConfirmation, LedgerEntry
from jijiao.credits.transcript import STATUS_LABELS, credits_text, person_year, unit_compliance
from jijiao.engine.rules.credits import deadline_for
from jijiao.orgs.models import Person, Unit
from jijiao.policy.access import get_policy, policy_for_decision

MET = ("compliant", "exempt")


@transaction.atomic
def annual_facts_set(
    *,
    by,
    person: Person,
    year: int,
    exemption: str = "",
    reason: str = "",
    evidence: Upload | None = None,
    public_subject_hours: Decimal | None = None,
) -> AnnualFacts:
    """Record a person's exemption for the year (视同完成: with reason and evidence) and the
    public-subject 学时 HR recognised. Side effects: the :class:`AnnualFacts` row, the stored
    evidence, audit ``credits.annual_facts_set`` with before and after."""
    require(by, "credits.set_annual_facts", person)
    if exemption and exemption not in AnnualFacts.Exemption.values:
        raise DomainError("视同完成情形无效", field="exemption")
    hours = money(public_subject_hours, "公需科目学时", required=False)
    facts = AnnualFacts.objects.select_for_update().filter(person=person, year=year).first()
    before = None
    if facts is None:
        facts = AnnualFacts(person=person, year=year)
    else:
        before = {"exemption": facts.exemption, "hours": str(facts.public_subject_hours or "")}
    if exemption:
        if not reason.strip():
            raise DomainError("视同完成须写明说明", field="reason")
        if evidence is None and not facts.exemption_evidence:
            raise DomainError("视同完成须上传证明材料", field="evidence")
    if evidence is not None:
        facts.exemption_evidence = store(evidence, "credits/exemptions").path
    facts.exemption = exemption
    facts.exemption_reason = reason.strip() if exemption else ""
    facts.public_subject_hours = hours
    facts.set_by = by
    facts.set_at = clock.now()
    facts.save()
    record(
        "credits.annual_facts_set",
        actor=by,
        obj=person,
        data={
            "year": year,
            "before": before,
            "after": {"exemption": exemption, "hours": str(hours or "")},
        },
    )
    return facts


def confirm_opens_on(policy, year: int) -> tuple[dt.date, str]:
    """The first day a year's compliance list may be confirmed, and its clause: the pack's
    ``compliance.confirm_opens`` (wenzhou-2023: 04-01 of the next year, after the review closes
    on 03-31), else the day after the year ends — a year is never confirmed while it runs."""
    table = policy.get("compliance", "confirm_opens", default=None)
    if table is None:
        return dt.date(year + 1, 1, 1), "年度结束后方可确认"
    return deadline_for(dt.date(year, 1, 1), table["opens"]), table.get("cite", "")


def confirm_refusal(unit: Unit, year: int) -> str | None:
    """Why the unit may not confirm the year's list today, or ``None``."""
    try:
        setting = credit_year_of(unit, year)
    except DomainError as error:  # the office has not chosen the year's pack yet
        return error.message.rstrip("。")
    policy = get_policy(setting.policy_id)
    opens, cite = confirm_opens_on(policy, year)
    if clock.today() >= opens:
        return None
    return f"{year} 年度名单自 {opens:%Y-%m-%d} 起方可确认（{cite}）"


@transaction.atomic
def compliance_list_confirm(*, by, unit: Unit, year: int) -> ComplianceConfirmation:
    """The unit confirms its compliance list for the year, once nothing waits at the unit and
    the pack's date has come (:func:`confirm_opens_on`).

    Side effects: a :class:`ComplianceConfirmation` with each person's status and the pack
    pinned, one audit entry ``credits.compliance_confirmed`` with the counts.
    """
    require(by, "credits.confirm_compliance", unit)
    refusal = confirm_refusal(unit, year)
    if refusal:
        raise DomainError(f"不能确认：{refusal}")
    waiting = LedgerEntry.objects.filter(
        year=year, status=LedgerEntry.Status.PENDING_UNIT, current_office=unit
    ).count()
    if waiting:
        raise DomainError(f"尚有 {waiting} 条 {year} 年度学分记录待本单位审核，请审核后再确认名单")
    setting = credit_year_of(unit, year)
    policy = policy_for_decision(setting.policy_id, used_by=f"年度达标:{unit.name}"[:120])
    listing = unit_compliance(unit, year)
    counts = {status: listing.count(status) for status in STATUS_LABELS}
    confirmation = ComplianceConfirmation.objects.create(
        unit=unit,
        year=year,
        confirmed_by=by,
        confirmed_at=clock.now(),
        policy_id=policy.id,
        policy_hash=policy.content_hash,
        compliant=counts["compliant"],
        noncompliant=counts["noncompliant"],
        exempt=counts["exempt"],
        rows=[{"person": t.person.pk, "status": t.status} for t in listing.people],
    )
    record(
        "credits.compliance_confirmed",
        actor=by,
        obj=unit,
        data={"year": year, "people": len(listing.people), **counts, "policy": policy.id},
    )
    return confirmation


def confirmation_for(person: Person, year: int) -> ComplianceConfirmation | None:
    if person.unit_id is None:
        return None
    return (
        ComplianceConfirmation.objects.filter(unit_id=person.unit_id, year=year)
        .order_by("-confirmed_at")
        .first()
    )


@transaction.atomic
def stands_for(policy) -> str:
    """What the pack says the annual proof stands for besides (``compliance.annual_proof``,
    seed 003 第九条), in words with the clause; empty when the pack says nothing."""
    hours = policy.get("compliance", "annual_proof", "professional_hours")
    if hours is None:
        return ""
    cite = policy.get("compliance", "annual_proof", "cite")
    text = f"本证明视同完成当年度人力资源社会保障部门 {hours} 学时专业科目培训要求"
    return text + (f"（{cite}）" if cite else "")


def annual_proof_issue(*, by, person: Person, year: int) -> Certificate:
    """The annual qualification proof (年度合格证明) of a year the person met (or is exempt
    from) and their unit confirmed. Printing again gives the same proof and code.

    Side effects on first issue: a :class:`Certificate` of kind ``annual`` with what it states,
    audit ``credits.annual_proof_issued``.
    """
    require(by, "credits.print_annual_proof", person)
    existing = Certificate.objects.filter(
        person=person, year=year, kind=Certificate.Kind.ANNUAL
    ).first()
    transcript = person_year(person, year)
    if transcript.standing is None:
        raise DomainError(transcript.problem or f"{year} 年度无法判定达标情况")
    if transcript.status not in MET:
        raise DomainError(
            f"{year} 年度学分{transcript.status_label}，不能打印年度合格证明："
            + "；".join(transcript.failures)
        )
    confirmation = confirmation_for(person, year)
    listed = {row["person"]: row["status"] for row in (confirmation.rows if confirmation else [])}
    if listed.get(person.pk) not in MET:
        raise DomainError(
            f"{person.unit or '所在单位'}尚未确认您在 {year} 年度达标名单中，暂不能打印"
        )
    if existing is not None:
        return existing
    facts = transcript.facts
    snapshot = {
        "name": person.name,
        "id_masked": person.id_masked,
        "unit": str(person.unit),
        "year": year,
        "class1_national": credits_text(transcript.class1_national),
        "class1_provincial": credits_text(transcript.class1_provincial),
        "class2": credits_text(transcript.class2),
        "total": credits_text(transcript.total),
        "status": transcript.status,
        "status_label": transcript.status_label,
        "exemption_label": facts.get_exemption_display() if facts and facts.exemption else "",
        "public_subject_hours": (
            str(facts.public_subject_hours)
            if facts and facts.public_subject_hours is not None
            else ""
        ),
        "policy_title": transcript.policy.title,
        "stands_for": stands_for(transcript.policy),
        "policy_hash": transcript.policy.content_hash,
        "confirmed_by_unit": f"{confirmation.unit}于 {confirmation.confirmed_at:%Y-%m-%d} 确认",
    }
    certificate = Certificate.objects.create(
        code=new_code(),
        kind=Certificate.Kind.ANNUAL,
        person=person,
        year=year,
        snapshot=snapshot,
        issued_at=clock.now(),
        issued_by=by,
    )
    record(
        "credits.annual_proof_issued",
        actor=by,
        obj=person,
        data={"year": year, "status": transcript.status, "code": certificate.code[:4] + "…"},
    )
    return certificate
