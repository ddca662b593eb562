"""Remote completions into the ledger (seed 003 第十二条): who completed which filed course of a
provider; the city of each person's unit approves the credits. All rows or none.

Providers send their completion lists through the remote app, which checks them against the
learning progress recorded there, the provider's registration and the course's filing; the
city's approval of a list records its rows here. There is no other way in: a list typed into
a spreadsheet and loaded straight into the ledger would skip every one of those checks.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from jijiao.audit_log.log import record
from jijiao.common import clock, idnumbers
from jijiao.common.errors import DomainError, require
from jijiao.common.sheets import SheetProblem
from jijiao.credits.chain import credit_year_of, review_chain
from jijiao.credits.domain.entries import new_entry
from jijiao.credits.models import REMOTE_SOURCE, LedgerEntry, remote_source_id
from jijiao.credits.vocab import REMOTE_TYPE
from jijiao.orgs.models import Person, Unit
from jijiao.policy.access import policy_for_decision

REMOTE = REMOTE_SOURCE


@dataclass(frozen=True)
class RemoteRow:
    """One completion: who, which course, when, and the credits the course carries; ``row`` is
    its number on the provider's list (problems name it)."""

    row: int
    name: str
    id_number: str
    title: str
    course_code: str
    date: dt.date
    hours: Decimal | None
    credits: Decimal
    credit_class: str
    credit_level: str


@dataclass
class RemoteOutcome:
    created: int = 0
    existing: int = 0
    problems: list[SheetProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _source_id(provider: Unit, row: RemoteRow) -> str:
    return remote_source_id(provider.pk, row.course_code, row.date.year)


def _checked(provider: Unit, rows: list[RemoteRow]) -> tuple[list, list[SheetProblem]]:
    """Each row's person, chain and pack, or the problems that stop the list."""
    problems: list[SheetProblem] = []
    ready = []
    seen: dict[tuple[str, str], int] = {}
    people = {
        p.id_hash: p
        for p in Person.objects.filter(
            id_hash__in={idnumbers.lookup_hash(r.id_number) for r in rows}
        ).select_related("unit")
    }
    today = clock.today()
    for row in rows:
        key = (row.id_number, _source_id(provider, row))
        if key in seen:
            problems.append(
                SheetProblem(row.row, "课程编号", f"与第 {seen[key]} 行重复（同一人同一课程）")
            )
            continue
        seen[key] = row.row
        person = people.get(idnumbers.lookup_hash(row.id_number))
        if person is None:
            problems.append(SheetProblem(row.row, "证件号码", "系统中没有该证件号码的人员"))
            continue
        if person.name != row.name:
            problems.append(SheetProblem(row.row, "姓名", "与证件号码对应的人员姓名不一致"))
            continue
        if row.date > today:
            problems.append(SheetProblem(row.row, "完成日期", "完成日期晚于今天"))
            continue
        try:
            chain = review_chain(person.unit, city_only=True)
            setting = credit_year_of(person.unit, row.date.year)
        except DomainError as error:
            problems.append(SheetProblem(row.row, "证件号码", error.message))
            continue
        ready.append((row, person, chain, setting))
    return ready, problems


@transaction.atomic
def remote_completions_record(*, by, provider: Unit, rows: list[RemoteRow]) -> RemoteOutcome:
    """Record a provider's completions, all or none. A completion already recorded (same
    provider, course, year and person) is counted as existing and not added again, so
    sending a list twice adds nothing. Any bad row — unknown person, name not matching,
    duplicate, a year the city has not set — refuses the list with every problem's row and
    column. Who: the city office the provider registered with (``credits.record_remote``), as
    it approves the provider's list in the remote app. Side effects on success: one row per
    new completion pending at the person's city, one audit entry ``credits.remote_imported``
    with the counts."""
    require(by, "credits.record_remote", provider)
    ready, problems = _checked(provider, rows)
    if problems:
        problems.sort(key=lambda p: (p.row, p.column))
        return RemoteOutcome(problems=problems)
    outcome = RemoteOutcome()
    policies = {}
    for row, person, chain, setting in ready:
        source_id = _source_id(provider, row)
        if LedgerEntry.objects.filter(
            person=person, source_type=REMOTE, source_id=source_id
        ).exists():
            outcome.existing += 1
            continue
        if setting.pk not in policies:
            policies[setting.pk] = policy_for_decision(
                setting.policy_id, used_by=f"远程学分:{provider.name}"[:120]
            )
        new_entry(
            by=by,
            person=person,
            unit=person.unit,
            chain=chain,
            policy=policies[setting.pk],
            activity_date=row.date,
            credit_class=row.credit_class,
            credit_level=row.credit_level,
            source=LedgerEntry.Source.REMOTE,
            activity_type=REMOTE_TYPE,
            title=row.title,
            project_number=row.course_code,
            hours=row.hours,
            credits=row.credits,
            entry_method=LedgerEntry.Method.IMPORT,
            remote=True,
            details={"provider": provider.name},
            source_type=REMOTE,
            source_id=source_id,
        )
        outcome.created += 1
    record(
        "credits.remote_imported",
        actor=by,
        obj=provider,
        data={"rows": len(rows), "created": outcome.created, "existing": outcome.existing},
    )
    return outcome
