"""On-site inspections: the office draws the sample, assigns inspectors; inspectors record
findings and photos; a violation opens a sanction."""

import secrets
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from jijiao.audit_log.log import record
from jijiao.common import clock, uploads
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.engine.rules.sanctions import Event
from jijiao.hosting.domain.sanctions import sanctions_propose
from jijiao.hosting.models import Inspection, InspectionDraw, InspectionPhoto, Sanction, Session
from jijiao.hosting.sampling import draw_sample
from jijiao.hosting.telling import tell_confirmed
from jijiao.orgs import roles
from jijiao.orgs.models import Account, Role, Unit

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


@transaction.atomic
def inspection_draw(
    *, by, office: Unit, year: int, rate: Decimal = Decimal("0.10"), seed: str = ""
) -> InspectionDraw:
    """Draw at least ``rate`` (10 %) of the year's filed on-site sessions, at random with a
    stored seed (a new random one unless given), so the same sample can be drawn again.

    Side effects: an InspectionDraw with the population and sample; an Inspection per
    session drawn; audit ``inspection.drawn``.
    """
    require(by, "hosting.draw_inspections", office)
    rate = Decimal(str(rate))
    if not Decimal("0") < rate <= Decimal("1"):
        raise DomainError("抽查比例须在 0 到 1 之间（如 0.10）", field="rate")
    population = inspection_population(office, year)
    if not population:
        raise DomainError(f"{year} 年没有已报备的线下期次可供抽查")
    seed = (seed or "").strip() or secrets.token_hex(8)
    sample = draw_sample(population, rate, seed)
    draw = InspectionDraw.objects.create(
        office=office,
        year=year,
        rate=rate,
        seed=seed,
        population=population,
        sample=sample,
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
            "rate": str(rate),
            "seed": seed,
            "population": len(population),
            "sample": sample,
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
