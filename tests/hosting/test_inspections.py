"""Inspections: a reproducible sample of at least 10 %, inspectors' findings and photos,
sanctions from a violation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jijiao.common.errors import DomainError
from jijiao.hosting.domain.filing import filing_submit
from jijiao.hosting.domain.inspections import (
    inspection_add_photo,
    inspection_assign,
    inspection_draw,
    inspection_record,
    sanction_open,
)
from jijiao.hosting.queries import sanctions_in_force
from jijiao.hosting.sampling import draw_count, draw_sample, sample_size
from jijiao.orgs.models import Role
from tests.factories import AccountFactory, grant
from tests.factories.projects import PublishedProjectFactory
from tests.hosting.conftest import START, at, make_session, ready_to_file

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("population", "expected"), [(0, 0), (1, 1), (9, 1), (10, 1), (11, 2), (25, 3), (100, 10)]
)
def test_sample_is_at_least_ten_percent_rounded_up(population, expected):
    assert sample_size(population, Decimal("0.10")) == expected


def test_same_seed_gives_the_same_sample():
    population = list(range(1, 41))
    first = draw_sample(population, Decimal("0.10"), "2025-温州")
    assert first == draw_sample(list(reversed(population)), Decimal("0.10"), "2025-温州")
    assert len(first) == 4
    assert first != draw_sample(population, Decimal("0.10"), "another seed")


@pytest.fixture
def filed_sessions(hospital_admin, city_project, national_project):
    """Twelve filed sessions in 2025: eleven offline, one online (not inspected on site)."""
    sessions = []
    projects = []
    for index in range(12):
        project = PublishedProjectFactory(
            publication=city_project.publication,
            number=f"2025-03-01-1{index:02d}",
            name=f"项目{index}",
            host=city_project.host,
            enrollment=50,
        )
        projects.append(project)
        fmt = "online" if index == 11 else "offline"
        session = make_session(
            hospital_admin,
            project,
            "anyang-2022",
            start=START + dt.timedelta(days=index),
            format=fmt,
        )
        with at(dt.date(2025, 5, 1)):
            ready_to_file(hospital_admin, session)
            filing_submit(by=hospital_admin, session=session)
        sessions.append(session)
    return sessions


@pytest.fixture
def inspector(db):
    return grant(AccountFactory(username="inspector_wu", display_name="督导员吴"), Role.INSPECTOR)


def test_draw_takes_ten_percent_of_filed_offline_sessions_and_keeps_the_seed(
    wenzhou_office, wenzhou_office_unit, filed_sessions
):
    draw = inspection_draw(by=wenzhou_office, office=wenzhou_office_unit, year=2025, seed="s-1")
    offline = sorted(s.pk for s in filed_sessions[:11])
    assert draw.population == offline
    # 13 city projects published (the national one is not on the city's count): ⌈1.3⌉ = 2.
    assert (draw.base, draw.target, len(draw.sample)) == (13, 2, 2)
    assert draw.sample == draw_sample(offline, Decimal("0.10"), "s-1")
    assert draw.sample == draw_count(offline, 2, "s-1")
    assert sorted(draw.inspections.values_list("session_id", flat=True)) == draw.sample
    with pytest.raises(DomainError) as caught:
        inspection_draw(by=wenzhou_office, office=wenzhou_office_unit, year=2025, seed="s-1")
    assert caught.value.message == "2025 年已抽取 2 期，已达到公布线下项目 13 项的 10%（2 期）"


def test_a_unit_admin_cannot_draw(hospital_admin, wenzhou_office_unit, filed_sessions):
    with pytest.raises(PermissionDenied):
        inspection_draw(by=hospital_admin, office=wenzhou_office_unit, year=2025)


@pytest.fixture
def led_session(hospital_admin, wenzhou_office, wenzhou_office_unit, city_project, pi_zhang):
    """A filed session of a project approved through our own call: its leader is a person."""
    from jijiao.common import clock
    from jijiao.projects.models import Application, Call

    now = clock.now()
    call = Call.objects.create(
        title="2025年市级项目申报",
        level="city",
        year=2025,
        office=wenzhou_office_unit,
        policy_id="wenzhou-2025",
        policy_hash="-",
        opens_at=now,
        closes_at=now,
        opened_at=now,
    )
    application = Application.objects.create(
        call=call,
        unit=city_project.host,
        pi=pi_zhang.person,
        created_by=pi_zhang,
        name=city_project.name,
        state=Application.State.APPROVED,
        sessions=2,
        created_at=now,
        updated_at=now,
    )
    city_project.application = application
    city_project.save()
    session = make_session(hospital_admin, city_project, "anyang-2022")
    with at(dt.date(2025, 5, 1)):
        ready_to_file(hospital_admin, session)
        filing_submit(by=hospital_admin, session=session)
    return session


def test_inspector_records_a_violation_and_the_office_bars_the_leader(
    wenzhou_office, wenzhou_office_unit, inspector, led_session
):
    session = led_session
    draw = inspection_draw(
        by=wenzhou_office, office=wenzhou_office_unit, year=2025, rate=Decimal("1")
    )
    inspection = draw.inspections.get(session=session)
    with pytest.raises(PermissionDenied):
        inspection_record(by=inspector, inspection=inspection, findings="x", violation=True)
    inspection_assign(by=wenzhou_office, inspection=inspection, inspector=inspector)
    inspection_record(
        by=inspector,
        inspection=inspection,
        findings="签到表代签 12 人；实际授课 3 学时，少于报备的 6 学时",
        violation=True,
    )
    inspection_add_photo(
        by=inspector,
        inspection=inspection,
        upload=SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff\xe0" + b"0" * 32),
    )
    with pytest.raises(DomainError, match="取消申报资格的年限为 1–3 年"):
        sanction_open(
            by=wenzhou_office, inspection=inspection, kind="pi_barred", reason="代签", years=4
        )
    sanction = sanction_open(
        by=wenzhou_office, inspection=inspection, kind="pi_barred", reason="代签", years=2
    )
    pi = session.project.application.pi
    assert (sanction.person, sanction.first_year, sanction.last_year) == (pi, 2026, 2027)
    assert list(sanctions_in_force(year=2027, person=pi)) == [sanction]
    assert list(sanctions_in_force(year=2028, person=pi)) == []
    assert inspection.photos.get().content_type == "image/jpeg"


def test_no_sanction_without_a_recorded_violation(
    wenzhou_office, wenzhou_office_unit, filed_sessions, inspector
):
    draw = inspection_draw(by=wenzhou_office, office=wenzhou_office_unit, year=2025, seed="x")
    inspection = draw.inspections.first()
    inspection_assign(by=wenzhou_office, inspection=inspection, inspector=inspector)
    inspection_record(by=inspector, inspection=inspection, findings="规范", violation=False)
    with pytest.raises(DomainError, match="督导未记录违规"):
        sanction_open(by=wenzhou_office, inspection=inspection, kind="quota_cut", reason="x")


def test_unit_quota_cut_and_discipline_bar_are_in_force_next_year(
    wenzhou_office, wenzhou_office_unit, filed_sessions, inspector, city_hospital
):
    draw = inspection_draw(by=wenzhou_office, office=wenzhou_office_unit, year=2025, seed="x")
    inspection = draw.inspections.first()
    inspection_assign(by=wenzhou_office, inspection=inspection, inspector=inspector)
    inspection_record(by=inspector, inspection=inspection, findings="风景区办班", violation=True)
    cut = sanction_open(
        by=wenzhou_office, inspection=inspection, kind="quota_cut", reason="违规", quota_cut=1
    )
    barred = sanction_open(
        by=wenzhou_office, inspection=inspection, kind="discipline_barred", reason="违规"
    )
    assert (barred.discipline, barred.first_year, barred.last_year) == ("03-01", 2026, 2026)
    assert set(sanctions_in_force(year=2026, unit=city_hospital)) == {cut, barred}
    assert list(sanctions_in_force(year=2025, unit=city_hospital)) == []


def test_inspector_sees_only_assigned_inspections(
    client, wenzhou_office, wenzhou_office_unit, filed_sessions, inspector
):
    draw = inspection_draw(by=wenzhou_office, office=wenzhou_office_unit, year=2025, seed="x")
    mine, other = list(draw.inspections.all())
    inspection_assign(by=wenzhou_office, inspection=mine, inspector=inspector)
    client.force_login(inspector)
    assert client.get(reverse("hosting:inspection", args=[mine.pk])).status_code == 200
    assert client.get(reverse("hosting:inspection", args=[other.pk])).status_code == 404
    assert client.get(reverse("hosting:draw", args=[draw.pk])).status_code == 404
    client.force_login(wenzhou_office)
    page = client.get(reverse("hosting:draw", args=[draw.pk]))
    assert "督导员吴" in page.text


# ---------------------------------------------------------------- the rate and base from the pack


def _published(office_unit, office, host, count):
    from tests.factories.projects import PublicationListFactory, PublishedProjectFactory

    publication = PublicationListFactory(office=office_unit, published_by=office)
    return [
        PublishedProjectFactory(publication=publication, host=host, number=f"2025-05-01-{i:03d}")
        for i in range(count)
    ]


def _filed(by, project, day):
    from jijiao.hosting.models import Session

    session = make_session(by, project, "wenzhou-2025", start=START + dt.timedelta(days=day))
    Session.objects.filter(pk=session.pk).update(state=Session.State.FILED)
    return session


@pytest.fixture
def twenty_five_published(wenzhou_office_unit, wenzhou_office, city_hospital):
    """25 city projects on the office's 2025 list, none filed yet."""
    return _published(wenzhou_office_unit, wenzhou_office, city_hospital, 25)


