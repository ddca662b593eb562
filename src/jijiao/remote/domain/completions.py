"""Completion lists (seed 003 第十二条: "完成远程学习的人员名单、学习内容、学习时长经市卫生健康委
审核无误后，授予相应的年度学分").

A provider lists who completed which course — drawn from the progress recorded here, or
uploaded as Excel (all rows or none). Each row is checked against the progress data where it
exists; rows the data contradicts are set aside with the reason. The city office reviews the
list, may set aside more rows, and approves it: the credit ledger gets its rows through the
credits app (``remote_completions_record``), approved at once where this city is the one to
approve them (the credits app issues their certificates as it approves them).
"""

import hashlib
from dataclasses import dataclass, field

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock, idnumbers
from jijiao.common.errors import DomainError, require
from jijiao.common.sheets import SheetProblem
from jijiao.common.transitions import transition
from jijiao.credits.chain import credit_year_of
from jijiao.credits.domain.approval import ledger_entries_approve
from jijiao.credits.domain.grants import project_category
from jijiao.credits.domain.remote import REMOTE, RemoteRow, remote_completions_record
from jijiao.credits.models import LedgerEntry, remote_source_id
from jijiao.orgs import roles
from jijiao.orgs.models import Person, Role
from jijiao.policy.access import get_policy
from jijiao.remote.domain.progress import shortfall
from jijiao.remote.models import CompletionList, CompletionRow, Course, Enrolment, Provider
from jijiao.remote.sheets import read_completion_sheet

Verdict = CompletionRow.Verdict
BLOCKING = (CompletionList.State.SUBMITTED, CompletionList.State.APPROVED)


class ListRefused(DomainError):
    """A list that cannot be approved; ``problems`` says why, row by row."""

    def __init__(self, problems: list[str]):
        super().__init__("名单不能审核通过：" + "；".join(problems))
        self.problems = problems


