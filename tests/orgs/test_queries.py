"""Visibility per role: exactly who sees which people, units, accounts and transfers."""

import pytest

from jijiao.orgs.domain import people
from jijiao.orgs.queries import (
    accounts_for_user,
    people_for_user,
    people_search,
    transfers_for_user,
    units_for_user,
)
from tests.factories import PersonFactory, next_id_number
from tests.orgs.conftest import PERSONAS

NOBODY = {"system_admin", "security_admin", "audit_admin", "anonymous"}


@pytest.fixture
def staff(world):
    """Besides 张建华, 李超 (心血管内科) and 王丽华: one more person in each place."""
    return {
        "周敏": PersonFactory(name="周敏", unit=world.city_hospital),
        "陈明": PersonFactory(name="陈明", unit=world.ruian_hospital),
        "赵刚": PersonFactory(name="赵刚", unit=world.closed_clinic),
    }


def _names(queryset) -> set[str]:
    return {str(item.name) for item in queryset}


EVERYONE = {"张建华", "李超", "周敏", "王丽华", "陈明", "赵刚"}
PEOPLE = {
    "hospital_admin": {"张建华", "李超", "周敏"},
    "lucheng_admin": {"王丽华"},
    "ruian_admin": {"陈明"},
    "dept_admin": {"张建华", "李超"},
    "pi_zhang": {"张建华"},
    "wenzhou_office": EVERYONE,
    "lucheng_office": {"王丽华", "赵刚"},
    "ruian_office": {"陈明"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_people_for_user_is_exactly_the_persons_scope(world, staff, persona):
    assert _names(people_for_user(world.users[persona])) == PEOPLE.get(persona, set())


WENZHOU_UNITS = {
    "温州市继教办",
    "鹿城区卫健局",
    "瑞安市卫健局",
    "温州市第一人民医院",
    "鹿城区人民医院",
    "瑞安市人民医院",
    "鹿城区五马诊所",
}
UNITS = {
    "hospital_admin": {"温州市第一人民医院"},
    "lucheng_admin": {"鹿城区人民医院"},
    "ruian_admin": {"瑞安市人民医院"},
    "wenzhou_office": WENZHOU_UNITS,
    "lucheng_office": {"鹿城区卫健局", "鹿城区人民医院", "鹿城区五马诊所"},
    "ruian_office": {"瑞安市卫健局", "瑞安市人民医院"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_units_for_user_is_exactly_the_persons_scope(world, persona):
    assert _names(units_for_user(world.users[persona])) == UNITS.get(persona, set())


ACCOUNTS = {
    "hospital_admin": {"hospital_admin", "dept_admin", "pi_zhang"},
    "lucheng_admin": {"lucheng_admin", "nurse_wang"},
    "ruian_admin": {"ruian_admin"},
    "wenzhou_office": {"hospital_admin", "lucheng_admin", "ruian_admin"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_accounts_for_user_is_exactly_the_persons_scope(world, persona):
    usernames = set(accounts_for_user(world.users[persona]).values_list("username", flat=True))
    assert usernames == ACCOUNTS.get(persona, set())


@pytest.fixture
def transfers(world, staff):
    """周敏 released by the city hospital (waiting); 王丽华 moved from 鹿城 to 瑞安 (done)."""
    users = world.users
    people.person_transfer_out(by=users["hospital_admin"], person=staff["周敏"], reason="调往外地")
    people.person_transfer_out(by=users["lucheng_admin"], person=world.wang, reason="调动")
    wang_number = world.wang.reveal_id_number()
    people.person_transfer_in(
        by=users["ruian_admin"], unit=world.ruian_hospital, id_number=wang_number
    )


TRANSFERS = {
    "hospital_admin": {"周敏"},
    "lucheng_admin": {"王丽华"},
    "ruian_admin": {"王丽华"},
    "wenzhou_office": {"周敏", "王丽华"},
    "lucheng_office": {"王丽华"},
    "ruian_office": {"王丽华"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_transfers_for_user_covers_transfers_out_of_and_into_the_scope(world, transfers, persona):
    transferred = {t.person.name for t in transfers_for_user(world.users[persona])}
    assert transferred == TRANSFERS.get(persona, set())


def test_released_person_stays_visible_to_the_old_unit_until_taken_in(world, staff):
    zhou = staff["周敏"]
    hospital_admin, lucheng_admin = world.users["hospital_admin"], world.users["lucheng_admin"]
    people.person_transfer_out(by=hospital_admin, person=zhou)
    assert "周敏" in _names(people_for_user(hospital_admin))
    assert "周敏" not in _names(people_for_user(lucheng_admin))

    people.person_transfer_in(
        by=lucheng_admin, unit=world.lucheng_hospital, id_number=zhou.reveal_id_number()
    )
    assert "周敏" not in _names(people_for_user(hospital_admin))
    assert "周敏" in _names(people_for_user(lucheng_admin))


def test_audit_admin_reads_no_people_units_accounts_or_transfers(world, transfers):
    audit_admin = world.users["audit_admin"]
    assert list(people_for_user(audit_admin)) == []
    assert list(units_for_user(audit_admin)) == []
    assert list(accounts_for_user(audit_admin)) == []
    assert list(transfers_for_user(audit_admin)) == []


def test_people_search_finds_by_name_part_or_by_full_id_number_only(world, staff):
    hospital_admin = world.users["hospital_admin"]
    visible = people_for_user(hospital_admin)
    assert _names(people_search(visible, "建华")) == {"张建华"}
    number = world.zhang.reveal_id_number()
    assert _names(people_search(visible, number)) == {"张建华"}
    assert _names(people_search(visible, number[:10])) == set()
    other = next_id_number()
    assert _names(people_search(visible, other)) == set()


def test_unit_applications_are_seen_by_the_offices_of_their_area(world):
    from jijiao.orgs.queries import unit_applications_for_user

    def seen(persona):
        return {a.unit_name[:3] for a in unit_applications_for_user(world.users[persona])}

    assert seen("wenzhou_office") == {"鹿城区", "瑞安市"}
    assert seen("lucheng_office") == {"鹿城区"}
    assert seen("ruian_office") == {"瑞安市"}
    assert seen("hospital_admin") == set()
