"""Anyang's teachers (seed 004 三): 授课教师 副高 or above, 实验或技术示范教师 中级 or above, their
specialty that of the project's discipline — checked on the teachers the host files, each with
title level and specialty (typed on the line, or from the person's record)."""

import datetime as dt

import pytest

from jijiao.common.errors import DomainError
from jijiao.hosting.domain.filing import filing_submit
from jijiao.policy.domain.packs import pack_create
from tests.factories import PersonFactory
from tests.hosting.conftest import START, at, make_session, ready_to_file

pytestmark = pytest.mark.django_db

TEN_DAYS_BEFORE = START.date() - dt.timedelta(days=10)


def file(by, session):
    with at(TEN_DAYS_BEFORE):
        ready_to_file(by, session)
        return filing_submit(by=by, session=session)


def shown(report) -> list[tuple[str, str]]:
    return [(f["code"], f["message"]) for f in report["findings"]]


def test_titles_and_specialty_as_the_notice_asks_pass(hospital_admin, city_project):
    session = make_session(
        hospital_admin,
        city_project,
        "anyang-2022",
        teachers="张建华，副高，03-01\n陈志强，中级，03-02，实践",
    )
    assert file(hospital_admin, session)["ok"] is True


def test_a_lecturer_below_associate_senior_and_another_specialty_are_refused(
    hospital_admin, city_project
):
    session = make_session(
        hospital_admin,
        city_project,
        "anyang-2022",
        teachers=(
            "张建华，主治医师，03-01，理论\n陈志强，初级，03-01，技术示范\n林海 主任医师 04-02"
        ),
    )
    report = file(hospital_admin, session)
    assert report["ok"] is False
    assert shown(report) == [
        (
            "FIL_PRACTICAL_TEACHER_TITLE",
            "实验或技术示范教师 陈志强 职称为初级，须为中级及以上（安阳市继委2022年项目通知 三）",
        ),
        (
            "FIL_TEACHER_DISCIPLINE",
            "授课教师 林海 专业 04-02 与项目学科 03-01 不一致（安阳市继委2022年项目通知 三）",
        ),
        (
            "FIL_THEORY_TEACHER_TITLE",
            "授课教师 张建华 职称为中级，须为副高及以上（安阳市继委2022年项目通知 三）",
        ),
    ]


def test_a_teacher_of_the_unit_named_alone_is_judged_by_the_persons_record(
    hospital_admin, city_project, city_hospital
):
    PersonFactory(name="王立", unit=city_hospital, title_level="中级", specialty="03-01")
    session = make_session(hospital_admin, city_project, "anyang-2022", teachers="王立")
    report = file(hospital_admin, session)
    assert [code for code, _ in shown(report)] == ["FIL_THEORY_TEACHER_TITLE"]
    assert "授课教师 王立 职称为中级，须为副高及以上" in report["findings"][0]["message"]


def test_a_pack_that_asks_for_intermediate_lecturers_lets_them_teach(
    hospital_admin, city_project, wenzhou_office, wenzhou_office_unit
):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="anyang-intermediate",
        title="理论授课中级即可（测试）",
        extends="anyang-2022",
        text='id = "anyang-intermediate"\ntitle = "理论授课中级即可（测试）"\n'
        'extends = "anyang-2022"\n\n[filing.city.FIL_THEORY_TEACHER_TITLE]\n'
        'cite = "测试通知 三"\nseverity = "error"\nmin = "中级"\n',
    )
    lines = "张建华，中级，03-01"
    strict = make_session(hospital_admin, city_project, "anyang-2022", teachers=lines)
    lenient = make_session(
        hospital_admin,
        city_project,
        "anyang-intermediate",
        teachers=lines,
        start=START + dt.timedelta(days=1),
    )
    assert file(hospital_admin, strict)["ok"] is False
    assert file(hospital_admin, lenient)["ok"] is True


def test_a_word_that_is_no_title_kind_or_discipline_is_refused_naming_the_line(
    hospital_admin, city_project
):
    with pytest.raises(DomainError) as caught:
        make_session(
            hospital_admin, city_project, "anyang-2022", teachers="张建华，副高\n陈志强，知名专家"
        )
    assert caught.value.message.startswith("授课教师第 2 行“知名专家”不是职称")


def test_the_pages_show_the_teachers_and_what_the_pack_finds(client, hospital_admin, city_project):
    client.force_login(hospital_admin)
    response = client.post(
        f"/hosting/projects/{city_project.pk}/sessions/new/",
        {
            "starts_at": "2025-05-20T09:00",
            "ends_at": "2025-05-20T17:00",
            "venue": "本院学术报告厅",
            "format": "offline",
            "days": "1",
            "capacity": "100",
            "teachers": "张建华，中级，03-01\n陈志强，副高，03-01，实践",
            "policy_id": "anyang-2022",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "张建华（中级，03-01，理论）" in page
    assert "陈志强（副高，03-01，实践）" in page
    session_pk = int(response["Location"].rstrip("/").rsplit("/", 1)[-1])
    with at(TEN_DAYS_BEFORE):
        filing = client.get(f"/hosting/sessions/{session_pk}/filing/").content.decode()
    assert "授课教师 张建华 职称为中级，须为副高及以上" in filing
    assert "FIL_THEORY_TEACHER_TITLE" in filing
