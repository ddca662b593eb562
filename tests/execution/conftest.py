"""The execution area's world: a national project of 温州市第一人民医院 (张建华 leads) published
by the city office, a session of it held 2024-05-10 to 05-12 and filed on 2024-04-20 under
national-2024, attended by trainees of three provinces."""

import datetime as dt

import pytest

from jijiao.execution.domain.surveys import survey_open
from tests.execution.helpers import attend, plan_and_file, published, trainees, travel
from tests.hosting.conftest import media  # noqa: F401 — uploads go to a temporary folder

START = dt.date(2024, 5, 10)
END = dt.date(2024, 5, 12)
FILED = dt.date(2024, 4, 20)


@pytest.fixture
def project(wenzhou_office_unit, wenzhou_office, city_hospital, pi_zhang_person):
    return published(wenzhou_office_unit, wenzhou_office, city_hospital)


@pytest.fixture
def session(hospital_admin, wenzhou_office, project):
    return plan_and_file(
        hospital_admin,
        wenzhou_office,
        project,
        "national-2024",
        start=START,
        end=END,
        filed_on=FILED,
    )


@pytest.fixture
def people(city_hospital):
    """Six trainees: three of Zhejiang (the host's own staff), two of Jiangsu, one of Anhui."""
    return trainees({"浙江": 3, "江苏": 2, "安徽": 1}, city_hospital)


@pytest.fixture
def held(hospital_admin, session, people):
    """The session held: everyone signed in and out."""
    attend(hospital_admin, session, people)
    return session


@pytest.fixture
def survey(hospital_admin, held):
    with travel(END, 15):
        return survey_open(by=hospital_admin, session=held)
