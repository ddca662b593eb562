"""What happened in earlier years decides the next: the quota and the unexecuted check read the
one history (in-system projects as well as imported rows), and the sanctions the events propose
reach the applications once the office confirms them."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from jijiao.audit_log.models import AuditEntry
from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.execution.domain.reports import report_submit
from jijiao.execution.domain.review import report_review
from jijiao.execution.domain.year_scan import sanctions_scan
from jijiao.execution.history import EXCUSED, HELD, NOT_HELD, outcomes
from jijiao.hosting.domain.sanctions import sanction_confirm, sanction_dismiss
from jijiao.hosting.models import Sanction
from jijiao.projects.domain.applications import (
    application_create,
    application_save,
    application_submit,
    check,
)
from jijiao.projects.domain.calls import call_open
from jijiao.records.models import PastProject
from tests.execution.helpers import attend, full_report, plan_and_file, published, travel
from tests.execution.years import approved, held_and_accepted
from tests.factories.records import PastProjectFactory
from tests.projects.conftest import PROJECT, city_call, colleague, draft, good_schedule, in_window

pytestmark = pytest.mark.django_db
SH = clock.SHANGHAI
__all__ = ["city_call", "colleague", "draft", "in_window"]  # fixtures used by name


def codes(outcome) -> dict[str, str]:
    return {f["code"]: f["severity"] for f in outcome["findings"]}


def message(outcome, code: str) -> str:
    return next(f["message"] for f in outcome["findings"] if f["code"] == code)


# ---------------------------------------------------------------- one history (wenzhou-2025)


def test_in_system_projects_held_in_the_two_previous_years_give_the_quota(
    wenzhou_office_unit, wenzhou_office, city_hospital, pi_zhang_person, draft
):
    """4 held in 2023 and 2 in 2024, all in the system: ⌈½ × 3⌉ = 2 (seed 000 三.1)."""
    for year, count in ((2023, 4), (2024, 2)):
        for i in range(count):
            project = approved(
                wenzhou_office_unit,
                wenzhou_office,
                city_hospital,
                pi_zhang_person,
                year=year,
                number=f"{year}-03-01-00{i}",
            )
            held_and_accepted(project, wenzhou_office)
    assert not PastProject.objects.exists()
    outcome = check(draft)
    assert outcome["result"]["quota"] == 2
    assert "APP_PI_UNEXECUTED" not in codes(outcome)


def test_without_the_reports_accepted_the_same_projects_complete_nothing(
    wenzhou_office_unit, wenzhou_office, city_hospital, pi_zhang_person, draft
):
    for i in range(3):
        approved(
            wenzhou_office_unit,
            wenzhou_office,
            city_hospital,
            pi_zhang_person,
            year=2024,
            number=f"2024-03-01-00{i}",
        )
    # Not first-time (it had projects), none completed: quota 0.
    assert check(draft)["result"]["quota"] == 0


def test_a_project_approved_last_year_and_never_held_fails_the_unexecuted_check(
    wenzhou_office_unit, wenzhou_office, city_hospital, pi_zhang_person, draft
):
    approved(
        wenzhou_office_unit,
        wenzhou_office,
        city_hospital,
        pi_zhang_person,
        year=2024,
        number="2024-03-01-009",
    )
    [found] = outcomes(leader=pi_zhang_person)
    assert found.status == NOT_HELD
    outcome = check(draft)
    assert codes(outcome)["APP_PI_UNEXECUTED"] == "error"
    assert message(outcome, "APP_PI_UNEXECUTED").startswith(
        "项目负责人 2024 年度有无正当理由未执行的已立项项目"
    )


def test_a_project_reported_not_held_and_accepted_is_excused(
    wenzhou_office_unit, wenzhou_office, city_hospital, pi_zhang_person, draft
):
    project = approved(
        wenzhou_office_unit,
        wenzhou_office,
        city_hospital,
        pi_zhang_person,
        year=2024,
        number="2024-03-01-009",
    )
    report = held_and_accepted(project, wenzhou_office)
    report.held = False
    report.not_held_reason = "专家行程冲突"
    report.save()
    [found] = outcomes(leader=pi_zhang_person)
    assert (found.status, found.reason) == (EXCUSED, "专家行程冲突")
    assert "APP_PI_UNEXECUTED" not in codes(check(draft))


def test_imported_rows_and_in_system_projects_count_alike(
    wenzhou_office_unit, wenzhou_office, city_hospital, pi_zhang_person, draft
):
    held_and_accepted(
        approved(
            wenzhou_office_unit,
            wenzhou_office,
            city_hospital,
            pi_zhang_person,
            year=2023,
            number="2023-03-01-001",
        ),
        wenzhou_office,
    )
    PastProjectFactory.create_batch(3, unit=city_hospital, year=2024, leader_name="某")
    found = outcomes(units=[city_hospital], years=[2023, 2024], level="city")
    assert [(o.year, o.status, o.imported) for o in found] == [
        (2024, HELD, True),
        (2024, HELD, True),
        (2024, HELD, True),
        (2023, HELD, False),
    ]
    # (1 + 3) / 2 = 2 → ⌈½ × 2⌉ = 1.
    assert check(draft)["result"]["quota"] == 1


# ---------------------------------------------------------------- anyang-2022: a late report


@pytest.fixture
def late_city_report(hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital, people):
    """A 2022 city project of 03-01 under anyang-2022, its session over on 2022-06-11 and the
    report submitted 11 days later (六: within ten days)."""
    project = published(wenzhou_office_unit, wenzhou_office, city_hospital, level="city", year=2022)
    session = plan_and_file(
        hospital_admin,
        wenzhou_office,
        project,
        "anyang-2022",
        start=dt.date(2022, 6, 10),
        end=dt.date(2022, 6, 11),
        filed_on=dt.date(2022, 5, 20),
    )
    attend(hospital_admin, session, people[:1])
    with travel(dt.date(2022, 6, 22)):
        full_report(hospital_admin, session, video=True)
        outcome = report_submit(by=hospital_admin, session=session)
    assert outcome["ok"] and [f["code"] for f in outcome["findings"]] == ["EXE_LATE"]
    return session


def anyang_application(pi_zhang, pi_zhang_person, colleague, wenzhou_office, office_unit):
    """Next year's (2023) city application of the same unit in 03-01, under anyang-2022."""
    with time_machine.travel(dt.datetime(2023, 2, 10, 10, tzinfo=SH), tick=False):
        call = call_open(
            by=wenzhou_office,
            office=office_unit,
            title="2023年市级继续医学教育项目申报",
            level="city",
            year=2023,
            policy_id="anyang-2022",
            opens_at=dt.datetime(2023, 2, 1, 8, tzinfo=SH),
            closes_at=dt.datetime(2023, 3, 1, 17, tzinfo=SH),
        )
        application = application_create(by=pi_zhang, call=call, fields=dict(PROJECT))
        application_save(
            by=pi_zhang,
            application=application,
            fields={},
            courses=good_schedule(pi_zhang_person, colleague),
        )
    return application


