"""An offline and an online session of the Wenzhou city project (Anyang pack: 240 online
minutes per day, discipline match a warning), filed and accepted, with trainees to attend."""

import datetime as dt

import pytest

from jijiao.attendance.domain.registrations import registration_create, window_add
from jijiao.common import clock
from jijiao.hosting.domain.filing import filing_review, filing_submit
from jijiao.orgs.models import Role
from tests.factories import AccountFactory, PersonFactory, grant
from tests.hosting.conftest import (  # noqa: F401 — fixtures shared with the hosting tests
    START,
    at,
    city_project,
    lucheng_project,
    make_session,
    media,
    national_project,
    ready_to_file,
)


def filed_session(host, office, project, policy_id="anyang-2022", **changes):
    session = make_session(host, project, policy_id, **changes)
    with at(dt.date(2025, 5, 1)):
        ready_to_file(host, session)
        filing_submit(by=host, session=session)
        filing_review(by=office, session=session, accept=True)
    session.refresh_from_db()
    return session


@pytest.fixture
def offline_session(hospital_admin, wenzhou_office, city_project):  # noqa: F811
    """2025-05-20 09:00–17:00; sign in 08:00–09:30, sign out 16:30–17:30."""
    session = filed_session(hospital_admin, wenzhou_office, city_project)
    day = START.date()

    def moment(hour, minute=0):
        return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=clock.SHANGHAI)

    with at(dt.date(2025, 5, 2)):
        window_add(
            by=hospital_admin,
            session=session,
            kind="in",
            opens_at=moment(8),
            closes_at=moment(9, 30),
        )
        window_add(
            by=hospital_admin,
            session=session,
            kind="out",
            opens_at=moment(16, 30),
            closes_at=moment(17, 30),
        )
    return session


@pytest.fixture
def online_session(hospital_admin, wenzhou_office, city_project):  # noqa: F811
    """Online, 2025-06-01 08:00 to 06-02 12:00, 1.5 days: 360 minutes required."""
    start = dt.datetime(2025, 6, 1, 8, 0, tzinfo=clock.SHANGHAI)
    return filed_session(
        hospital_admin,
        wenzhou_office,
        city_project,
        start=start,
        ends_at=start + dt.timedelta(days=1, hours=4),
        format="online",
        days="1.5",
        venue="线上直播",
    )


def trainee(username: str, name: str, unit, **person):
    account = AccountFactory(
        username=username, person=PersonFactory(name=name, unit=unit, **person)
    )
    return grant(account, Role.TRAINEE, unit)


@pytest.fixture
def trainee_li(city_hospital):
    return trainee("trainee_li", "李明", city_hospital, specialty="03-01")


@pytest.fixture
def trainee_zhao(lucheng_hospital):
    return trainee("trainee_zhao", "赵静", lucheng_hospital, specialty="03-01")


@pytest.fixture
def trainee_sun(ruian_hospital):
    """A nurse: discipline 10-01, not the project's 03-01."""
    return trainee("trainee_sun", "孙燕", ruian_hospital, specialty="10-01", title_series="护理")


def register(account, session):
    with at(dt.date(2025, 5, 5)):
        return registration_create(by=account, session=session)
