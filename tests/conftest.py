"""Named personas for the whole suite: a small Wenzhou with a city office, two county offices,
three hospitals (one directly under the city), their admins and staff, and the three
separated administrators.
"""

import os
from pathlib import Path

import pytest
from hypothesis import settings
from pytest_django.plugin import blocking_manager_key

from jijiao.orgs.models import Role, Unit
from tests.factories import (
    AccountFactory,
    DepartmentFactory,
    OfficeFactory,
    PersonFactory,
    UnitFactory,
    grant,
)

# Property tests judge what is generated, not how fast: on a loaded 2-core machine one example
# can take longer than Hypothesis's default 200 ms deadline, which would fail a correct test.
settings.register_profile("jijiao", deadline=None)
settings.load_profile("jijiao")

SHARED_DIR = Path(
    os.environ.get("JIJIAO_SHARED_DIR", Path(__file__).resolve().parents[1].parent / "shared")
)


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (len(marker.args) > 0 and marker.args[0])
    )
    return bool(transactional) or bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem):
    """A transactional test ends by emptying every table, the reference data of the migrations
    (divisions, disciplines, committees) included, and tests run after it would find no 温州市.
    Put it back once all of the test's teardown — the flush included — has run."""
    result = yield
    # After the last test the test database is gone and the connection points at the real one
    # again: nothing to restore then, and nothing may be written.
    if nextitem is not None and _is_transactional(item):
        with item.config.stash[blocking_manager_key].unblock():
            _restore_reference_data()
    return result


def _restore_reference_data() -> None:
    """From the serialized copy Django keeps for ``serialized_rollback`` tests when there is one
    (same primary keys, so such a test reloading it later meets the same rows), else anew."""
    from django.db import connection

    from jijiao.orgs.reference import load_reference_data

    serialized = getattr(connection, "_test_serialized_contents", None)
    if serialized:
        connection.creation.deserialize_db_from_string(serialized)
    else:
        load_reference_data()


@pytest.fixture
def shared_dir() -> Path:
    return SHARED_DIR


@pytest.fixture
def wenzhou_office_unit(db):
    from jijiao.orgs.models import Division

    return OfficeFactory(
        name="温州市继教办",
        office_level=Unit.OfficeLevel.CITY,
        division=Division.objects.get(code="330300"),
    )


@pytest.fixture
def lucheng_office_unit(wenzhou_office_unit):
    return OfficeFactory(name="鹿城区卫健局", supervisor=wenzhou_office_unit)


@pytest.fixture
def ruian_office_unit(wenzhou_office_unit):
    from jijiao.orgs.models import Division

    return OfficeFactory(
        name="瑞安市卫健局",
        supervisor=wenzhou_office_unit,
        division=Division.objects.get(code="330381"),
    )


@pytest.fixture
def city_hospital(wenzhou_office_unit):
    """温州市直属 — approvals go unit → city."""
    return UnitFactory(name="温州市第一人民医院", supervisor=wenzhou_office_unit, grade="三级")


@pytest.fixture
def lucheng_hospital(lucheng_office_unit):
    return UnitFactory(name="鹿城区人民医院", supervisor=lucheng_office_unit)


@pytest.fixture
def ruian_hospital(ruian_office_unit):
    from jijiao.orgs.models import Division

    return UnitFactory(
        name="瑞安市人民医院",
        supervisor=ruian_office_unit,
        division=Division.objects.get(code="330381"),
    )


@pytest.fixture
def cardiology(city_hospital):
    return DepartmentFactory(unit=city_hospital, name="心血管内科")


@pytest.fixture
def wenzhou_office(wenzhou_office_unit):
    return grant(AccountFactory(username="wenzhou_office"), Role.CITY_OFFICE, wenzhou_office_unit)


@pytest.fixture
def lucheng_office(lucheng_office_unit):
    return grant(AccountFactory(username="lucheng_office"), Role.COUNTY_OFFICE, lucheng_office_unit)


@pytest.fixture
def ruian_office(ruian_office_unit):
    return grant(AccountFactory(username="ruian_office"), Role.COUNTY_OFFICE, ruian_office_unit)


@pytest.fixture
def hospital_admin(city_hospital):
    """科教科 of 温州市第一人民医院."""
    return grant(AccountFactory(username="hospital_admin"), Role.UNIT_ADMIN, city_hospital)


@pytest.fixture
def lucheng_admin(lucheng_hospital):
    return grant(AccountFactory(username="lucheng_admin"), Role.UNIT_ADMIN, lucheng_hospital)


@pytest.fixture
def ruian_admin(ruian_hospital):
    return grant(AccountFactory(username="ruian_admin"), Role.UNIT_ADMIN, ruian_hospital)


@pytest.fixture
def pi_zhang_person(city_hospital, cardiology):
    return PersonFactory(
        name="张建华", unit=city_hospital, department=cardiology, title_level="正高"
    )


@pytest.fixture
def pi_zhang(pi_zhang_person, city_hospital):
    account = AccountFactory(username="pi_zhang", person=pi_zhang_person)
    grant(account, Role.TRAINEE, city_hospital)
    return grant(account, Role.APPLICANT, city_hospital)


@pytest.fixture
def nurse_wang(lucheng_hospital):
    return PersonFactory(name="王丽华", unit=lucheng_hospital, title_series="护理")


@pytest.fixture
def dept_admin(city_hospital, cardiology):
    person = PersonFactory(name="李超", unit=city_hospital, department=cardiology)
    account = AccountFactory(username="dept_admin", person=person)
    return grant(account, Role.DEPARTMENT_ADMIN, city_hospital, department=cardiology)


@pytest.fixture
def system_admin(db):
    return grant(AccountFactory(username="sysadmin"), Role.SYSTEM_ADMIN)


@pytest.fixture
def security_admin(db):
    return grant(AccountFactory(username="secadmin"), Role.SECURITY_ADMIN)


@pytest.fixture
def audit_admin(db):
    return grant(AccountFactory(username="auditadmin"), Role.AUDIT_ADMIN)