def test_a_late_report_proposes_the_units_same_discipline_bar_which_the_office_confirms(
    late_city_report,
    city_hospital,
    wenzhou_office,
    wenzhou_office_unit,
    pi_zhang,
    pi_zhang_person,
    colleague,
):
    [proposal] = Sanction.objects.all()
    assert (proposal.state, proposal.kind, proposal.rule_code) == (
        "proposed",
        "discipline_barred",
        "SAN_LATE_REPORT_DISCIPLINE",
    )
    assert (proposal.unit, proposal.discipline, proposal.first_year, proposal.last_year) == (
        city_hospital,
        "03-01",
        2023,
        2023,
    )
    assert "举办结束后 11 天才上报执行情况" in proposal.reason
    assert proposal.cite == "安阳市继委2022年项目通知 五、六"
    assert AuditEntry.objects.filter(action="sanction.proposed").count() == 1

    application = anyang_application(
        pi_zhang, pi_zhang_person, colleague, wenzhou_office, wenzhou_office_unit
    )
    with time_machine.travel(dt.datetime(2023, 2, 12, 10, tzinfo=SH), tick=False):
        # A proposal does not count yet.
        assert "APP_UNIT_DISCIPLINE_BARRED" not in codes(check(application))
        sanction_confirm(by=wenzhou_office, sanction=proposal, reason="逾期上报属实")
        outcome = check(application)
        assert codes(outcome)["APP_UNIT_DISCIPLINE_BARRED"] == "error"
        assert message(outcome, "APP_UNIT_DISCIPLINE_BARRED").startswith(
            "申报单位 2023 年度被取消 03 专业项目申报资格"
            "（2022-03-01-001（国） 心力衰竭诊疗进展学习班"
        )
        with pytest.raises(DomainError) as refused:
            application_submit(by=pi_zhang, application=application)
    assert "APP_UNIT_DISCIPLINE_BARRED" in refused.value.message
    confirmed = AuditEntry.objects.get(action="sanction.confirmed")
    assert confirmed.data["reason"] == "逾期上报属实"