@dataclass
class UploadOutcome:
    completion_list: CompletionList | None = None
    problems: list[SheetProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class ApprovalOutcome:
    credited: int = 0
    pending_elsewhere: int = 0
    refused: list[str] = field(default_factory=list)


def required_minutes(course: Course) -> int:
    """Whole minutes of video a completion must cover."""
    return int(sum(v.duration_seconds for v in course.videos.all()) // 60)


def _verdict(enrolment: Enrolment | None, minutes: int) -> tuple[str, int | None, str]:
    """What the progress data says about a claimed completion."""
    if enrolment is None:
        return Verdict.NO_DATA, None, "本系统无该学员的学习记录（在机构自有平台学习）"
    recorded = enrolment.watched_minutes
    problem = shortfall(enrolment)
    if problem is not None:
        return Verdict.SHORT, recorded, f"学习记录显示未完成：{problem}"
    if recorded + 1 < minutes:
        return Verdict.SHORT, recorded, f"学习记录 {recorded} 分钟，少于申报的 {minutes} 分钟"
    return Verdict.MATCHES, recorded, ""


def _listed(person_ids, course_ids) -> dict[tuple[int, int], CompletionRow]:
    rows = CompletionRow.objects.filter(
        person_id__in=person_ids,
        course_id__in=course_ids,
        included=True,
        completion_list__state__in=BLOCKING,
    ).select_related("completion_list")
    return {(r.person_id, r.course_id): r for r in rows}


def _new_list(by, provider: Provider, source: str, **fields) -> CompletionList:
    return CompletionList.objects.create(
        provider=provider,
        source=source,
        state=CompletionList.State.SUBMITTED,
        created_at=clock.now(),
        created_by=by,
        **fields,
    )


def _add_row(completion_list, number, person, course, minutes, day, enrolment) -> CompletionRow:
    verdict, recorded, note = _verdict(enrolment, minutes)
    return CompletionRow.objects.create(
        completion_list=completion_list,
        row_number=number,
        person=person,
        course=course,
        minutes=minutes,
        completed_on=day,
        enrolment=enrolment,
        progress_minutes=recorded,
        verdict=verdict,
        verdict_note=note,
        included=verdict != Verdict.SHORT,
        exclusion_reason=note if verdict == Verdict.SHORT else "",
    )


def _require_registered(by, provider: Provider) -> None:
    require(by, "remote.upload_completions", provider)
    if not provider.registered:
        raise DomainError(f"机构备案{provider.get_state_display()}，不能上报完成名单")


@transaction.atomic
def completion_list_from_progress(*, by, provider: Provider) -> CompletionList:
    """List every completion recorded here for the provider's courses that no list carries
    yet, with the watched minutes and the completion date.

    Side effects: a CompletionList (submitted) with its rows; audit
    ``remote.completion_list_submitted``.
    """
    _require_registered(by, provider)
    enrolments = list(
        Enrolment.objects.filter(course__provider=provider, completed_at__isnull=False)
        .select_related("person", "course")
        .order_by("completed_at", "pk")
    )
    listed = _listed({e.person_id for e in enrolments}, {e.course_id for e in enrolments})
    fresh = [e for e in enrolments if (e.person_id, e.course_id) not in listed]
    if not fresh:
        raise DomainError("没有尚未上报的完成记录")
    completion_list = _new_list(by, provider, CompletionList.Source.PROGRESS)
    for number, enrolment in enumerate(fresh, start=1):
        _add_row(
            completion_list,
            number,
            enrolment.person,
            enrolment.course,
            enrolment.watched_minutes,
            clock.local(enrolment.completed_at).date(),
            enrolment,
        )
    record(
        "remote.completion_list_submitted",
        actor=by,
        obj=completion_list,
        data={"source": "progress", "rows": len(fresh)},
    )
    return completion_list


def _check_rows(provider: Provider, sheet_rows) -> tuple[list, list[SheetProblem]]:
    """Each row's person, course and enrolment, or the problems that refuse the file."""
    problems: list[SheetProblem] = []
    people = {
        p.id_hash: p
        for p in Person.objects.filter(
            id_hash__in={idnumbers.lookup_hash(r.id_number) for r in sheet_rows}
        )
    }
    courses = {
        c.pk: c
        for c in Course.objects.filter(
            provider=provider, pk__in={r.course for r in sheet_rows}
        ).prefetch_related("videos")
    }
    listed = _listed({p.pk for p in people.values()}, set(courses))
    today = clock.today()
    ready = []
    for row in sheet_rows:
        before = len(problems)
        person = people.get(idnumbers.lookup_hash(row.id_number))
        course = courses.get(row.course)
        if person is None:
            problems.append(
                SheetProblem(
                    row.row,
                    "身份证号",
                    f"系统中没有身份证号为 {idnumbers.mask(row.id_number)} 的人员",
                )
            )
        elif row.name and row.name != person.name:
            problems.append(SheetProblem(row.row, "姓名", "与身份证号对应的人员姓名不一致"))
        if course is None:
            problems.append(
                SheetProblem(row.row, "课程编号", f"本机构没有编号为 {row.course} 的课程")
            )
        elif not course.earns_credit:
            problems.append(
                SheetProblem(
                    row.row,
                    "课程编号",
                    f"课程《{course.title}》{course.get_state_display()}，不能授分",
                )
            )
        else:
            needed = required_minutes(course)
            if row.minutes < needed:
                problems.append(
                    SheetProblem(
                        row.row,
                        "学习时长（分钟）",
                        f"{row.minutes} 分钟少于课程《{course.title}》的视频总时长 {needed} 分钟",
                    )
                )
            approved_on = clock.local(course.decided_at).date()
            if row.completed_on < approved_on:
                problems.append(
                    SheetProblem(
                        row.row,
                        "完成日期",
                        f"{row.completed_on.isoformat()} 早于课程备案日期"
                        f" {approved_on.isoformat()}",
                    )
                )
        if row.completed_on > today:
            problems.append(
                SheetProblem(row.row, "完成日期", f"{row.completed_on.isoformat()} 晚于今天")
            )
        if person is not None and course is not None and (person.pk, course.pk) in listed:
            earlier = listed[(person.pk, course.pk)].completion_list
            problems.append(
                SheetProblem(
                    row.row,
                    "课程编号",
                    f"该学员本课程已在第 {earlier.pk} 号名单中（{earlier.get_state_display()}）",
                )
            )
        if len(problems) == before:
            ready.append((row, person, course))
    return ready, problems


@transaction.atomic
def completion_list_upload(
    *, by, provider: Provider, content: bytes, filename: str = ""
) -> UploadOutcome:
    """Import a completion list from the Excel template, all rows or none.

    Any bad row — unreadable cell, unknown person, a name not matching, another provider's or
    an unapproved course, fewer minutes than the course's videos, a date before the course's
    approval or after today, a completion already listed — refuses the whole file with every
    problem's row and column. Each imported row is checked against the progress data; rows
    the data contradicts are set aside with the reason. The workbook itself is not stored (it
    holds ID numbers in clear). Side effects on success: a CompletionList (submitted) with its
    rows; audit ``remote.completion_list_submitted`` with the counts.
    """
    _require_registered(by, provider)
    sheet = read_completion_sheet(content)
    problems = list(sheet.problems)
    ready = []
    if sheet.rows:
        ready, more = _check_rows(provider, sheet.rows)
        problems.extend(more)
    if problems:
        return UploadOutcome(problems=sorted(problems, key=lambda p: (p.row, p.column)))
    enrolments = {
        (e.person_id, e.course_id): e
        for e in Enrolment.objects.filter(
            person__in=[p for _, p, _ in ready], course__in=[c for _, _, c in ready]
        )
    }
    completion_list = _new_list(
        by,
        provider,
        CompletionList.Source.UPLOAD,
        original_name=idnumbers.mask_id_numbers_in(filename)[:200],
        sha256=hashlib.sha256(content).hexdigest(),
    )
    for row, person, course in ready:
        _add_row(
            completion_list,
            row.row,
            person,
            course,
            row.minutes,
            row.completed_on,
            enrolments.get((person.pk, course.pk)),
        )
    set_aside = completion_list.rows.filter(included=False).count()
    record(
        "remote.completion_list_submitted",
        actor=by,
        obj=completion_list,
        data={"source": "upload", "rows": len(ready), "set_aside": set_aside},
    )
    return UploadOutcome(completion_list=completion_list)


def _reviewable(by, completion_list: CompletionList) -> None:
    require(by, "remote.review_completions", completion_list)
    if completion_list.state != CompletionList.State.SUBMITTED:
        raise DomainError(f"名单{completion_list.get_state_display()}，不能再审核")


@transaction.atomic
def completion_row_exclude(*, by, row: CompletionRow, reason: str) -> CompletionRow:
    """Set a row aside before approving the list: it earns no credit.

    Side effects: the row excluded with the reason; audit ``remote.completion_row_excluded``.
    """
    _reviewable(by, row.completion_list)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请写明剔除原因", field="reason")
    if not row.included:
        raise DomainError("该行已剔除")
    row.included = False
    row.exclusion_reason = reason[:300]
    row.save(update_fields=["included", "exclusion_reason"])
    record(
        "remote.completion_row_excluded",
        actor=by,
        obj=row.completion_list,
        data={"row": row.row_number, "reason": reason},
    )
    return row


def _remote_row(row: CompletionRow) -> RemoteRow:
    """The credits app's row for a completion, its category from the pack of the person's
    city for the completion year (``credits.<level>``)."""
    person, course = row.person, row.course
    setting = credit_year_of(person.unit, row.completed_on.year)
    credit_class, credit_level = project_category(get_policy(setting.policy_id), course.level, None)
    return RemoteRow(
        row=row.row_number,
        name=person.name,
        id_number=person.reveal_id_number(),
        title=course.title,
        course_code=course.code,
        date=row.completed_on,
        hours=course.hours,
        credits=course.credits,
        credit_class=credit_class,
        credit_level=credit_level,
    )


def _ledger_rows(by, completion_list: CompletionList, rows: list[CompletionRow]) -> None:
    """Enter the rows into the credit ledger through the credits app and link them."""
    problems, remote_rows = [], []
    for row in rows:
        try:
            remote_rows.append(_remote_row(row))
        except DomainError as error:
            problems.append(f"第 {row.row_number} 行（{row.person.name}）{error.message}")
    if problems:
        raise ListRefused(problems)
    provider_unit = completion_list.provider.unit
    outcome = remote_completions_record(by=by, provider=provider_unit, rows=remote_rows)
    if not outcome.ok:
        raise ListRefused([str(p) for p in outcome.problems])
    for row in rows:
        row.ledger_entry = LedgerEntry.objects.get(
            person=row.person,
            source_type=REMOTE,
            source_id=remote_source_id(provider_unit.pk, row.course.code, row.completed_on.year),
        )
        row.save(update_fields=["ledger_entry"])


@transaction.atomic
def completion_list_approve(
    *, by, completion_list: CompletionList, note: str = ""
) -> ApprovalOutcome:
    """Approve a submitted list: every included row becomes a credit-ledger row with the
    course's credits and hours (class and level from the pack). Rows of people whose city is
    this office are approved at once and get their certificates; people of other cities wait
    for their own city. Refused, changing nothing, when the provider is no longer registered,
    a course no longer earns credit, or the credits app cannot take a row (no credit year set
    for the person's city, a person without a unit …).

    Side effects: ledger rows (pending, then approved here, with their certificates) through
    the credits app; the rows linked; the list approved with the count; audit
    ``remote.completion_list_approved``.
    """
    _reviewable(by, completion_list)
    provider = completion_list.provider
    if not provider.registered:
        raise DomainError(f"机构备案{provider.get_state_display()}，不能审核通过其完成名单")
    rows = list(
        completion_list.rows.filter(included=True)
        .select_related("person__unit", "course")
        .prefetch_related("course__videos")
    )
    closed = sorted({r.course.title for r in rows if not r.course.earns_credit})
    if closed:
        raise ListRefused([f"课程《{title}》已不在备案状态" for title in closed])
    _ledger_rows(by, completion_list, rows)
    cities = roles.role_unit_ids(by, Role.CITY_OFFICE)
    here = [
        r.ledger_entry
        for r in rows
        if r.ledger_entry.pending and r.ledger_entry.current_office_id in cities
    ]
    outcome = ApprovalOutcome()
    approved = ledger_entries_approve(
        by=by, entries=here, reason=f"远程教育完成名单第 {completion_list.pk} 号审核通过"
    )
    outcome.refused = [f"{e.person.name}：{message}" for e, message in approved.refused]
    for row in rows:
        row.ledger_entry.refresh_from_db()
        if row.ledger_entry.status == LedgerEntry.Status.APPROVED:
            outcome.credited += 1
        elif row.ledger_entry.pending:
            outcome.pending_elsewhere += 1
    transition(completion_list, CompletionList.State.APPROVED)
    completion_list.decided_at = clock.now()
    completion_list.decided_by = by
    completion_list.decision_note = (note or "").strip()[:300]
    completion_list.credited_count = outcome.credited
    completion_list.save(
        update_fields=["state", "decided_at", "decided_by", "decision_note", "credited_count"]
    )
    record(
        "remote.completion_list_approved",
        actor=by,
        obj=completion_list,
        data={
            "rows": len(rows),
            "credited": outcome.credited,
            "pending_elsewhere": outcome.pending_elsewhere,
            "refused": outcome.refused,
        },
    )
    return outcome


@transaction.atomic
def completion_list_reject(*, by, completion_list: CompletionList, reason: str) -> CompletionList:
    """Return a submitted list with the reason; its rows no longer block a corrected list.

    Side effects: state rejected; audit ``remote.completion_list_rejected``.
    """
    _reviewable(by, completion_list)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请写明退回原因", field="reason")
    transition(completion_list, CompletionList.State.REJECTED)
    completion_list.decided_at = clock.now()
    completion_list.decided_by = by
    completion_list.decision_note = reason[:300]
    completion_list.save(update_fields=["state", "decided_at", "decided_by", "decision_note"])
    record(
        "remote.completion_list_rejected", actor=by, obj=completion_list, data={"reason": reason}
    )
    return completion_list
