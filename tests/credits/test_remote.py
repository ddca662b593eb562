"""Remote completion lists: all rows or none, problems by row and column, idempotent."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from jijiao.audit_log.models import AuditEntry
from jijiao.credits.domain.remote import remote_completions_import
from jijiao.credits.models import LedgerEntry
from jijiao.credits.remote_sheet import HEADERS, read_remote_sheet, template_bytes
from jijiao.orgs.models import Role, Unit
from tests.credits.conftest import at
from tests.factories import AccountFactory, UnitFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(wenzhou_office_unit):
    return UnitFactory(
        name="华医网", kind=Unit.Kind.REMOTE_PROVIDER, supervisor=wenzhou_office_unit
    )


@pytest.fixture
def provider_admin(provider):
    return grant(AccountFactory(username="huayi"), Role.PROVIDER, provider)


def sheet(rows) -> bytes:
    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def completion(person, code="YC-2023-018", credits="2", day="2023-10-12"):
    return [
        person.name,
        person.reveal_id_number(),
        "高血压基层管理",
        code,
        day,
        "6",
        credits,
        "Ⅰ类",
        "省级",
    ]


def test_a_good_list_goes_to_each_persons_city(
    provider_admin, provider, staff, nurse_wang, credit_year_2023, wenzhou_office_unit
):
    content = sheet([completion(staff[0]), completion(nurse_wang)])
    with at("2023-11-01"):
        outcome = remote_completions_import(by=provider_admin, provider=provider, content=content)
    assert outcome.ok and (outcome.created, outcome.existing) == (2, 0)
    entry = LedgerEntry.objects.get(person=nurse_wang)
    assert entry.status == "pending_city" and entry.current_office == wenzhou_office_unit
    assert (entry.credit_class, entry.credit_level, entry.remote) == ("I", "provincial", True)
    assert entry.source == "remote" and entry.entry_method == "import"
    assert AuditEntry.objects.get(action="credits.remote_imported").data == {
        "rows": 2,
        "created": 2,
        "existing": 0,
    }


def test_the_same_list_twice_adds_nothing(provider_admin, provider, staff, credit_year_2023):
    content = sheet([completion(p) for p in staff])
    with at("2023-11-01"):
        remote_completions_import(by=provider_admin, provider=provider, content=content)
        again = remote_completions_import(by=provider_admin, provider=provider, content=content)
    assert (again.created, again.existing) == (0, 5)
    assert LedgerEntry.objects.count() == 5


def test_a_bad_id_number_refuses_the_whole_list_with_its_row(
    provider_admin, provider, staff, credit_year_2023
):
    bad = completion(staff[1])
    bad[1] = bad[1][:-1] + ("0" if bad[1][-1] != "0" else "1")
    wrong_name = completion(staff[2])
    wrong_name[0] = "不对"
    content = sheet([completion(staff[0]), bad, wrong_name, completion(staff[3], credits="x")])
    with at("2023-11-01"):
        outcome = remote_completions_import(by=provider_admin, provider=provider, content=content)
    assert not outcome.ok
    assert [(p.row, p.column) for p in outcome.problems] == [(3, "证件号码"), (5, "学分")]
    assert "校验位" in outcome.problems[0].message
    assert LedgerEntry.objects.count() == 0
    # With the unreadable cells fixed, the name that does not match the number is caught.
    content = sheet([completion(staff[0]), wrong_name])
    with at("2023-11-01"):
        outcome = remote_completions_import(by=provider_admin, provider=provider, content=content)
    assert [(p.row, p.column) for p in outcome.problems] == [(3, "姓名")]
    assert str(outcome.problems[0]).startswith("第 3 行“姓名”")
    assert LedgerEntry.objects.count() == 0


def test_a_year_the_city_has_not_set_is_a_row_problem(provider_admin, provider, staff):
    with at("2023-11-01"):
        outcome = remote_completions_import(
            by=provider_admin, provider=provider, content=sheet([completion(staff[0])])
        )
    assert "尚未设置 2023 年度" in outcome.problems[0].message


def test_another_provider_cannot_upload(provider, staff, credit_year_2023, wenzhou_office_unit):
    other = UnitFactory(kind=Unit.Kind.REMOTE_PROVIDER, supervisor=wenzhou_office_unit)
    stranger = grant(AccountFactory(), Role.PROVIDER, other)
    with pytest.raises(PermissionDenied):
        remote_completions_import(by=stranger, provider=provider, content=sheet([]))


def test_template_has_the_headers():
    assert read_remote_sheet(template_bytes()).problems == []
