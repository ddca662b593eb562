"""The office's records that feed the rules, and the units' yearly execution summaries."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.projects.domain.applications import check
from jijiao.projects.summaries import summary_xlsx, unit_year_summary
from jijiao.records.domain.records import (
    person_record_add,
    person_record_withdraw,
    unexecuted_record,
)
from jijiao.records.models import PastProject, PersonRecord
from tests.factories import PersonFactory, UnitFactory, next_id_number
from tests.factories.projects import PublicationListFactory, PublishedProjectFactory
from tests.factories.records import PastProjectFactory

pytestmark = pytest.mark.django_db


def codes(application) -> dict[str, str]:
    return {f["code"]: f["severity"] for f in check(application)["findings"]}


# ---------------------------------------------------------------- person records


def test_an_integrity_record_bars_the_pi(wenzhou_office, pi_zhang_person, draft):
    entry = person_record_add(
        by=wenzhou_office,
        person=pi_zhang_person,
        kind="integrity",
        date=dt.date(2023, 6, 1),
        note="论文数据造假，经查属实",
    )
    assert (entry.person, entry.kind, entry.recorded_by) == (
        pi_zhang_person,
        "integrity",
        wenzhou_office,
    )
    assert codes(draft)["APP_INTEGRITY_RECORD"] == "error"
    audit = AuditEntry.objects.get(action="person_record.added")
    assert audit.data == {
        "person": pi_zhang_person.pk,
        "kind": "integrity",
        "date": "2023-06-01",
        "note": "论文数据造假，经查属实",
    }


def test_execution_misconduct_bars_the_pi(wenzhou_office, pi_zhang_person, draft):
    person_record_add(
        by=wenzhou_office,
        person=pi_zhang_person,
        kind="misconduct",
        date=dt.date(2024, 11, 2),
        note="签到记录弄虚作假",
    )
    assert codes(draft)["APP_PI_EXECUTION_MISCONDUCT"] == "error"


def test_a_record_older_than_the_packs_years_does_not_bar(wenzhou_office, pi_zhang_person, draft):
    person_record_add(
        by=wenzhou_office,
        person=pi_zhang_person,
        kind="integrity",
        date=dt.date(2021, 1, 10),
        note="旧记录",
    )
    assert "APP_INTEGRITY_RECORD" not in codes(draft)


def test_a_record_dated_in_the_future_is_refused(wenzhou_office, pi_zhang_person, in_window):
    with pytest.raises(DomainError) as caught:
        person_record_add(
            by=wenzhou_office,
            person=pi_zhang_person,
            kind="integrity",
            date=dt.date(2025, 2, 11),
            note="x",
        )
    assert caught.value.message == "日期不能晚于今天"
    assert PersonRecord.objects.count() == 0


def test_only_an_office_over_the_persons_unit_may_record(
    lucheng_office, hospital_admin, pi_zhang_person, nurse_wang
):
    for actor in (lucheng_office, hospital_admin):
        with pytest.raises(PermissionDenied):
            person_record_add(
                by=actor,
                person=pi_zhang_person,
                kind="integrity",
                date=dt.date(2023, 1, 1),
                note="x",
            )
    person_record_add(
        by=lucheng_office, person=nurse_wang, kind="misconduct", date=dt.date(2023, 1, 1), note="y"
    )
    assert PersonRecord.objects.get().person == nurse_wang


def test_a_withdrawn_record_is_gone_but_kept_in_the_log(wenzhou_office, pi_zhang_person, draft):
    entry = person_record_add(
        by=wenzhou_office,
        person=pi_zhang_person,
        kind="integrity",
        date=dt.date(2023, 6, 1),
        note="误录",
    )
    with pytest.raises(DomainError):
        person_record_withdraw(by=wenzhou_office, entry=entry, reason=" ")
    person_record_withdraw(by=wenzhou_office, entry=entry, reason="录错人员")
    assert PersonRecord.objects.count() == 0
    assert "APP_INTEGRITY_RECORD" not in codes(draft)
    audit = AuditEntry.objects.get(action="person_record.withdrawn")
    assert (audit.data["note"], audit.data["reason"]) == ("误录", "录错人员")


# ---------------------------------------------------------------- unexecuted projects


def test_an_unexecuted_project_without_valid_reason_bars_the_pi_until_excused(
    wenzhou_office, pi_zhang_person, city_hospital, draft
):
    project = unexecuted_record(
        by=wenzhou_office,
        leader=pi_zhang_person,
        year=2024,
        level="city",
        name="基层胸痛救治培训班",
        number="2024-03-01-009",
        reason="负责人外出进修",
        excused=False,
    )
    assert (project.unit, project.held, project.excused, project.leader_name) == (
        city_hospital,
        False,
        False,
        "张建华",
    )
    assert codes(draft)["APP_PI_UNEXECUTED"] == "error"
    again = unexecuted_record(
        by=wenzhou_office,
        leader=pi_zhang_person,
        year=2024,
        level="city",
        name="基层胸痛救治培训班",
        reason="疫情防控停办",
        excused=True,
    )
    assert again.pk == project.pk
    assert PastProject.objects.count() == 1
    assert (again.number, again.not_held_reason) == ("2024-03-01-009", "疫情防控停办")
    assert "APP_PI_UNEXECUTED" not in codes(draft)
    second = AuditEntry.objects.filter(action="past_project.unexecuted").order_by("pk").last()
    assert second.data["before"]["excused"] is False
    assert second.data["after"]["excused"] is True


def test_an_unexecuted_project_of_another_level_does_not_bar_a_city_application(
    wenzhou_office, pi_zhang_person, draft
):
    unexecuted_record(
        by=wenzhou_office,
        leader=pi_zhang_person,
        year=2024,
        level="provincial",
        name="省级项目",
        reason="未安排",
        excused=False,
    )
    assert "APP_PI_UNEXECUTED" not in codes(draft)


def test_recording_an_unexecuted_project_needs_a_reason_and_the_office(
    wenzhou_office, lucheng_office, pi_zhang_person
):
    with pytest.raises(DomainError) as caught:
        unexecuted_record(
            by=wenzhou_office,
            leader=pi_zhang_person,
            year=2024,
            level="city",
            name="某班",
            reason="",
            excused=False,
        )
    assert caught.value.message == "请填写未举办原因"
    with pytest.raises(PermissionDenied):
        unexecuted_record(
            by=lucheng_office,
            leader=pi_zhang_person,
            year=2024,
            level="city",
            name="某班",
            reason="x",
            excused=False,
        )
    assert PastProject.objects.count() == 0


# ---------------------------------------------------------------- pages


def test_the_office_finds_people_by_full_id_number_or_name_in_its_jurisdiction(
    client, wenzhou_office, city_hospital
):
    number = next_id_number()
    person = PersonFactory(name="周建国", unit=city_hospital, id_number=number)
    outsider = PersonFactory(name="周建国", unit=UnitFactory(name="杭州市第一人民医院"))
    client.force_login(wenzhou_office)
    by_number = client.get("/projects/records/people/", {"q": number})
    assert list(by_number.context["page"]) == [person]
    by_name = client.get("/projects/records/people/", {"q": "周建国"})
    assert list(by_name.context["page"]) == [person]
    assert client.get(f"/projects/records/people/{outsider.pk}/").status_code == 404


def test_a_unit_admin_cannot_open_the_records_pages(client, hospital_admin, pi_zhang_person):
    client.force_login(hospital_admin)
    assert client.get("/projects/records/people/").status_code == 403
    assert client.get(f"/projects/records/people/{pi_zhang_person.pk}/").status_code == 403
    response = client.post(
        f"/projects/records/people/{pi_zhang_person.pk}/add/",
        {"kind": "integrity", "date": "2023-01-01", "note": "x"},
    )
    assert response.status_code == 403
    assert PersonRecord.objects.count() == 0


def test_the_person_page_records_both_kinds(client, wenzhou_office, pi_zhang_person, in_window):
    client.force_login(wenzhou_office)
    base = f"/projects/records/people/{pi_zhang_person.pk}"
    added = client.post(
        f"{base}/add/", {"kind": "misconduct", "date": "2024-03-01", "note": "虚报学员"}
    )
    assert added.status_code == 302
    refused = client.post(f"{base}/add/", {"kind": "misconduct", "date": "2026-01-01", "note": "x"})
    assert refused.status_code == 400
    assert refused.context["record_form"].errors["date"] == ["日期不能晚于今天"]
    unexecuted = client.post(
        f"{base}/unexecuted/",
        {
            "year": 2024,
            "level": "city",
            "track": "new",
            "name": "胸痛培训班",
            "reason": "未按期举办",
        },
    )
    assert unexecuted.status_code == 302
    page = client.get(f"{base}/")
    assert [e.note for e in page.context["entries"]] == ["虚报学员"]
    assert [(p.name, p.excused) for p in page.context["past"]] == [("胸痛培训班", False)]
    entry = PersonRecord.objects.get()
    client.post(f"/projects/records/entries/{entry.pk}/withdraw/", {"reason": "重复登记"})
    assert PersonRecord.objects.count() == 0


def _past(unit, n: int, year: int = 2023):
    PastProjectFactory.create_batch(n, unit=unit, year=year)


@pytest.mark.parametrize("path", ["/projects/records/history/", "/projects/records/summary/"])
def test_list_pages_take_the_same_queries_for_one_and_three_rows(
    client, wenzhou_office, city_hospital, ruian_hospital, lucheng_hospital, path
):
    client.force_login(wenzhou_office)
    _past(city_hospital, 1)
    client.get(path, {"year": 2023, "level": "city"})
    with CaptureQueriesContext(connection) as one:
        assert client.get(path, {"year": 2023, "level": "city"}).status_code == 200
    _past(ruian_hospital, 1)
    _past(lucheng_hospital, 1)
    with CaptureQueriesContext(connection) as three:
        client.get(path, {"year": 2023, "level": "city"})
    assert len(three) == len(one)


# ---------------------------------------------------------------- execution summaries


@pytest.fixture
def year_2023(city_hospital, wenzhou_office, wenzhou_office_unit):
    rows = [
        ("高血压培训班", "2023-01", "张建华", "new", True, 120, False, "", False),
        ("心电图培训班", "2023-02", "陈志强", "new", True, 86, True, "", False),
        ("心衰培训班", "2023-03", "李超", "refiling", True, 40, False, "", False),
        ("胸痛培训班", "2023-04", "王芳", "new", False, None, False, "疫情停办", True),
    ]
    for name, number, leader, track, held, credited, online, reason, excused in rows:
        PastProjectFactory(
            unit=city_hospital,
            year=2023,
            name=name,
            number=number,
            leader_name=leader,
            track=track,
            held=held,
            credited_persons=credited,
            online=online,
            not_held_reason=reason,
            excused=excused,
        )
    publication = PublicationListFactory(
        level="city",
        year=2023,
        title="2023年市级项目",
        office=wenzhou_office_unit,
        published_at=dt.datetime(2023, 4, 1, tzinfo=dt.UTC),
        published_by=wenzhou_office,
        imported=False,
    )
    for number, name in (("2023-01", "高血压培训班"), ("2023-05", "糖尿病足培训班")):
        PublishedProjectFactory(
            publication=publication,
            level="city",
            year=2023,
            number=number,
            name=name,
            host_name=city_hospital.name,
            host=city_hospital,
            leader_name="林海",
            credits=Decimal("4.0"),
        )


def test_the_unit_summary_counts_approved_and_held(city_hospital, year_2023):
    summary = unit_year_summary(city_hospital, 2023, "city")
    assert summary.approved == 5
    assert (len(summary.held), len(summary.not_held), len(summary.unrecorded)) == (3, 1, 1)
    assert summary.track_counts("new") == (4, 2, 1)
    assert summary.track_counts("refiling") == (1, 1, 0)
    assert (summary.held_share, summary.not_held_share) == (Decimal("60.0"), Decimal("40.0"))
    assert summary.credited_persons == 246
    assert [line.name for line in summary.unrecorded] == ["糖尿病足培训班"]


def test_the_summary_form_is_filled_from_the_data(city_hospital, year_2023):
    book = load_workbook(io.BytesIO(summary_xlsx(unit_year_summary(city_hospital, 2023, "city"))))
    cells = [[c for c in row if c is not None] for row in book.active.iter_rows(values_only=True)]
    assert cells[0] == ["2023年度  市级继续医学教育项目立项获批总数及年度办班情况汇总"]
    assert cells[1][0] == "举办单位名称：温州市第一人民医院（加盖公章）"
    assert cells[2:6] == [
        [
            "市级继教项目（新立项+备案项目）共获批（5）项，已完成数占比（60.0）%，未完成数占比（40.0）%"
        ],
        ["1.获批新立项项目总数（4）项 已举办项目数（2）项 未举办项目数（1）项"],
        ["2.获批备案项目总数（1）项 已举办项目数（1）项 未举办项目数（0）项"],
        ["2023年度共计完成市级继教项目（3）项，授予学分人数共计（246）人"],
    ]
    assert [
        "序号",
        "已举办项目名称（新立项）",
        "项目编号",
        "项目负责人姓名",
        "授予学分人数（人）",
        "举办方式：线上/线下",
    ] in cells
    assert [1, "高血压培训班", "2023-01", "张建华", 120, "线下"] in cells
    assert [2, "心电图培训班", "2023-02", "陈志强", 86, "线上"] in cells
    assert [1, "心衰培训班", "2023-03", "李超", 40, "线下"] in cells
    assert ["2023年度共计未举办市级继教项目（1）项"] in cells
    assert [1, "胸痛培训班", "2023-04", "王芳", "疫情停办（理由正当）", "线下"] in cells
    assert ["已公布但尚未登记举办情况的项目（1）项"] in cells
    assert [1, "糖尿病足培训班", "2023-05", "林海", "执行情况未登记", "线下"] in cells


def test_a_unit_admin_downloads_only_their_own_summary(
    client, hospital_admin, city_hospital, ruian_hospital, year_2023
):
    client.force_login(hospital_admin)
    page = client.get("/projects/records/summary/", {"year": 2023, "level": "city"})
    assert [s.unit for s, _ in page.context["rows"]] == [city_hospital]
    assert list(page.context["own_units"]) == [city_hospital]
    own = client.get(f"/projects/records/summary/{city_hospital.pk}/", {"year": 2023})
    assert own["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(f"/projects/records/summary/{ruian_hospital.pk}/").status_code == 404


def test_the_office_overview_exports_one_row_per_unit(client, wenzhou_office, year_2023):
    client.force_login(wenzhou_office)
    response = client.get(
        "/projects/records/summary/", {"year": 2023, "level": "city", "format": "xlsx"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1] == ("温州市第一人民医院", 5, 4, 1, 3, 1, 1, 1, "60.0", 246)


def test_the_records_pages_show_the_offices_work(
    client, wenzhou_office, wenzhou_office_unit, city_hospital
):
    publication = PublicationListFactory(
        level="national",
        year=2024,
        title="2024年第一批国家级继续医学教育项目",
        office=wenzhou_office_unit,
        published_at=dt.datetime(2024, 3, 22, tzinfo=dt.UTC),
        published_by=wenzhou_office,
        imported=True,
        source_hash="ab" * 32,
    )
    PublishedProjectFactory(
        publication=publication,
        level="national",
        year=2024,
        number="2024-03-01-001（国）",
        name="心血管疾病诊疗新进展学习班",
        host_name=city_hospital.name,
        host=city_hospital,
        leader_name="李明",
        credits=Decimal("10.0"),
    )
    client.force_login(wenzhou_office)
    home = client.get("/projects/records/").content.decode()
    assert "上级项目名单" in home and "已导入 1 份" in home
    lists = client.get("/projects/records/lists/")
    assert [(p.title, p.count) for p in lists.context["publications"]] == [
        ("2024年第一批国家级继续医学教育项目", 1)
    ]
    detail = client.get(f"/projects/records/lists/{publication.pk}/").content.decode()
    assert "2024-03-01-001（国）" in detail and "已关联" in detail
    history_import = client.get("/projects/records/history/import/")
    assert list(history_import.context["form"].fields["unit"].queryset) == [city_hospital]
    assert "项目负责人" in history_import.content.decode()


def test_a_unit_admin_sees_plans_and_summaries_only(client, hospital_admin):
    client.force_login(hospital_admin)
    home = client.get("/projects/records/").content.decode()
    assert "培训计划" in home and "举办情况汇总" in home
    assert "上级项目名单" not in home
    assert client.get("/projects/records/lists/").status_code == 403


def _lists(office, office_unit, host, first: int, count: int):
    for n in range(first, first + count):
        publication = PublicationListFactory(
            level="provincial",
            year=2024,
            title=f"名单{n}",
            office=office_unit,
            published_at=dt.datetime(2024, 3, 22, tzinfo=dt.UTC),
            published_by=office,
            imported=True,
            source_hash=f"{n:064d}",
        )
        PublishedProjectFactory(
            publication=publication,
            level="provincial",
            year=2024,
            number=f"2024-{n:03d}",
            name=f"省级项目{n}",
            host_name=host.name,
            host=host,
            leader_name="李明",
            credits=Decimal("5.0"),
        )


@pytest.mark.parametrize(
    ("path", "third"),
    [("/projects/records/lists/", "名单3"), ("/projects/records/region/", "省级项目3")],
)
def test_list_and_region_pages_take_the_same_queries_for_one_and_three_rows(
    client, wenzhou_office, wenzhou_office_unit, city_hospital, path, third
):
    client.force_login(wenzhou_office)
    _lists(wenzhou_office, wenzhou_office_unit, city_hospital, 1, 1)
    client.get(path, {"year": 2024})
    with CaptureQueriesContext(connection) as one:
        assert client.get(path, {"year": 2024}).status_code == 200
    _lists(wenzhou_office, wenzhou_office_unit, city_hospital, 2, 2)
    with CaptureQueriesContext(connection) as three:
        page = client.get(path, {"year": 2024})
    assert len(three) == len(one)
    assert third in page.content.decode()