def test_the_office_cannot_draw_below_the_packs_rate(
    wenzhou_office, wenzhou_office_unit, hospital_admin, twenty_five_published
):
    _filed(hospital_admin, twenty_five_published[0], 0)
    with pytest.raises(DomainError) as caught:
        inspection_draw(
            by=wenzhou_office, office=wenzhou_office_unit, year=2025, rate=Decimal("0.05")
        )
    assert caught.value.message == (
        "抽查比例 5% 低于政策包规定的 10%（温继委办发〔2025〕1号 二.5），请填写不低于 10% 的比例"
    )


def test_rounds_follow_the_filings_until_ten_percent_of_the_published_count(
    wenzhou_office, wenzhou_office_unit, hospital_admin, twenty_five_published
):
    first = _filed(hospital_admin, twenty_five_published[0], 0)
    draw = inspection_draw(by=wenzhou_office, office=wenzhou_office_unit, year=2025, seed="a")
    # ⌈10 % × 25⌉ = 3 to reach; one session filed so far: it is drawn.
    assert (draw.base, draw.target, draw.sample) == (25, 3, [first.pk])
    later = [_filed(hospital_admin, p, i) for i, p in enumerate(twenty_five_published[1:6], 1)]
    second = inspection_draw(by=wenzhou_office, office=wenzhou_office_unit, year=2025, seed="b")
    assert len(second.sample) == 2
    assert set(second.sample) <= {s.pk for s in later}
    assert first.pk not in second.population
    with pytest.raises(DomainError) as caught:
        inspection_draw(by=wenzhou_office, office=wenzhou_office_unit, year=2025)
    assert "已达到公布线下项目 25 项的 10%（3 期）" in caught.value.message


