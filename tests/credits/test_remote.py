"""Remote completions into the ledger: only the city a provider registers with records them (as
it approves the provider's list in the remote app); all rows or none, problems by row and
column, idempotent. Providers have no upload of their own here: theirs is the remote app's."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from jijiao.audit_log.models import AuditEntry
from jijiao.credits.domain.remote import RemoteRow, remote_completions_record
from jijiao.credits.models import LedgerEntry
from jijiao.orgs.models import Division, Role, Unit
from tests.credits.conftest import at
from tests.factories import AccountFactory, OfficeFactory, UnitFactory, grant, next_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(wenzhou_office_unit):
    return UnitFactory(
        name="华医网", kind=Unit.Kind.REMOTE_PROVIDER, supervisor=wenzhou_office_unit
    )


@pytest.fixture
def provider_admin(provider):
    return grant(AccountFactory(username="huayi"), Role.PROVIDER, provider)


@pytest.fixture
def changsha_office(db):
    office = OfficeFactory(
        name="长沙市继教办",
        office_level=Unit.OfficeLevel.CITY,
        division=Division.objects.get(code="430100"),
    )
    return grant(AccountFactory(username="changsha_office"), Role.CITY_OFFICE, office)


def completion(person, row=2, code="YC-2023-018", name=None, id_number=None) -> RemoteRow:
    return RemoteRow(
        row=row,
        name=person.name if name is None else name,
        id_number=person.reveal_id_number() if id_number is None else id_number,
        title="高血压基层管理",
        course_code=code,
        date=dt.date(2023, 10, 12),
        hours=Decimal("6"),
        credits=Decimal("2.0"),
        credit_class="I",
        credit_level="provincial",
    )


def test_a_good_list_goes_to_each_persons_city(
    wenzhou_office, provider, staff, nurse_wang, credit_year_2023, wenzhou_office_unit
):
    with at("2023-11-01"):
        outcome = remote_completions_record(
            by=wenzhou_office,
            provider=provider,
            rows=[completion(staff[0]), completion(nurse_wang, row=3)],
        )
    assert outcome.ok and (outcome.created, outcome.existing) == (2, 0)
    entry = LedgerEntry.objects.get(person=nurse_wang)
    assert entry.status == "pending_city" and entry.current_office == wenzhou_office_unit
    assert (entry.credit_class, entry.credit_level, entry.remote) == ("I", "provincial", True)
    assert entry.source == "remote" and entry.entry_method == "import"
    assert (entry.source_type, entry.source_id) == ("remote", f"{provider.pk}:YC-2023-018:2023")
    assert entry.remote_provider_id == provider.pk
    assert AuditEntry.objects.get(action="credits.remote_imported").data == {
        "rows": 2,
        "created": 2,
        "existing": 0,
    }


def test_the_same_list_twice_adds_nothing(wenzhou_office, provider, staff, credit_year_2023):
    rows = [completion(p, row=n) for n, p in enumerate(staff, start=2)]
    with at("2023-11-01"):
        remote_completions_record(by=wenzhou_office, provider=provider, rows=rows)
        again = remote_completions_record(by=wenzhou_office, provider=provider, rows=rows)
    assert (again.created, again.existing) == (0, 5)
    assert LedgerEntry.objects.count() == 5


def test_a_bad_row_refuses_the_whole_list_with_its_row(
    wenzhou_office, provider, staff, credit_year_2023
):
    rows = [
        completion(staff[0]),
        completion(staff[1], row=3, id_number=next_id_number()),
        completion(staff[2], row=4, name="不对"),
        completion(staff[0], row=5),
    ]
    with at("2023-11-01"):
        outcome = remote_completions_record(by=wenzhou_office, provider=provider, rows=rows)
    assert [(p.row, p.column, p.message) for p in outcome.problems] == [
        (3, "证件号码", "系统中没有该证件号码的人员"),
        (4, "姓名", "与证件号码对应的人员姓名不一致"),
        (5, "课程编号", "与第 2 行重复（同一人同一课程）"),
    ]
    assert LedgerEntry.objects.count() == 0
    assert not AuditEntry.objects.filter(action="credits.remote_imported").exists()


def test_a_year_the_city_has_not_set_is_a_row_problem(wenzhou_office, provider, staff):
    with at("2023-11-01"):
        outcome = remote_completions_record(
            by=wenzhou_office, provider=provider, rows=[completion(staff[0])]
        )
    assert "2023 年度的学分暂不能录入：须由" in outcome.problems[0].message


def test_only_the_city_the_provider_registers_with_records_its_completions(
    provider, provider_admin, hospital_admin, changsha_office, staff, credit_year_2023
):
    for account in (provider_admin, hospital_admin, changsha_office):
        with pytest.raises(PermissionDenied, match=r"credits\.record_remote"):
            remote_completions_record(by=account, provider=provider, rows=[completion(staff[0])])
    assert LedgerEntry.objects.count() == 0


def test_providers_send_their_lists_through_the_remote_app(client, provider_admin):
    client.force_login(provider_admin)
    assert client.get("/credits/remote/").status_code == 404
    home = client.get(reverse("credits:home")).content.decode()
    assert f'href="{reverse("remote:lists")}"' in home
