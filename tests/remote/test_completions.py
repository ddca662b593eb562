"""Completion lists: from the progress data or uploaded (all rows or none, problems by row and
column in Chinese), checked against the progress data, approved into ledger rows with the
course's credits through the credits app."""

import datetime as dt
from decimal import Decimal

import pytest

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.credits.domain.years import credit_year_set
from jijiao.credits.models import Certificate, LedgerEntry
from jijiao.remote.domain.completions import (
    ListRefused,
    completion_list_approve,
    completion_list_from_progress,
    completion_list_reject,
    completion_list_upload,
    completion_row_exclude,
)
from jijiao.remote.domain.exams import exam_attempt_submit
from jijiao.remote.models import CompletionList, CompletionRow
from tests.factories import PersonFactory
from tests.remote.conftest import QUESTIONS, xlsx
from tests.remote.players import Player

pytestmark = pytest.mark.django_db

DAY = "2025-03-03"


@pytest.fixture
def credit_year_2025(wenzhou_office, wenzhou_office_unit):
    return credit_year_set(
        by=wenzhou_office, office=wenzhou_office_unit, year=2025, policy_id="wenzhou-2025"
    )


def complete(account, course, clock_at):
    """Watch the course's only video and pass its exam."""
    Player(account, course.videos.get(), clock_at).watch_all()
    right = {str(q.pk): QUESTIONS[i][2] for i, q in enumerate(course.questions.all())}
    exam_attempt_submit(by=account, person=account.person, course=course, answers=right)


def row(person, course, minutes=10, day=DAY, name=None):
    return [
        person.reveal_id_number(),
        person.name if name is None else name,
        course.pk,
        minutes,
        day,
    ]


@pytest.fixture
def zhang_completed(learner, course, clock_at):
    complete(learner, course, clock_at)
    return learner.person


def upload(admin, provider, rows):
    return completion_list_upload(
        by=admin, provider=provider, content=xlsx(rows), filename="三月完成名单.xlsx"
    )


def test_an_uploaded_list_is_checked_against_the_progress_data(
    provider_admin, provider, course, zhang_completed, nurse_wang
):
    outcome = upload(
        provider_admin, provider, [row(zhang_completed, course), row(nurse_wang, course, 12)]
    )
    assert outcome.ok
    rows = list(
        outcome.completion_list.rows.values_list(
            "row_number", "person__name", "minutes", "progress_minutes", "verdict", "included"
        )
    )
    assert rows == [
        (2, "张建华", 10, 10, "matches", True),
        (3, "王丽华", 12, None, "no_data", True),
    ]
    assert outcome.completion_list.state == "submitted"
    assert outcome.completion_list.original_name == "三月完成名单.xlsx"


def test_a_completion_the_progress_data_contradicts_is_set_aside(
    provider_admin, provider, course, learner, clock_at
):
    player = Player(learner, course.videos.get(), clock_at)
    player.beat(0)
    player.play(0, 120)
    outcome = upload(provider_admin, provider, [row(learner.person, course)])
    stored = outcome.completion_list.rows.get()
    assert (stored.verdict, stored.included, stored.progress_minutes) == ("short", False, 2)
    assert stored.exclusion_reason == (
        "学习记录显示未完成：学习时长不足：已有效学习 2分00秒，课程要求 9分58秒（未学完：第一讲）"
    )


def test_one_bad_row_refuses_the_whole_file_with_every_problem_by_row_and_column(
    provider_admin, provider, course, other_course, nurse_wang, learner, city_hospital
):
    li, zhao = (PersonFactory(name=n, unit=city_hospital) for n in ("李明", "赵刚"))
    rows = [
        row(nurse_wang, course),
        ["330302198005010012", "某某", course.pk, 10, DAY],
        row(learner.person, course, minutes=9),
        row(nurse_wang, other_course),
        row(li, course, name="李"),
        [learner.person.reveal_id_number(), "", "第一讲", "十", "2025年3月"],
        row(zhao, course, day="2025-03-02"),
        row(nurse_wang, course),
    ]
    outcome = upload(provider_admin, provider, rows)
    assert not outcome.ok
    assert [str(p) for p in outcome.problems] == [
        "第 3 行“身份证号”：身份证号校验位不正确，请核对",
        "第 4 行“学习时长（分钟）”：9 分钟少于课程《心力衰竭诊疗进展》的视频总时长 10 分钟",
        f"第 5 行“课程编号”：本机构没有编号为 {other_course.pk} 的课程",
        "第 6 行“姓名”：与身份证号对应的人员姓名不一致",
        "第 7 行“学习时长（分钟）”：“十”应为大于 0 的整数",
        "第 7 行“完成日期”：日期“2025年3月”无法识别，请写成 2025-03-31",
        "第 7 行“课程编号”：“第一讲”不是课程编号（整数）",
        "第 8 行“完成日期”：2025-03-02 早于课程备案日期 2025-03-03",
        "第 9 行“身份证号”：与第 2 行的学员和课程重复",
    ]
    assert CompletionList.objects.count() == 0
    assert CompletionRow.objects.count() == 0


def test_a_file_without_the_columns_is_refused(provider_admin, provider):
    outcome = completion_list_upload(
        by=provider_admin,
        provider=provider,
        content=xlsx([], headers=("姓名", "课程")),
        filename="",
    )
    assert [str(p) for p in outcome.problems] == [
        "第 1 行：缺少列：身份证号、课程编号、学习时长（分钟）、完成日期。请使用下载的模板"
    ]