def test_a_pack_with_another_rate_changes_the_target(
    wenzhou_office, wenzhou_office_unit, hospital_admin, twenty_five_published
):
    from jijiao.policy.domain.packs import pack_create
    from jijiao.projects.domain.calls import call_open

    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="wenzhou-fifth-2025",
        title="督导五分之一（测试）",
        extends="wenzhou-2025",
        text='id = "wenzhou-fifth-2025"\ntitle = "督导五分之一（测试）"\n'
        'extends = "wenzhou-2025"\n\n[inspection]\ncite = "测试通知 五"\nmin_rate = "1/5"\n',
    )
    call_open(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        title="2025年（测试）",
        level="city",
        year=2025,
        policy_id="wenzhou-fifth-2025",
    )
    for i, project in enumerate(twenty_five_published[:8]):
        _filed(hospital_admin, project, i)
    draw = inspection_draw(by=wenzhou_office, office=wenzhou_office_unit, year=2025)
    assert (draw.target, len(draw.sample)) == (5, 5)
    with pytest.raises(DomainError) as caught:
        inspection_draw(
            by=wenzhou_office, office=wenzhou_office_unit, year=2025, rate=Decimal("0.10")
        )
    assert "低于政策包规定的 20%（测试通知 五）" in caught.value.message


def test_the_inspection_page_shows_the_target_and_refuses_five_percent(
    client, wenzhou_office, wenzhou_office_unit, hospital_admin, twenty_five_published
):
    _filed(hospital_admin, twenty_five_published[0], 0)
    client.force_login(wenzhou_office)
    with at(dt.date(2025, 5, 1)):
        client.force_login(wenzhou_office)
        page = client.get(reverse("hosting:inspections")).content.decode()
        assert "2025 年公布线下项目 25 项，按不低于 10% 应督导 3 期，已抽取 0 期。" in page
        response = client.post(
            reverse("hosting:inspections"), {"year": 2025, "rate": "0.05", "seed": ""}
        )
    assert "抽查比例 5% 低于政策包规定的 10%" in response.content.decode()