def test_a_dismissed_proposal_leaves_next_years_application_untouched(
    late_city_report,
    wenzhou_office,
    wenzhou_office_unit,
    pi_zhang,
    pi_zhang_person,
    colleague,
):
    proposal = Sanction.objects.get()
    with pytest.raises(DomainError):
        sanction_dismiss(by=wenzhou_office, sanction=proposal, reason="  ")
    sanction_dismiss(by=wenzhou_office, sanction=proposal, reason="因疫情封控延迟，情有可原")
    with pytest.raises(DomainError):
        sanction_confirm(by=wenzhou_office, sanction=proposal, reason="改判")
    application = anyang_application(
        pi_zhang, pi_zhang_person, colleague, wenzhou_office, wenzhou_office_unit
    )
    with time_machine.travel(dt.datetime(2023, 2, 12, 10, tzinfo=SH), tick=False):
        assert "APP_UNIT_DISCIPLINE_BARRED" not in codes(check(application))
        application_submit(by=pi_zhang, application=application)
    assert Sanction.objects.get().state == "dismissed"


def test_only_an_office_over_the_unit_decides(late_city_report, hospital_admin):
    with pytest.raises(PermissionDenied):
        sanction_confirm(by=hospital_admin, sanction=Sanction.objects.get(), reason="自认")


def test_accepting_the_late_report_does_not_propose_it_again(late_city_report, wenzhou_office):
    with travel(dt.date(2022, 6, 25)):
        report_review(by=wenzhou_office, session=late_city_report, action="accept")
    assert Sanction.objects.count() == 1


# ---------------------------------------------------------------- changsha-2022: execution rate


def test_a_low_execution_rate_proposes_the_pi_bar_and_the_quota_cut(
    wenzhou_office_unit, wenzhou_office, city_hospital, pi_zhang_person, colleague, draft
):
    """2024 national projects: 3 of 5 held (60 % < 4/5, seed 003 第十条). The leaders of the
    two not held are proposed for a 2025 bar, the unit for one place less in 2025."""
    leaders = [colleague, colleague, colleague, pi_zhang_person, colleague]
    for i, leader in enumerate(leaders):
        project = approved(
            wenzhou_office_unit,
            wenzhou_office,
            city_hospital,
            leader,
            year=2024,
            number=f"2024-03-01-00{i}（国）",
            level="national",
            policy="changsha-2022",
        )
        if i < 3:
            held_and_accepted(project, wenzhou_office, policy="changsha-2022")
    # One city project held in each quota year: quota ⌈½ × 1⌉ = 1 before any cut.
    for year in (2023, 2024):
        held_and_accepted(
            approved(
                wenzhou_office_unit,
                wenzhou_office,
                city_hospital,
                colleague,
                year=year,
                number=f"{year}-03-01-100",
            ),
            wenzhou_office,
        )
    assert check(draft)["result"]["quota"] == 1

    made = sanctions_scan(
        by=wenzhou_office, office=wenzhou_office_unit, year=2024, policy_id="changsha-2022"
    )
    assert sorted((s.rule_code, s.kind, s.person_id, s.first_year) for s in made) == sorted(
        [
            ("SAN_LOW_EXECUTION_PI", "pi_barred", colleague.pk, 2025),
            ("SAN_LOW_EXECUTION_PI", "pi_barred", pi_zhang_person.pk, 2025),
            ("SAN_LOW_EXECUTION_QUOTA", "quota_cut", None, 2025),
        ]
    )
    assert all(s.state == "proposed" for s in made)
    assert "2024 年度项目执行率 60%，低于 80%" in made[0].reason
    # Scanning again proposes nothing new; one audit entry per scan with the counts.
    assert (
        sanctions_scan(
            by=wenzhou_office, office=wenzhou_office_unit, year=2024, policy_id="changsha-2022"
        )
        == []
    )
    scans = AuditEntry.objects.filter(action="sanction.scanned").order_by("pk")
    assert [e.data["proposed"] for e in scans] == [3, 0]
    assert "APP_PI_BARRED" not in codes(check(draft))

    for sanction in made:
        if sanction.person_id in (None, pi_zhang_person.pk):
            sanction_confirm(by=wenzhou_office, sanction=sanction, reason="执行率低，予以通报")
    outcome = check(draft)
    assert codes(outcome)["APP_PI_BARRED"] == "error"
    assert outcome["result"]["quota"] == 0