def test_a_completion_already_listed_cannot_be_listed_again(
    provider_admin, provider, course, nurse_wang
):
    first = upload(provider_admin, provider, [row(nurse_wang, course)])
    again = upload(provider_admin, provider, [row(nurse_wang, course)])
    assert [str(p) for p in again.problems] == [
        f"第 2 行“课程编号”：该学员本课程已在第 {first.completion_list.pk} 号名单中（待审核）"
    ]


def test_a_list_from_the_progress_data_takes_the_completions_not_yet_listed(
    provider_admin, provider, course, zhang_completed
):
    completion_list = completion_list_from_progress(by=provider_admin, provider=provider)
    assert list(
        completion_list.rows.values_list("person__name", "minutes", "completed_on", "verdict")
    ) == [("张建华", 10, dt.date(2025, 3, 3), "matches")]
    with pytest.raises(DomainError, match="没有尚未上报的完成记录"):
        completion_list_from_progress(by=provider_admin, provider=provider)


def test_approval_creates_approved_ledger_rows_with_the_courses_credits_and_certificates(
    provider_admin, provider, course, zhang_completed, nurse_wang, wenzhou_office, credit_year_2025
):
    outcome = upload(
        provider_admin, provider, [row(zhang_completed, course), row(nurse_wang, course)]
    )
    result = completion_list_approve(
        by=wenzhou_office, completion_list=outcome.completion_list, note="与学习记录核对无误"
    )
    assert (result.credited, result.pending_elsewhere, result.refused) == (2, 0, [])
    entries = LedgerEntry.objects.order_by("person__name")
    assert [
        (
            e.person.name,
            e.title,
            e.project_number,
            e.credits,
            e.hours,
            e.credit_class,
            e.credit_level,
            e.source,
            e.remote,
            e.status,
            e.activity_date,
        )
        for e in entries
    ] == [
        (
            name,
            "心力衰竭诊疗进展",
            course.code,
            Decimal("0.5"),
            Decimal("1.00"),
            "II",
            "city",
            "remote",
            True,
            "approved",
            dt.date(2025, 3, 3),
        )
        for name in ("张建华", "王丽华")
    ]
    assert Certificate.objects.filter(entry__in=entries).count() == 2
    # The list's certificates are one batch in the audit log, issued by the approving city.
    issued = AuditEntry.objects.get(action="credits.certificates_issued")
    assert (issued.actor, issued.data) == (
        wenzhou_office,
        {"rows": 2, "issued": 2, "existing": 0, "kinds": {"credit": 2}},
    )
    completion_list = CompletionList.objects.get()
    assert (completion_list.state, completion_list.credited_count) == ("approved", 2)
    assert set(CompletionRow.objects.values_list("ledger_entry", flat=True)) == {
        e.pk for e in entries
    }
    assert AuditEntry.objects.filter(action="remote.completion_list_approved").count() == 1


def test_excluded_rows_earn_nothing(
    provider_admin, provider, course, nurse_wang, learner, wenzhou_office, credit_year_2025
):
    outcome = upload(
        provider_admin, provider, [row(nurse_wang, course), row(learner.person, course)]
    )
    zhang_row = outcome.completion_list.rows.get(person=learner.person)
    completion_row_exclude(by=wenzhou_office, row=zhang_row, reason="未在本系统学习且无学习日志")
    result = completion_list_approve(by=wenzhou_office, completion_list=outcome.completion_list)
    assert result.credited == 1
    assert list(LedgerEntry.objects.values_list("person__name", flat=True)) == ["王丽华"]


def test_approval_without_the_citys_credit_year_changes_nothing(
    provider_admin, provider, course, nurse_wang, wenzhou_office
):
    outcome = upload(provider_admin, provider, [row(nurse_wang, course)])
    with pytest.raises(ListRefused) as error:
        completion_list_approve(by=wenzhou_office, completion_list=outcome.completion_list)
    assert error.value.problems == [
        "第 2 行（王丽华）2025 年度的学分暂不能录入：须由温州市继教办先设置该年度的学分政策包"
        "（市继教办在工作台的“首次使用清单”中设置）"
    ]
    assert LedgerEntry.objects.count() == 0
    assert CompletionList.objects.get().state == "submitted"


def test_a_suspended_providers_list_cannot_be_approved(
    provider_admin, provider, course, nurse_wang, wenzhou_office, credit_year_2025
):
    from jijiao.remote.domain.providers import provider_suspend

    outcome = upload(provider_admin, provider, [row(nurse_wang, course)])
    provider_suspend(by=wenzhou_office, provider=provider, reason="核查中")
    with pytest.raises(DomainError, match="机构备案已暂停，不能审核通过其完成名单"):
        completion_list_approve(by=wenzhou_office, completion_list=outcome.completion_list)


def test_a_returned_list_no_longer_blocks_a_corrected_one(
    provider_admin, provider, course, nurse_wang, wenzhou_office
):
    first = upload(provider_admin, provider, [row(nurse_wang, course, 12)])
    completion_list_reject(
        by=wenzhou_office, completion_list=first.completion_list, reason="学习时长与平台日志不符"
    )
    assert upload(provider_admin, provider, [row(nurse_wang, course, 10)]).ok


def test_another_provider_cannot_upload_for_this_provider(other_provider_admin, provider, course):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        completion_list_upload(by=other_provider_admin, provider=provider, content=b"", filename="")
