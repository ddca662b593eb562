"""An application's life through the domain functions (domain.md §4)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.projects.domain.applications import (
    CourseInput,
    application_create,
    application_return,
    application_save,
    application_submit,
    check,
)
from jijiao.projects.domain.intake import (
    application_accept,
    application_decide,
    criteria_set,
    paper_missing,
    paper_receipt_record,
    review_assign,
    review_declare_conflict,
    review_submit,
)
from jijiao.projects.domain.publication import publication_publish
from jijiao.projects.domain.unit_review import applications_recommend
from jijiao.projects.models import Application
from jijiao.projects.queries import applications_for_user
from tests.factories import AccountFactory, PersonFactory, grant
from tests.factories.hosting import SanctionFactory
from tests.factories.records import PastProjectFactory
from tests.projects.conftest import PROJECT, good_schedule

pytestmark = pytest.mark.django_db
SH = clock.SHANGHAI


def codes(outcome) -> dict[str, str]:
    return {f["code"]: f["severity"] for f in outcome["findings"]}


def test_good_draft_passes_with_figures(draft):
    outcome = check(draft)
    assert outcome["ok"] is True, outcome["findings"]
    assert outcome["result"]["teaching_minutes"] == 600
    assert outcome["result"]["computed_credits"] == 4.0
    assert outcome["result"]["credits"] == 2.5


def test_pi_teaching_less_than_a_fifth_is_an_error_until_fixed(
    draft, pi_zhang, pi_zhang_person, colleague
):
    schedule = good_schedule(pi_zhang_person, colleague)
    schedule[1] = CourseInput(
        topic="高血压规范化管理", kind="theory", minutes=60, teacher_person=pi_zhang_person
    )
    schedule[2] = CourseInput(
        topic="冠心病二级预防", kind="theory", minutes=390, teacher_person=colleague
    )
    application_save(by=pi_zhang, application=draft, fields={}, courses=schedule)
    assert codes(check(draft)).get("APP_PI_TEACHING_SHARE") == "error"
    with pytest.raises(DomainError) as caught:
        application_submit(by=pi_zhang, application=draft)
    assert "APP_PI_TEACHING_SHARE" in caught.value.message
    application_save(
        by=pi_zhang,
        application=draft,
        fields={},
        courses=good_schedule(pi_zhang_person, colleague),
    )
    assert "APP_PI_TEACHING_SHARE" not in codes(check(draft))
    assert application_submit(by=pi_zhang, application=draft).state == "submitted"


def test_submission_is_refused_outside_the_window(draft, pi_zhang):
    late = time_machine.travel(dt.datetime(2025, 2, 27, 17, 0, 1, tzinfo=SH), tick=False)
    with late, pytest.raises(DomainError) as caught:
        application_submit(by=pi_zhang, application=draft)
    assert "不在申报时间内" in caught.value.message
    with time_machine.travel(dt.datetime(2025, 2, 27, 17, 0, 0, tzinfo=SH), tick=False):
        assert application_submit(by=pi_zhang, application=draft).state == "submitted"


def test_another_person_cannot_edit_or_submit(draft, hospital_admin):
    with pytest.raises(PermissionDenied):
        application_submit(by=hospital_admin, application=draft)


def test_returned_application_keeps_its_history(draft, pi_zhang, hospital_admin):
    application_submit(by=pi_zhang, application=draft)
    application_return(by=hospital_admin, application=draft, reason="请补充授课教师简介")
    draft.refresh_from_db()
    assert draft.state == "returned"
    application_save(
        by=pi_zhang, application=draft, fields={"summary": "补充后的简介"}, courses=None
    )
    application_submit(by=pi_zhang, application=draft)
    trail = list(draft.events.values_list("action", "from_state", "to_state", "note"))
    assert trail == [
        ("created", "", "draft", ""),
        ("submitted", "draft", "submitted", ""),
        ("returned", "submitted", "returned", "请补充授课教师简介"),
        ("resubmitted", "returned", "submitted", ""),
    ]


def _submitted_applications(city_hospital, cardiology, call, count):
    """``count`` submitted applications by different PIs of the city hospital."""
    from jijiao.orgs.models import Role

    made = []
    for i in range(count):
        person = PersonFactory(
            name=f"负责人{i}", unit=city_hospital, department=cardiology, title_level="正高"
        )
        account = grant(AccountFactory(person=person), Role.APPLICANT, city_hospital)
        fields = dict(
            PROJECT,
            name=f"{['心电图', '超声', '介入', '康复'][i]}适宜技术培训班",
            summary=f"内容{i}" * 5,
        )
        application = application_create(by=account, call=call, fields=fields)
        application_save(
            by=account, application=application, fields={}, courses=good_schedule(person, person)
        )
        made.append(application_submit(by=account, application=application))
    return made


def test_recommendation_is_refused_over_the_quota(
    city_call, city_hospital, cardiology, hospital_admin, wenzhou_office
):
    # Completed 2 in 2023 and 1 in 2024: quota ⌈½ × 1.5⌉ = 1.
    for year, count in ((2023, 2), (2024, 1)):
        PastProjectFactory.create_batch(count, unit=city_hospital, year=year, leader_name="某")
    first, second = _submitted_applications(city_hospital, cardiology, city_call, 2)
    with pytest.raises(DomainError) as caught:
        applications_recommend(
            by=hospital_admin, call=city_call, unit=city_hospital, applications=[first, second]
        )
    assert "超出推荐名额" in caught.value.message
    assert set(Application.objects.values_list("state", flat=True)) == {"submitted"}
    applications_recommend(
        by=hospital_admin, call=city_call, unit=city_hospital, applications=[second]
    )
    with pytest.raises(DomainError):
        applications_recommend(
            by=hospital_admin, call=city_call, unit=city_hospital, applications=[first]
        )
    second.refresh_from_db()
    assert second.state == "recommended"


def test_paper_flag_after_the_deadline(draft, city_call, wenzhou_office, city_hospital):
    assert not paper_missing(draft, now=dt.datetime(2025, 3, 5, 17, 0, tzinfo=SH))
    assert paper_missing(draft, now=dt.datetime(2025, 3, 5, 17, 1, tzinfo=SH))
    paper_receipt_record(
        by=wenzhou_office,
        call=city_call,
        unit=city_hospital,
        received_at=dt.datetime(2025, 3, 4, 9, 0, tzinfo=SH),
    )
    assert not paper_missing(draft, now=dt.datetime(2025, 3, 6, tzinfo=SH))


def test_whole_path_to_publication(
    draft,
    pi_zhang,
    hospital_admin,
    wenzhou_office,
    city_call,
    city_hospital,
    expert_a,
    expert_b,
    lucheng_hospital,
    paper_received,
):
    application_submit(by=pi_zhang, application=draft)
    applications_recommend(
        by=hospital_admin, call=city_call, unit=city_hospital, applications=[draft]
    )
    draft.refresh_from_db()
    application_accept(by=wenzhou_office, application=draft)
    criteria_set(
        by=wenzhou_office,
        call=city_call,
        criteria=[("科学性与先进性", 40, True), ("实用性", 40, True), ("师资", 20, False)],
    )
    a = review_assign(by=wenzhou_office, application=draft, reviewer=expert_a)
    b = review_assign(by=wenzhou_office, application=draft, reviewer=expert_b)
    ids = list(city_call.criteria.values_list("pk", flat=True))
    review_submit(
        by=expert_a, assignment=a, scores={ids[0]: 35, ids[1]: 30, ids[2]: 18}, opinion="内容实用"
    )
    review_submit(by=expert_b, assignment=b, scores={ids[0]: 32, ids[1]: 36}, opinion="同意")
    assert [a.total, b.total] == [Decimal("83.0"), Decimal("68.0")]
    approved = application_decide(
        by=wenzhou_office,
        application=draft,
        approve=True,
        reason="同意立项",
        number="2025-03-01-001",
    )
    assert approved.number == "2025-03-01-001"
    publication = publication_publish(by=wenzhou_office, call=city_call)
    row = publication.projects.get()
    assert (row.number, row.name, row.host_name, row.leader_name) == (
        "2025-03-01-001",
        PROJECT["name"],
        "温州市第一人民医院",
        "张建华",
    )


def test_reviewer_of_the_applying_unit_is_refused(
    draft, pi_zhang, hospital_admin, wenzhou_office, city_call, city_hospital
):
    from jijiao.orgs.models import Role

    application_submit(by=pi_zhang, application=draft)
    applications_recommend(
        by=hospital_admin, call=city_call, unit=city_hospital, applications=[draft]
    )
    application_accept(by=wenzhou_office, application=draft)
    insider = PersonFactory(name="院内专家", unit=city_hospital)
    expert = grant(AccountFactory(person=insider), Role.EXPERT)
    with pytest.raises(DomainError) as caught:
        review_assign(by=wenzhou_office, application=draft, reviewer=expert)
    assert "应回避" in caught.value.message


def test_reviewer_sees_only_assigned_applications(
    draft,
    pi_zhang,
    hospital_admin,
    wenzhou_office,
    city_call,
    city_hospital,
    expert_a,
    expert_b,
    client,
):
    application_submit(by=pi_zhang, application=draft)
    applications_recommend(
        by=hospital_admin, call=city_call, unit=city_hospital, applications=[draft]
    )
    application_accept(by=wenzhou_office, application=draft)
    assignment = review_assign(by=wenzhou_office, application=draft, reviewer=expert_a)
    assert list(applications_for_user(expert_a)) == [draft]
    assert list(applications_for_user(expert_b)) == []
    review_declare_conflict(by=expert_a, assignment=assignment, note="曾在该科室进修")
    assignment.refresh_from_db()
    assert assignment.state == "conflict"


def test_national_approval_is_numbered_in_the_packs_format(
    pi_zhang, pi_zhang_person, colleague, wenzhou_office, wenzhou_office_unit, in_window
):
    from jijiao.projects.domain.calls import call_open

    call = call_open(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        title="2025年国家级项目（测试）",
        level="national",
        year=2024,
        policy_id="national-2024",
        opens_at=dt.datetime(2025, 2, 1, tzinfo=SH),
        closes_at=dt.datetime(2025, 3, 1, tzinfo=SH),
    )
    numbers = []
    for name in ("心血管介入新技术学习班", "心律失常规范化诊疗学习班"):
        application = application_create(by=pi_zhang, call=call, fields=dict(PROJECT, name=name))
        # The intake steps are tested above; here only the decision's numbering matters.
        Application.objects.filter(pk=application.pk).update(state="under_review")
        decided = application_decide(
            by=wenzhou_office, application=application, approve=True, reason="同意"
        )
        numbers.append(decided.number)
    assert numbers == ["2024-03-01-001（国）", "2024-03-01-002（国）"]


def test_city_approval_without_a_numbering_format_needs_a_typed_number(
    draft, wenzhou_office, paper_received
):
    Application.objects.filter(pk=draft.pk).update(state="under_review")
    with pytest.raises(DomainError) as caught:
        application_decide(by=wenzhou_office, application=draft, approve=True, reason="同意")
    assert caught.value.message == "本政策包未规定该级别的项目编号格式，请填写项目编号"


def test_a_plan_call_takes_no_project_applications(
    pi_zhang, wenzhou_office, wenzhou_office_unit, in_window
):
    from jijiao.projects.domain.calls import call_open
    from jijiao.projects.models import Call

    plan_call = call_open(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        title="2025年上半年培训计划",
        level="city",
        year=2025,
        policy_id="wenzhou-2025",
        kind=Call.Kind.PLAN,
    )
    with pytest.raises(DomainError) as caught:
        application_create(by=pi_zhang, call=plan_call, fields=dict(PROJECT))
    assert "培训计划" in caught.value.message


def test_an_extended_call_accepts_submissions_until_its_new_deadline(
    draft, pi_zhang, wenzhou_office, city_call
):
    from jijiao.projects.domain.calls import call_extend

    new_end = dt.datetime(2025, 3, 3, 17, 0, tzinfo=SH)
    call_extend(by=wenzhou_office, call=city_call, closes_at=new_end, reason="春节顺延")
    draft.refresh_from_db()
    with time_machine.travel(dt.datetime(2025, 3, 2, 9, 0, tzinfo=SH), tick=False):
        outcome = check(draft)
        assert "APP_WINDOW" not in codes(outcome)
        assert application_submit(by=pi_zhang, application=draft).state == "submitted"


def test_after_the_extended_deadline_the_window_finding_names_the_calls_dates(
    draft, wenzhou_office, city_call
):
    from jijiao.projects.domain.calls import call_extend

    call_extend(
        by=wenzhou_office,
        call=city_call,
        closes_at=dt.datetime(2025, 3, 3, 17, 0, tzinfo=SH),
        reason="春节顺延",
    )
    draft.refresh_from_db()
    with time_machine.travel(dt.datetime(2025, 3, 3, 17, 1, tzinfo=SH), tick=False):
        window = [f for f in check(draft)["findings"] if f["code"] == "APP_WINDOW"]
    assert window[0]["severity"] == "error"
    assert "2025-03-03" in window[0]["message"]


def test_a_leader_barred_after_an_inspection_sees_the_error_on_the_next_application(
    draft, pi_zhang_person, city_hospital, wenzhou_office
):
    from jijiao.hosting.models import Sanction

    # The sanction as an inspection decides it (hosting.domain.inspections.sanction_open).
    SanctionFactory(
        state=Sanction.State.CONFIRMED,
        unit=city_hospital,
        person=pi_zhang_person,
        first_year=2025,
        last_year=2026,
        reason="督导发现虚报学员",
        by=wenzhou_office,
    )
    outcome = check(draft)
    assert codes(outcome)["APP_PI_BARRED"] == "error"
    message = next(f["message"] for f in outcome["findings"] if f["code"] == "APP_PI_BARRED")
    assert message.startswith("项目负责人被取消 2025–2026 年度申报资格（督导发现虚报学员）")