def test_the_scan_is_the_offices_own(wenzhou_office_unit, hospital_admin):
    with pytest.raises(PermissionDenied):
        sanctions_scan(
            by=hospital_admin, office=wenzhou_office_unit, year=2024, policy_id="changsha-2022"
        )


def test_a_session_over_without_a_report_proposes_the_bar_after_the_packs_days(
    hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital
):
    """Anyang 六: the city report is due within ten days; the office's scan on day 10 finds
    nothing, on day 11 it proposes the same-discipline bar for next year."""
    project = published(wenzhou_office_unit, wenzhou_office, city_hospital, level="city", year=2022)
    plan_and_file(
        hospital_admin,
        wenzhou_office,
        project,
        "anyang-2022",
        start=dt.date(2022, 6, 10),
        end=dt.date(2022, 6, 11),
        filed_on=dt.date(2022, 5, 20),
    )
    scan = dict(by=wenzhou_office, office=wenzhou_office_unit, year=2022, policy_id="anyang-2022")
    with travel(dt.date(2022, 6, 21)):
        assert sanctions_scan(**scan) == []
    with travel(dt.date(2022, 6, 22)):
        [proposal] = sanctions_scan(**scan)
    assert (proposal.rule_code, proposal.discipline, proposal.first_year) == (
        "SAN_MISSING_REPORT_DISCIPLINE",
        "03-01",
        2023,
    )
    assert "举办结束 11 天仍未上报执行情况" in proposal.reason


def test_an_inspection_violation_proposes_the_leaders_bar_for_the_office_to_decide(
    hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital, pi_zhang_person
):
    from decimal import Decimal

    from jijiao.hosting.domain.inspections import (
        inspection_assign,
        inspection_draw,
        inspection_record,
    )
    from jijiao.orgs.models import Role
    from tests.factories import AccountFactory, grant

    project = approved(
        wenzhou_office_unit,
        wenzhou_office,
        city_hospital,
        pi_zhang_person,
        year=2022,
        number="2022-03-01-001",
        policy="anyang-2022",
    )
    session = plan_and_file(
        hospital_admin,
        wenzhou_office,
        project,
        "anyang-2022",
        start=dt.date(2022, 6, 10),
        end=dt.date(2022, 6, 11),
        filed_on=dt.date(2022, 5, 20),
    )
    inspector = grant(AccountFactory(username="inspector_wu"), Role.INSPECTOR)
    draw = inspection_draw(
        by=wenzhou_office, office=wenzhou_office_unit, year=2022, rate=Decimal("1")
    )
    inspection = draw.inspections.get(session=session)
    inspection_assign(by=wenzhou_office, inspection=inspection, inspector=inspector)
    inspection_record(by=inspector, inspection=inspection, findings="签到表代签", violation=True)
    [proposal] = Sanction.objects.all()
    assert (proposal.rule_code, proposal.kind, proposal.person, proposal.state) == (
        "SAN_INSPECTION_PI",
        "pi_barred",
        pi_zhang_person,
        "proposed",
    )
    assert proposal.inspection == inspection and "签到表代签" in proposal.reason
