"""The pages: the host's report form, uploads, submission, the office's review, the trainee's
evaluation, the score pages; 404 outside visibility; query counts of the lists."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jijiao.credits.models import LedgerEntry
from jijiao.execution.domain.reports import report_submit
from jijiao.execution.models import ExecutionReport, SurveyAnswer
from tests.execution.conftest import END, START
from tests.execution.helpers import JPG, PNG, account_for, full_report, travel

pytestmark = pytest.mark.django_db


def login(client, account):
    client.force_login(account)
    return client


def report_post(**changes):
    data = {
        "held": "yes",
        "actual_start": START.isoformat(),
        "actual_end": END.isoformat(),
        "actual_days": "3",
        "venue": "本院学术报告厅",
        "venue_province": "浙江",
        "format": "offline",
        "courseware_controls": "",
        "analysis": "学员反映内容实用。",
        "problems": "建议增加病例讨论。",
        "topics-TOTAL_FORMS": "3",
        "topics-INITIAL_FORMS": "0",
        "topics-MIN_NUM_FORMS": "0",
        "topics-MAX_NUM_FORMS": "60",
        "topics-0-topic": "心力衰竭的分型",
        "topics-0-teacher_name": "张建华",
        "topics-0-hours": "2",
        "topics-1-topic": "器械治疗进展",
        "topics-1-teacher_name": "陈志强",
        "topics-1-hours": "1.5",
    }
    data.update(changes)
    return data


def test_host_fills_the_report_through_the_pages(client, hospital_admin, held):
    login(client, hospital_admin)
    with travel(END + dt.timedelta(days=1)):
        page = client.get(f"/execution/sessions/{held.pk}/edit/")
        assert page.status_code == 200
        assert page.context["form"].initial["venue"] == "本院学术报告厅"
        response = client.post(f"/execution/sessions/{held.pk}/edit/", report_post())
        assert response.status_code == 302
        response = client.post(
            f"/execution/sessions/{held.pk}/files/",
            {"kind": "banner_photo", "file": SimpleUploadedFile("条幅.jpg", JPG)},
        )
        assert response.status_code == 302
        response = client.post(
            f"/execution/sessions/{held.pk}/textbooks/",
            {
                "name": "心衰讲义",
                "written_on": "2024-03-01",
                "authors": "心内科",
                "form": "text",
                "word_count": "30000",
                "hours": "3",
                "contents": "分型与治疗",
            },
        )
        assert response.status_code == 302
        response = client.post(f"/execution/sessions/{held.pk}/submit/", follow=True)
    assert "执行情况已上报，等待审核" in response.content.decode()
    report = ExecutionReport.objects.get(session=held)
    assert report.state == "submitted"
    assert [(t.topic, t.teacher_name, str(t.hours)) for t in report.topics.all()] == [
        ("心力衰竭的分型", "张建华", "2.00"),
        ("器械治疗进展", "陈志强", "1.50"),
    ]
    assert list(report.files.values_list("kind", "content_type")) == [
        ("banner_photo", "image/jpeg")
    ]
    assert report.textbooks.get().name == "心衰讲义"


def test_a_wrong_file_type_is_refused_with_the_reason(client, hospital_admin, held):
    login(client, hospital_admin)
    with travel(END + dt.timedelta(days=1)):
        response = client.post(
            f"/execution/sessions/{held.pk}/files/",
            {"kind": "video", "file": SimpleUploadedFile("会场.mp4", PNG)},
            follow=True,
        )
    assert (
        "文件“会场.mp4”：只能上传 MP4、MOV、WebM 文件，且不超过 500 MB；收到的是 PNG 文件"
    ) in response.content.decode()


def test_office_accepts_through_the_page_and_sees_the_grant(
    client, hospital_admin, wenzhou_office, held, people
):
    with travel(END + dt.timedelta(days=2)):
        full_report(hospital_admin, held)
        report_submit(by=hospital_admin, session=held)
    login(client, wenzhou_office)
    with travel(END + dt.timedelta(days=4)):
        home = client.get("/execution/")
        assert [s.pk for s in home.context["queue"]] == [held.pk]
        response = client.post(
            f"/execution/sessions/{held.pk}/review/",
            {"action": "accept", "confirmed": "yes"},
            follow=True,
        )
    text = response.content.decode()
    assert "执行情况审核通过。已为 6 名学员授予学分。" in text
    assert LedgerEntry.objects.filter(source_type="session").count() == 6


def test_pages_are_404_outside_visibility(client, lucheng_admin, hospital_admin, held):
    with travel(END + dt.timedelta(days=2)):
        full_report(hospital_admin, held)
    report = ExecutionReport.objects.get(session=held)
    material = report.files.first()
    login(client, lucheng_admin)
    for url in (
        f"/execution/sessions/{held.pk}/",
        f"/execution/sessions/{held.pk}/edit/",
        f"/execution/sessions/{held.pk}/score/",
        f"/execution/sessions/{held.pk}/survey/",
        f"/execution/sessions/{held.pk}/summary.pdf",
        f"/execution/sessions/{held.pk}/textbooks.pdf",
        f"/execution/sessions/{held.pk}/files/{material.pk}/",
        f"/execution/projects/{held.project.pk}/score/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/execution/sessions/{held.pk}/submit/").status_code == 404
    assert (
        client.post(f"/execution/sessions/{held.pk}/review/", {"action": "accept"}).status_code
        == 404
    )


def test_the_office_sees_the_report_but_cannot_edit_it(client, wenzhou_office, held):
    login(client, wenzhou_office)
    assert client.get(f"/execution/sessions/{held.pk}/").status_code == 200
    assert client.get(f"/execution/sessions/{held.pk}/edit/").status_code == 403


def test_trainee_answers_the_evaluation_once_by_its_link(client, survey, people):
    account = account_for(people[0])
    login(client, account)
    url = f"/execution/e/{survey.token}/"
    answers = {"q1": "0", "q2": "1", "q3": "0", "q4": "0", "q5": "1", "q6": "2", "q7": ["0", "3"]}
    with travel(END, 16):
        page = client.get(url)
        assert page.status_code == 200
        assert "学员对该项目评估意见" in page.content.decode()
        only_one = client.post(url, {**answers, "q7": ["1"]})
        assert "第 7 题须选 2 项（只许选二项），您选了 1 项" in only_one.content.decode()
        done = client.post(url, answers)
        assert "评估已提交" in done.content.decode()
        again = client.get(url)
    assert "已提交过评估" in again.content.decode()
    answer = SurveyAnswer.objects.get()
    assert (answer.q1, answer.q6, answer.q7a, answer.q7b) == (0, 2, 0, 3)


def test_someone_who_did_not_attend_cannot_answer(client, survey, city_hospital):
    from tests.factories import PersonFactory

    stranger = account_for(PersonFactory(name="路人甲", unit=city_hospital))
    login(client, stranger)
    with travel(END, 16):
        response = client.get(f"/execution/e/{survey.token}/")
    assert response.status_code == 403
    assert "路人甲 未参加心力衰竭诊疗进展学习班 第1期，不能评估" in response.content.decode()


def test_score_page_shows_each_item_with_its_facts(client, hospital_admin, held):
    with travel(END + dt.timedelta(days=3)):
        full_report(hospital_admin, held)
        report_submit(by=hospital_admin, session=held)
        login(client, hospital_admin)
        page = client.get(f"/execution/sessions/{held.pk}/score/")
    items = {item.code: item for item in page.context["items"]}
    assert items["1.1.1"].facts == "报备日期 2024-04-20，举办开始 2024-05-10，提前 20 天"
    assert items["1.1.2"].facts == "实际结束 2024-05-12，上报执行情况 2024-05-15，结束后 3 天"
    assert items["2.1.1"].facts == "举办地 浙江；省外学员 3/6 人，50%"
    assert items["2.1.2"].facts == "学员来自 3 个省份：浙江 3 人、江苏 2 人、安徽 1 人"
    assert items["2.2.1"].facts == "没有学员评估"
    assert page.context["score"].total == 83  # 10+10+6×5+20+10+3


def _rows(hospital_admin, wenzhou_office, project, n):
    from tests.execution.helpers import plan_and_file

    for i in range(n):
        plan_and_file(
            hospital_admin,
            wenzhou_office,
            project,
            "national-2024",
            start=START + dt.timedelta(days=7 * i),
            end=START + dt.timedelta(days=7 * i + 1),
            filed_on=dt.date(2024, 4, 1),
        )


@pytest.mark.parametrize("rows", [1, 3])
def test_home_list_queries_do_not_grow_with_rows(
    client, hospital_admin, wenzhou_office, project, rows
):
    project.note = "共 3 期"
    project.save()
    _rows(hospital_admin, wenzhou_office, project, rows)
    login(client, wenzhou_office)
    with travel(dt.date(2024, 7, 1)):
        client.get("/execution/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/execution/")
    assert len(response.context["page"]) == rows
    assert len(queries) == QUERIES["home"]


# Each page also counts the unread messages for the header (one query, notifications).
QUERIES = {"home": 6, "ranking": 5}


@pytest.mark.parametrize("rows", [1, 3])
def test_ranking_queries_do_not_grow_with_rows(
    client, hospital_admin, wenzhou_office, wenzhou_office_unit, city_hospital, rows
):
    from jijiao.execution.domain.scores import score_recompute_for_session
    from tests.execution.helpers import plan_and_file, published

    for i in range(rows):
        project = published(
            wenzhou_office_unit, wenzhou_office, city_hospital, number=f"2024-03-01-00{i}（国）"
        )
        session = plan_and_file(
            hospital_admin,
            wenzhou_office,
            project,
            "national-2024",
            start=START,
            end=END,
            filed_on=dt.date(2024, 4, 1 + i),
        )
        with travel(END + dt.timedelta(days=1)):
            score_recompute_for_session(session=session, by=wenzhou_office)
    login(client, wenzhou_office)
    client.get("/execution/scores/?year=2024")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/execution/scores/?year=2024")
    ranked = list(response.context["page"])
    assert len(ranked) == rows
    assert [s.total for s in ranked] == sorted((s.total for s in ranked), reverse=True)
    assert len(queries) == QUERIES["ranking"]
