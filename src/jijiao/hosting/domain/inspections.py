"""On-site inspections: the office draws the sample, assigns inspectors; inspectors record
findings and photos; a violation opens a sanction."""

import secrets
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction

from django.db import transaction
from django.db.models import Q

from jijiao.audit_log.log import record
from jijiao.common import clock, uploads
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.engine.rules.numbers import as_fraction
from jijiao.engine.rules.sanctions import Event
from jijiao.hosting.domain.sanctions import sanctions_propose
from jijiao.hosting.models import Inspection, InspectionDraw, InspectionPhoto, Sanction, Session
from jijiao.hosting.sampling import draw_count, sample_size, target_size
from jijiao.hosting.telling import tell_confirmed
from jijiao.orgs import roles
from jijiao.orgs.models import Account, Role, Unit
from jijiao.policy.access import get_policy, pack_ids_for_area
from jijiao.projects.models import Call, PublishedProject

# Sessions held on site: offline, and the on-site part of blended ones.
ON_SITE = ("offline", "blended")


def inspection_population(office: Unit, year: int) -> list[int]:
    """Filed on-site sessions of the year hosted in the office's jurisdiction or published on
    its list, by id."""
    q = Q(project__publication__office=office) | roles.jurisdiction_q(
        {office.pk}, prefix="project__host__"
    )
    return sorted(
        Session.objects.filter(
            q,
            format__in=ON_SITE,
            state__in=(Session.State.FILED, Session.State.ACCEPTED),
            starts_at__year=year,
        )
        .distinct()
        .values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class Supervision:
    """A year's on-site supervision as the pack sets it (seed 000 二.5): the lowest rate, its
    base (the published projects held on site that year), the target ⌈rate × base⌉ and how
    many sessions earlier draws of the year already took."""

    pack_id: str | None
    cite: str
    min_rate: Fraction | None
    formats: tuple[str, ...]
    base: int
    drawn: int

    def target(self, rate: Fraction | None = None) -> int:
        rate = rate if rate is not None else self.min_rate
        return target_size(self.base, rate) if rate is not None else 0

    @property
    def rate_text(self) -> str:
        return percent_text(self.min_rate) if self.min_rate is not None else "—"


def percent_text(rate: Fraction) -> str:
    value = rate * 100
    return f"{value.numerator}%" if value.denominator == 1 else f"{float(value):.2f}%"


def supervision_pack_id(office: Unit, year: int) -> str | None:
    """The pack that sets the office's supervision rate for a year: the pack of its project
    call of that year, else the newest pack of its area that sets ``inspection``."""
    candidates = list(
        Call.objects.filter(office=office, year=year, kind=Call.Kind.PROJECT)
        .order_by("-opened_at")
        .values_list("policy_id", flat=True)
    )
    candidates += pack_ids_for_area(office.division_id)
    for pack_id in dict.fromkeys(candidates):
        if get_policy(pack_id).get("inspection", "min_rate") is not None:
            return pack_id
    return None


def supervision(office: Unit, year: int) -> Supervision:
    pack_id = supervision_pack_id(office, year)
    table = get_policy(pack_id).get("inspection", default={}) if pack_id else {}
    formats = tuple(table.get("formats", ON_SITE))
    published = PublishedProject.objects.filter(publication__office=office, year=year)
    if table.get("levels"):
        published = published.filter(level__in=table["levels"])
    # An imported project carries no format: counted as held on site (more supervision, not less).
    base = published.filter(
        Q(application__isnull=True) | Q(application__format__in=formats)
    ).count()
    drawn = Inspection.objects.filter(draw__office=office, draw__year=year).count()
    min_rate = table.get("min_rate")
    return Supervision(
        pack_id=pack_id,
        cite=table.get("cite", ""),
        min_rate=as_fraction(min_rate) if min_rate is not None else None,
        formats=formats,
        base=base,
        drawn=drawn,
    )


@transaction.atomic
def inspection_draw(
    *, by, office: Unit, year: int, rate: Decimal | None = None, seed: str = ""
) -> InspectionDraw:
    """Draw a round of the year's filed on-site sessions for supervision, at random with a
    stored seed (a new random one unless given), so the same round can be drawn again.

    The pack's ``inspection.min_rate`` (seed 000 二.5: 10 %) is the lowest rate the office may
    use (none given → that rate); the year's target is ⌈rate × the published on-site projects⌉.
    Only filed sessions can be visited, so each round draws from those not drawn before, as
    many as the target still lacks; the office draws again as more are filed.

    Side effects: an InspectionDraw with the population, sample, base and target; an Inspection
    per session drawn; audit ``inspection.drawn``.
    """
    require(by, "hosting.draw_inspections", office)
    plan = supervision(office, year)
    if rate is None:
        if plan.min_rate is None:
            raise DomainError("政策包未规定督导比例，请填写抽查比例（如 0.10）", field="rate")
        rate_fraction = plan.min_rate
    else:
        rate_fraction = Fraction(Decimal(str(rate)))
        if not Fraction(0) < rate_fraction <= Fraction(1):
            raise DomainError("抽查比例须在 0 到 1 之间（如 0.10）", field="rate")
        if plan.min_rate is not None and rate_fraction < plan.min_rate:
            raise DomainError(
                f"抽查比例 {percent_text(rate_fraction)} 低于政策包规定的 {plan.rate_text}"
                f"（{plan.cite}），请填写不低于 {plan.rate_text} 的比例",
                field="rate",
            )
    earlier = set(
        Inspection.objects.filter(draw__office=office, draw__year=year).values_list(
            "session_id", flat=True
        )
    )
    filed = inspection_population(office, year)
    population = [pk for pk in filed if pk not in earlier]
    if plan.base:
        target = plan.target(rate_fraction)
        needed = target - plan.drawn
        if needed <= 0:
            raise DomainError(
                f"{year} 年已抽取 {plan.drawn} 期，已达到公布线下项目 {plan.base} 项的 "
                f"{percent_text(rate_fraction)}（{target} 期）"
            )
    else:
        # Nothing published by this office for the year: the rate applies to what was filed.
        target = sample_size(
            len(filed), Decimal(rate_fraction.numerator) / rate_fraction.denominator
        )
        needed = target - plan.drawn
    if not population:
        raise DomainError(f"{year} 年没有尚未抽取的已报备线下期次可供抽查，待更多期次报备后再抽取")
    if needed <= 0:
        raise DomainError(f"{year} 年已抽取 {plan.drawn} 期，已达到应督导的 {target} 期")
    seed = (seed or "").strip() or secrets.token_hex(8)
    sample = draw_count(population, needed, seed)
    stored_rate = (Decimal(rate_fraction.numerator) / rate_fraction.denominator).quantize(
        Decimal("0.01"), rounding=ROUND_CEILING
    )
    draw = InspectionDraw.objects.create(
        office=office,
        year=year,
        rate=stored_rate,
        seed=seed,
        population=population,
        sample=sample,
        base=plan.base,
        target=target,
        drawn_at=clock.now(),
        drawn_by=by,
    )
    Inspection.objects.bulk_create(
        [Inspection(draw=draw, session_id=session_id) for session_id in sample]
    )
    record(
        "inspection.drawn",
        actor=by,
        obj=draw,
        data={
            "year": year,
            "rate": str(stored_rate),
            "seed": seed,
            "population": len(population),
            "sample": sample,
            "base": plan.base,
            "target": target,
            "before": plan.drawn,
        },
    )
    return draw


@transaction.atomic
def inspection_assign(*, by, inspection: Inspection, inspector: Account) -> Inspection:
    """Assign an inspector (督导员) to a drawn session. Side effects: the inspection assigned;
    audit ``inspection.assigned``."""
    require(by, "hosting.manage_inspection", inspection)
    if not roles.has_role(inspector, Role.INSPECTOR):
        raise DomainError(f"{inspector} 不是督导员", field="inspector")
    if inspection.state == Inspection.State.RECORDED:
        raise DomainError("已记录督导结果，不能改派")
    inspection.inspector = inspector
    transition(inspection, Inspection.State.ASSIGNED)
    inspection.save(update_fields=["inspector", "state"])
    record("inspection.assigned", actor=by, obj=inspection, data={"inspector": inspector.pk})
    return inspection


@transaction.atomic
def inspection_record(*, by, inspection: Inspection, findings: str, violation: bool) -> Inspection:
    """The assigned inspector records what was found on site. Side effects: the inspection
    recorded (findings, violation flag, time); audit ``inspection.recorded``."""
    require(by, "hosting.record_inspection", inspection)
    findings = (findings or "").strip()
    if not findings:
        raise DomainError("请填写督导发现", field="findings")
    inspection.findings = findings
    inspection.violation = violation
    transition(inspection, Inspection.State.RECORDED)
    inspection.recorded_at = clock.now()
    inspection.save(update_fields=["findings", "violation", "state", "recorded_at"])
    record(
        "inspection.recorded",
        actor=by,
        obj=inspection,
        data={"violation": violation, "findings": findings},
    )
    project = inspection.session.project
    if violation and project.host_id is not None:
        # The pack's inspection_finding rules propose (seed 004 七); the office decides.
        sanctions_propose(
            by=by,
            event=Event(
                "inspection_finding",
                project.year,
                level=project.level,
                text=f"{project.number} {project.name}：{findings[:60]}",
            ),
            policy_id=inspection.session.policy_id,
            unit=project.host,
            key=f"inspection:{inspection.pk}",
            project=project,
            inspection=inspection,
        )
    return inspection


@transaction.atomic
def inspection_add_photo(*, by, inspection: Inspection, upload) -> InspectionPhoto:
    """A photo (or PDF) from the inspector's phone, type read from the content, ≤ 15 MB.
    Side effects: the file stored; audit ``inspection.photo_added``."""
    require(by, "hosting.record_inspection", inspection)
    accepted = uploads.accept(upload, uploads.DOCUMENT, field="photo")
    photo = InspectionPhoto(
        inspection=inspection,
        name=accepted.name,
        content_type=accepted.content_type,
        uploaded_at=clock.now(),
        uploaded_by=by,
    )
    photo.file.save(
        uploads.storage_name(accepted, prefix=f"inspection-{inspection.pk}"), upload, save=False
    )
    photo.save()
    record("inspection.photo_added", actor=by, obj=inspection, data={"name": photo.name})
    return photo


@transaction.atomic
def sanction_open(
    *,
    by,
    inspection: Inspection,
    kind: str,
    reason: str,
    years: int | None = None,
    quota_cut: int | None = None,
) -> Sanction:
    """Open a sanction for a violation found on site, from the next year on: the leader
    barred for 1–3 years, the unit's quota cut, or the unit barred from the project's
    discipline next year. The application side reads them through
    ``hosting.queries.sanctions_in_force``.

    Side effects: a Sanction; audit ``sanction.opened``; the leader and the unit's
    administrators told (hosting.telling).
    """
    require(by, "hosting.sanction", inspection)
    if not inspection.violation:
        raise DomainError("督导未记录违规，不能作出处理")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写处理原因", field="reason")
    project = inspection.session.project
    if project.host_id is None:
        raise DomainError("项目未关联主办单位")
    first = inspection.draw.year + 1
    sanction = Sanction(
        inspection=inspection,
        kind=kind,
        unit_id=project.host_id,
        reason=reason,
        first_year=first,
        last_year=first,
        at=clock.now(),
        by=by,
        # The office decides it here itself: confirmed at once.
        state=Sanction.State.CONFIRMED,
        decided_at=clock.now(),
        decided_by=by,
        decision_reason=reason[:300],
    )
    if kind == Sanction.Kind.PI_BARRED:
        application = project.application
        if application is None:
            raise DomainError("该项目为导入项目，系统中没有负责人的人员信息，请先补录")
        if years not in (1, 2, 3):
            raise DomainError("取消申报资格的年限为 1–3 年", field="years")
        sanction.person_id = application.pi_id
        sanction.last_year = first + years - 1
    elif kind == Sanction.Kind.QUOTA_CUT:
        if not quota_cut or quota_cut < 1:
            raise DomainError("请填写缩减的名额数", field="quota_cut")
        sanction.quota_cut = quota_cut
    elif kind == Sanction.Kind.DISCIPLINE_BARRED:
        if not project.discipline:
            raise DomainError("项目未登记学科")
        sanction.discipline = project.discipline
    else:
        raise DomainError("处理方式无效", field="kind")
    sanction.save()
    record(
        "sanction.opened",
        actor=by,
        obj=sanction,
        data={
            "kind": kind,
            "unit": project.host_id,
            "person": sanction.person_id,
            "years": [sanction.first_year, sanction.last_year],
            "quota_cut": quota_cut,
            "discipline": sanction.discipline,
            "reason": reason,
        },
    )
    tell_confirmed(sanction, by=by)
    return sanction
