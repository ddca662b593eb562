"""Entering credits by hand: in-unit activities for a list of attendees, personal activities
with evidence, certificates of projects held elsewhere, and resubmitting a returned row.

Every entry is decided by the pack's credit-entry rules (``CRD_*``) through
:func:`common.entry_decision`; an entry the rules call late goes in as a late entry
(``late_entry``) when it carries what the rule asks for, and is refused with the rule's message
naming what is missing when it does not.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.common.errors import DomainError, require
from jijiao.common.transitions import transition
from jijiao.credits.chain import STATUS_OF_STAGE, credit_year_of, review_chain
from jijiao.credits.domain.common import (
    Upload,
    attach,
    entry_decision,
    late_code,
    lock,
    money,
    refuse_unless_allowed,
    step,
    store,
)
from jijiao.credits.domain.details import clean_details
from jijiao.credits.domain.grants import project_category
from jijiao.credits.models import ApprovalStep, Evidence, LedgerEntry
from jijiao.credits.vocab import (
    IN_UNIT_CLASS,
    IN_UNIT_LEVEL,
    IN_UNIT_TYPES,
    PERSONAL_TYPES,
    PROJECT_TYPE,
    SPEAKER_TYPE,
)
from jijiao.engine.packs.model import Policy
from jijiao.orgs import roles
from jijiao.orgs.models import Person, Role, Unit
from jijiao.policy.access import policy_for_decision

EVIDENCE_FOLDER = "credits/evidence"
PUBLICATION_TYPES = {"论文", "综述", "著作", "报告", "译文", "科研"}


def open_chain(entry: LedgerEntry) -> None:
    """Put the row at the first stage of its chain."""
    first = entry.chain[0]
    entry.stage_index = 0
    transition(entry, STATUS_OF_STAGE[first["stage"]])
    entry.current_office_id = first["office"]


def new_entry(
    *, by, person: Person, unit: Unit, chain: list[dict], policy: Policy, **fields
) -> LedgerEntry:
    """A pending row at the first stage of ``chain`` with its ``submitted`` step."""
    entry = LedgerEntry(
        person=person,
        unit=unit,
        chain=chain,
        year=fields["activity_date"].year,
        policy_id=policy.id,
        policy_hash=policy.content_hash,
        entered_by=by if getattr(by, "pk", None) else None,
        entered_at=clock.now(),
        **fields,
    )
    open_chain(entry)
    entry.save()
    step(
        entry,
        by=by,
        action=ApprovalStep.Action.SUBMITTED,
        before="",
        data={"findings": [f["code"] for f in entry.entry_findings]},
    )
    return entry


def _not_in_future(day: dt.date) -> None:
    if day > clock.today():
        raise DomainError(f"活动日期 {day.isoformat()} 晚于今天，不能录入", field="activity_date")


def _duplicate(person: Person, activity_type: str, day: dt.date, title: str) -> bool:
    return (
        LedgerEntry.objects.filter(
            person=person, activity_type=activity_type, activity_date=day, title=title
        )
        .exclude(status=LedgerEntry.Status.REJECTED)
        .exists()
    )


def _year_policy(unit: Unit, year: int, used_by: str) -> Policy:
    setting = credit_year_of(unit, year)
    return policy_for_decision(setting.policy_id, used_by=used_by[:120])


def _refuse_errors(outcome: dict) -> None:
    """Any other error finding of the pack (CRD_EVIDENCE_MISSING where a pack makes it one)."""
    errors = [f for f in outcome["findings"] if f["severity"] == "error"]
    if errors:
        raise DomainError("；".join(f"{f['code']} {f['message']}" for f in errors))


def _check_attendees(by, unit: Unit, attendees: list[Person]) -> None:
    strangers = [p.name for p in attendees if p.unit_id != unit.pk]
    if strangers:
        raise DomainError(f"以下人员不在{unit.name}：{'、'.join(strangers)}", field="attendees")
    if unit.pk in roles.role_unit_ids(by, Role.UNIT_ADMIN):
        return
    mine = roles.role_department_ids(by, Role.DEPARTMENT_ADMIN)
    outside = [p.name for p in attendees if p.department_id not in mine]
    if outside:
        raise DomainError(
            f"科室管理员只能为本科室人员录入，以下人员不在本科室：{'、'.join(outside)}",
            field="attendees",
        )


@transaction.atomic
def credits_enter_in_unit(
    *,
    by,
    unit: Unit,
    activity_type: str,
    title: str,
    activity_date: dt.date,
    hours: Decimal | None,
    credits: Decimal,
    attendees: list[Person],
    speaker: Person | None = None,
    speaker_credits: Decimal | None = None,
    proof: Upload | None = None,
) -> list[LedgerEntry]:
    """An in-unit activity (全院业务学习, 科内业务学习, 大查房, 病例讨论) for its attendees at once,
    and the in-unit lecture (讲课) for its speaker, all or none.

    Credit values come from the form: the packs set none for in-unit activities. A December
    activity entered in January needs its proof (attendance record) by ``CRD_LATE_ENTRY``.
    Side effects: one pending row per attendee (and the speaker) at the first stage of the
    unit's chain, each with a ``submitted`` step and the proof attached; one audit entry
    ``credits.in_unit_entered`` with the counts.
    """
    require(by, "credits.enter_in_unit", unit)
    if activity_type not in IN_UNIT_TYPES:
        raise DomainError(f"院内活动类型须为{'、'.join(IN_UNIT_TYPES)}之一", field="activity_type")
    if not title.strip():
        raise DomainError("活动名称不能为空", field="title")
    attendees = list(dict.fromkeys(attendees))
    if not attendees and speaker is None:
        raise DomainError("请至少选择一名参加人员", field="attendees")
    _not_in_future(activity_date)
    _check_attendees(by, unit, attendees + ([speaker] if speaker else []))
    credits = money(credits, "学分")
    hours = money(hours, "学时", places=2, required=False)
    if speaker is not None:
        speaker_credits = money(speaker_credits, "主讲人学分")
    policy = _year_policy(unit, activity_date.year, f"院内学分:{unit.name}")
    today = clock.today()
    wanted = [(p, activity_type, credits) for p in attendees]
    if speaker is not None:
        wanted.append((speaker, SPEAKER_TYPE, speaker_credits))
    twice = [p.name for p, kind, _ in wanted if _duplicate(p, kind, activity_date, title.strip())]
    if twice:
        raise DomainError(f"以下人员已有该活动的学分记录：{'、'.join(twice)}", field="attendees")
    outcomes = {}
    for kind in {kind for _, kind, _ in wanted}:
        outcome = entry_decision(
            policy.id,
            activity_type=kind,
            activity_date=activity_date,
            entered_on=today,
            has_proof=proof is not None,
            has_pledge=False,
        )
        refuse_unless_allowed(outcome, who=kind)
        _refuse_errors(outcome)
        outcomes[kind] = outcome
    chain = review_chain(unit)
    stored = store(proof, EVIDENCE_FOLDER) if proof is not None else None
    entries = []
    for person, kind, value in wanted:
        outcome = outcomes[kind]
        entry = new_entry(
            by=by,
            person=person,
            unit=unit,
            chain=chain,
            policy=policy,
            activity_date=activity_date,
            credit_class=IN_UNIT_CLASS,
            credit_level=IN_UNIT_LEVEL,
            source=LedgerEntry.Source.IN_UNIT,
            activity_type=kind,
            title=title.strip(),
            hours=hours,
            credits=value,
            entry_method=(
                LedgerEntry.Method.LATE_ENTRY if late_code(outcome) else LedgerEntry.Method.MANUAL
            ),
            entry_findings=outcome["findings"],
            details={"speaker": True} if kind == SPEAKER_TYPE else {},
        )
        if stored is not None:
            attach(entry, stored, Evidence.Kind.PROOF, by=by)
        entries.append(entry)
    record(
        "credits.in_unit_entered",
        actor=by,
        obj=unit,
        data={
            "activity_type": activity_type,
            "title": title.strip(),
            "date": activity_date.isoformat(),
            "attendees": len(attendees),
            "speaker": speaker is not None,
            "late": any(late_code(o) for o in outcomes.values()),
            "policy": policy.id,
        },
    )
    return entries


@transaction.atomic
def credits_enter_personal(
    *,
    by,
    person: Person,
    activity_type: str,
    title: str,
    activity_date: dt.date,
    credits: Decimal,
    hours: Decimal | None = None,
    end_date: dt.date | None = None,
    details: dict | None = None,
    evidence: list[Upload] | None = None,
    pledge: Upload | None = None,
) -> LedgerEntry:
    """A personal activity (进修, 援助, 论文, 综述, 著作, 报告, 译文, 科研) entered with its
    evidence, by the person or their unit admin.

    After the pack's deadline (03-31 of the next year) it needs the signed pledge (seed 002
    附件2) and evidence (``CRD_LATE_ENTRY_PLEDGE``); such a late entry is approved by the city
    alone. Credits come from the form (the packs set no values for personal activities).
    Side effects: one pending row with its ``submitted`` step and files, audit
    ``credits.personal_entered``.
    """
    require(by, "credits.enter_personal", person)
    if activity_type not in PERSONAL_TYPES:
        raise DomainError(f"个人学分类型须为{'、'.join(PERSONAL_TYPES)}之一", field="activity_type")
    if person.unit_id is None:
        raise DomainError(f"{person.name}当前不属于任何单位，无法确定审核单位")
    if not title.strip():
        raise DomainError("名称/题目不能为空", field="title")
    _not_in_future(activity_date)
    if end_date is not None and end_date < activity_date:
        raise DomainError("结束日期早于开始日期", field="end_date")
    credits = money(credits, "学分")
    hours = money(hours, "学时", places=2, required=False)
    cleaned = clean_details(activity_type, details or {})
    if _duplicate(person, activity_type, activity_date, title.strip()):
        raise DomainError(f"{person.name}已有该项学分记录（{activity_type}“{title.strip()}”）")
    evidence = [e for e in (evidence or []) if e is not None]
    unit = person.unit
    policy = _year_policy(unit, activity_date.year, f"个人学分:{person.pk}")
    outcome = entry_decision(
        policy.id,
        activity_type=activity_type,
        activity_date=activity_date,
        entered_on=clock.today(),
        has_proof=bool(evidence),
        has_pledge=pledge is not None,
    )
    refuse_unless_allowed(outcome)
    _refuse_errors(outcome)
    late = late_code(outcome)
    entry = new_entry(
        by=by,
        person=person,
        unit=unit,
        chain=review_chain(unit, city_only=late == "CRD_LATE_ENTRY_PLEDGE"),
        policy=policy,
        activity_date=activity_date,
        end_date=end_date,
        credit_class=IN_UNIT_CLASS,
        credit_level=IN_UNIT_LEVEL,
        source=LedgerEntry.Source.PERSONAL,
        activity_type=activity_type,
        title=title.strip(),
        hours=hours,
        credits=credits,
        entry_method=LedgerEntry.Method.LATE_ENTRY if late else LedgerEntry.Method.MANUAL,
        entry_findings=outcome["findings"],
        details=cleaned,
    )
    kind = Evidence.Kind.PUBLICATION if activity_type in PUBLICATION_TYPES else Evidence.Kind.PROOF
    for upload in evidence:
        attach(entry, store(upload, EVIDENCE_FOLDER), kind, by=by)
    if pledge is not None:
        attach(entry, store(pledge, EVIDENCE_FOLDER), Evidence.Kind.PLEDGE, by=by)
    record(
        "credits.personal_entered",
        actor=by,
        obj=entry,
        data={
            "activity_type": activity_type,
            "late": late or "",
            "evidence": len(evidence),
            "pledge": pledge is not None,
        },
    )
    return entry


CERTIFICATE_KINDS = {
    # seed 003 第二十条: national projects outside the province, the person uploads the proof.
    "out_of_province": ("national", LedgerEntry.Method.OUT_OF_PROVINCE, "省外国家级项目"),
    # seed 003 第二十一条: provincial TCM projects, the paper credit certificate.
    "tcm_provincial": ("provincial", LedgerEntry.Method.MANUAL, "省级中医药项目"),
}


@transaction.atomic
def credits_enter_certificate(
    *,
    by,
    person: Person,
    kind: str,
    title: str,
    project_number: str,
    activity_date: dt.date,
    credits: Decimal,
    hours: Decimal | None,
    certificate: Upload | None,
) -> LedgerEntry:
    """A project credit proven by its certificate: an out-of-province national project or a
    provincial TCM project (seed 003 第二十条、第二十一条); the unit and the city approve.

    Class and level come from the pack's ``credits.national`` / ``credits.provincial``.
    Side effects: one pending row with the certificate attached, audit
    ``credits.certificate_entered``.
    """
    require(by, "credits.enter_personal", person)
    if kind not in CERTIFICATE_KINDS:
        raise DomainError("证书类型无效", field="kind")
    if certificate is None:
        raise DomainError("请上传学分证书或凭证", field="certificate")
    if person.unit_id is None:
        raise DomainError(f"{person.name}当前不属于任何单位，无法确定审核单位")
    if not title.strip() or not project_number.strip():
        raise DomainError("项目名称和项目编号不能为空", field="project_number")
    _not_in_future(activity_date)
    credits = money(credits, "学分")
    hours = money(hours, "学时", places=2, required=False)
    level, method, label = CERTIFICATE_KINDS[kind]
    taken = LedgerEntry.objects.filter(
        person=person, project_number=project_number.strip(), year=activity_date.year
    ).exclude(status=LedgerEntry.Status.REJECTED)
    if taken.exists():
        raise DomainError(f"{person.name}已有项目 {project_number.strip()} 的学分记录")
    unit = person.unit
    policy = _year_policy(unit, activity_date.year, f"证书学分:{person.pk}")
    credit_class, credit_level = project_category(policy, level, None)
    entry = new_entry(
        by=by,
        person=person,
        unit=unit,
        chain=review_chain(unit),
        policy=policy,
        activity_date=activity_date,
        credit_class=credit_class,
        credit_level=credit_level,
        source=LedgerEntry.Source.PERSONAL,
        activity_type=PROJECT_TYPE,
        title=title.strip(),
        project_number=project_number.strip(),
        hours=hours,
        credits=credits,
        entry_method=method,
        details={"certificate": label},
    )
    attach(entry, store(certificate, EVIDENCE_FOLDER), Evidence.Kind.CERTIFICATE, by=by)
    record("credits.certificate_entered", actor=by, obj=entry, data={"kind": kind})
    return entry


EDITABLE = ("title", "activity_date", "end_date", "hours", "credits", "project_number", "details")


def apply_changes(entry: LedgerEntry, changes: dict) -> dict:
    """Set the editable fields; the credit year stays (a row moves years only by a new row).
    Returns ``{field: [before, after]}`` for the trail."""
    changed = {}
    for name, value in changes.items():
        if name not in EDITABLE:
            raise DomainError(f"字段 {name} 不能修改")
        if name == "credits":
            value = money(value, "学分")
        elif name == "hours":
            value = money(value, "学时", places=2, required=False)
        elif name == "details":
            value = clean_details(entry.activity_type, value or {})
        elif name == "activity_date" and value.year != entry.year:
            raise DomainError(f"活动日期须在 {entry.year} 年度内", field="activity_date")
        elif name in ("title", "project_number"):
            value = (value or "").strip()
        before = getattr(entry, name)
        if before != value:
            changed[name] = [_plain(before), _plain(value)]
            setattr(entry, name, value)
    return changed


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@transaction.atomic
def ledger_entry_resubmit(
    *,
    by,
    entry: LedgerEntry,
    changes: dict,
    evidence: list[Upload] | None = None,
    note: str = "",
) -> LedgerEntry:
    """Correct a returned row and send it back to the start of its chain; the trail keeps the
    return and the changes. Side effects: the row's fields and status, added files, a
    ``resubmitted`` step with the changes, audit ``credits.entry_resubmitted``."""
    require(by, "credits.resubmit_entry", entry)
    lock(entry)
    if entry.status != LedgerEntry.Status.RETURNED:
        raise DomainError(
            f"只有已退回的记录可以修改后重新提交（当前：{entry.get_status_display()}）"
        )
    if not entry.valid:
        raise DomainError("该记录已作废")
    changed = apply_changes(entry, changes)
    before = entry.status
    open_chain(entry)
    entry.save()
    for upload in evidence or []:
        attach(entry, store(upload, EVIDENCE_FOLDER), Evidence.Kind.PROOF, by=by)
    step(
        entry,
        by=by,
        action=ApprovalStep.Action.RESUBMITTED,
        before=before,
        reason=note,
        data={"changes": changed, "files": len(evidence or [])},
    )
    record("credits.entry_resubmitted", actor=by, obj=entry, data={"changes": changed})
    return entry
