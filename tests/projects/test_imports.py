"""The office's imports: other levels' publication lists and the units' past projects. All
rows or none, every problem with its row and column, idempotent."""

import hashlib
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from jijiao.audit_log.models import AuditEntry
from jijiao.common.uploads import MB
from jijiao.jobs.models import Job
from jijiao.policy.access import get_policy
from jijiao.projects.domain.applications import check
from jijiao.projects.domain.imports import past_projects_import, publication_list_import
from jijiao.projects.facts import application_document
from jijiao.projects.models import Application, PublicationList, PublishedProject
from jijiao.records.models import PastProject
from tests.factories import PersonFactory, UnitFactory
from tests.factories.projects import PublicationListFactory, PublishedProjectFactory
from tests.projects.excel import history_book, list_book, national_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_file(city_hospital):
    return list_book(
        [
            national_row("2024-03-01-001（国）", "心血管疾病诊疗新进展学习班", city_hospital.name),
            national_row(
                "2024-03-06-017（国）",
                "急诊胸痛中心建设培训班",
                "浙江大学医学院附属第二医院",
                授予学分="7.5",
                拟招生人数="200人",
                备注="共 2 期",
            ),
        ]
    )


def import_national(office, office_unit, content, **more):
    return publication_list_import(
        by=office,
        office=office_unit,
        level="national",
        year=2024,
        content=content,
        filename="2024年第一批国家级项目.xlsx",
        **more,
    )


def test_list_import_creates_the_list_and_links_known_hosts(
    wenzhou_office, wenzhou_office_unit, city_hospital, national_file
):
    outcome = import_national(wenzhou_office, wenzhou_office_unit, national_file)
    assert outcome.problems == []
    assert (outcome.created, outcome.updated, outcome.unchanged, outcome.linked) == (2, 0, 0, 1)
    publication = PublicationList.objects.get()
    assert publication.imported is True
    assert publication.source_hash == hashlib.sha256(national_file).hexdigest()
    assert publication.title == "2024年国家级继续医学教育项目（导入）"
    assert (publication.level, publication.year, publication.office) == (
        "national",
        2024,
        wenzhou_office_unit,
    )
    first, second = PublishedProject.objects.order_by("number")
    assert (first.number, first.host, first.discipline) == (
        "2024-03-01-001（国）",
        city_hospital,
        "03-01",
    )
    assert (first.credits, first.enrollment, first.dates) == (
        Decimal("10.0"),
        150,
        "2024-05-10至2024-05-13",
    )
    assert (second.host, second.host_name, second.credits, second.enrollment, second.note) == (
        None,
        "浙江大学医学院附属第二医院",
        Decimal("7.5"),
        200,
        "共 2 期",
    )
    entry = AuditEntry.objects.get(action="publication.imported")
    assert entry.data["created"] == 2
    assert entry.data["linked"] == 1
    assert entry.data["sha256"] == publication.source_hash


def test_list_import_of_the_same_file_twice_changes_nothing(
    wenzhou_office, wenzhou_office_unit, national_file
):
    import_national(wenzhou_office, wenzhou_office_unit, national_file)
    before = list(PublishedProject.objects.order_by("pk").values())
    again = import_national(wenzhou_office, wenzhou_office_unit, national_file)
    assert again.ok and again.already
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert PublicationList.objects.count() == 1
    assert list(PublishedProject.objects.order_by("pk").values()) == before
    assert AuditEntry.objects.filter(action="publication.imported").count() == 1


def test_list_import_upserts_by_level_and_number(
    wenzhou_office, wenzhou_office_unit, city_hospital, national_file
):
    first = import_national(wenzhou_office, wenzhou_office_unit, national_file)
    corrected = list_book(
        [
            national_row("2024-03-01-001（国）", "心血管疾病诊疗新进展学习班", city_hospital.name),
            national_row(
                "2024-03-06-017（国）",
                "急诊胸痛中心建设培训班",
                "浙江大学医学院附属第二医院",
                授予学分=8,
                拟招生人数=200,
                备注="共 2 期",
            ),
            national_row("2024-04-01-003（国）", "基层护理质量管理学习班", city_hospital.name),
        ]
    )
    outcome = import_national(wenzhou_office, wenzhou_office_unit, corrected)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (1, 1, 1)
    assert PublishedProject.objects.count() == 3
    changed = PublishedProject.objects.get(number="2024-03-06-017（国）")
    assert changed.credits == Decimal("8.0")
    assert changed.publication == first.publication
    assert PublishedProject.objects.get(number="2024-04-01-003（国）").publication == (
        outcome.publication
    )


def test_list_import_never_overwrites_a_project_published_here(
    wenzhou_office, wenzhou_office_unit, national_file, draft
):
    own = PublicationListFactory(
        level="national",
        year=2024,
        title="本系统名单",
        office=wenzhou_office_unit,
        published_at=draft.created_at,
        published_by=wenzhou_office,
        imported=False,
    )
    Application.objects.filter(pk=draft.pk).update(state="approved")
    PublishedProjectFactory(
        publication=own,
        application=draft,
        level="national",
        year=2024,
        number="2024-03-01-001（国）",
        name="本系统的名称",
        host=None,
        host_name="温州市第一人民医院",
        credits=Decimal("4.0"),
    )
    outcome = import_national(wenzhou_office, wenzhou_office_unit, national_file)
    assert (outcome.created, outcome.skipped) == (1, 1)
    assert PublishedProject.objects.get(number="2024-03-01-001（国）").name == "本系统的名称"


def test_a_bad_list_file_writes_nothing_and_names_every_problem(
    wenzhou_office, wenzhou_office_unit
):
    content = list_book(
        [
            national_row("2024-03-01-001（国）", "", "某医院", 授予学分="十分"),
            national_row("2024-03-01-002（国）", "学习班", "某医院", 拟招生人数="很多"),
            national_row("2024-03-01-001（国）", "学习班二", "某医院", 授予学分="2.25"),
            national_row("", "学习班三", "某医院", 项目负责人=None),
        ]
    )
    outcome = import_national(wenzhou_office, wenzhou_office_unit, content)
    assert [str(p) for p in outcome.problems] == [
        "第 2 行“授予学分”：“十分”应为数字，如 10 或 2.5",
        "第 2 行“项目名称”：不能为空",
        "第 3 行“拟招生人数”：“很多”应为不小于 0 的整数",
        "第 4 行“授予学分”：“2.25”最多保留 1 位小数",
        "第 4 行“项目编号”：与第 2 行的项目编号重复",
        "第 5 行“项目编号”：不能为空",
        "第 5 行“项目负责人”：不能为空",
    ]
    assert PublicationList.objects.count() == 0
    assert PublishedProject.objects.count() == 0
    assert not AuditEntry.objects.filter(action="publication.imported").exists()


def test_a_list_without_the_required_columns_is_refused(wenzhou_office, wenzhou_office_unit):
    book = Workbook()
    book.active.append(["项目编号", "项目名称", "举办地点"])
    book.active.append(["2024-03-01-001（国）", "学习班", "温州"])
    out = io.BytesIO()
    book.save(out)
    outcome = import_national(wenzhou_office, wenzhou_office_unit, out.getvalue())
    assert [str(p) for p in outcome.problems] == [
        "第 1 行：缺少列：申办单位、项目负责人。请使用下载的名单模板"
    ]


def test_a_title_row_above_the_headers_is_allowed(wenzhou_office, wenzhou_office_unit):
    book = Workbook()
    sheet = book.active
    sheet.append(["2024年第一批国家级继续医学教育项目"])
    sheet.append(["项目编号", "项目名称", "申办单位", "项目负责人", "授予学分"])
    sheet.append(["2024-03-01-001（国）", "学习班", "某医院", "李明", "abc"])
    out = io.BytesIO()
    book.save(out)
    outcome = import_national(wenzhou_office, wenzhou_office_unit, out.getvalue())
    assert [str(p) for p in outcome.problems] == ["第 3 行“授予学分”：“abc”应为数字，如 10 或 2.5"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"PK\x03\x04" + bytes(20 * 1024 * 1024),
            "文件：文件有 20.0 MB，超过 10 MB 上限；请拆分后重新上传",
        ),
        (
            "项目编号,项目名称\n".encode(),
            "文件：不是 Excel (.xlsx) 文件（收到的是文本文件），请使用下载的模板",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            "文件：这是旧版 Excel (.xls) 文件，请在 Excel 中另存为 .xlsx 后上传",
        ),
        (b"PK\x03\x04" + bytes(100), "文件：文件已损坏，无法作为 Excel (.xlsx) 打开"),
    ],
)
def test_oversized_and_non_excel_files_are_refused(
    wenzhou_office, wenzhou_office_unit, content, message
):
    outcome = import_national(wenzhou_office, wenzhou_office_unit, content)
    assert [str(p) for p in outcome.problems] == [message]
    assert PublicationList.objects.count() == 0


def test_a_number_of_another_year_is_a_problem(wenzhou_office, wenzhou_office_unit, national_file):
    import_national(wenzhou_office, wenzhou_office_unit, national_file)
    content = list_book([national_row("2024-03-01-001（国）", "学习班", "某医院")])
    outcome = publication_list_import(
        by=wenzhou_office, office=wenzhou_office_unit, level="national", year=2025, content=content
    )
    assert [str(p) for p in outcome.problems] == [
        "第 2 行“项目编号”：“2024-03-01-001（国）”已是 2024 年的项目编号"
    ]
    assert PublicationList.objects.count() == 1


def test_a_unit_admin_cannot_import_lists(hospital_admin, city_hospital, national_file):
    with pytest.raises(PermissionDenied):
        publication_list_import(
            by=hospital_admin,
            office=city_hospital,
            level="national",
            year=2024,
            content=national_file,
        )
    assert PublicationList.objects.count() == 0


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_list_import_page_imports_and_refuses_20_mb(
    client,
    wenzhou_office,
    hospital_admin,
    national_file,
    django_capture_on_commit_callbacks,
    media,
):
    client.force_login(hospital_admin)
    assert client.get("/projects/records/lists/import/").status_code == 403
    client.force_login(wenzhou_office)
    template = client.get("/projects/records/lists/import/?template=1")
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    big = SimpleUploadedFile("名单.xlsx", b"PK\x03\x04" + bytes(20 * MB - 4))
    page = client.post(
        "/projects/records/lists/import/", {"level": "national", "year": 2024, "file": big}
    )
    assert page.status_code == 200
    assert page.context["form"].errors["file"] == [
        "文件“名单.xlsx”：只能上传 Excel 文件，且不超过 10 MB；收到的文件有 20.0 MB"
    ]
    assert PublicationList.objects.count() == 0
    upload = SimpleUploadedFile("名单.xlsx", national_file)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/projects/records/lists/import/", {"level": "national", "year": 2024, "file": upload}
        )
    publication = PublicationList.objects.get()
    job = Job.objects.get()
    assert done.status_code == 302
    assert done["Location"] == f"/jobs/{job.pk}/"
    page = client.get(done["Location"]).content.decode()
    assert "导入成功：新增 " in page
    assert f'<a href="/projects/records/lists/{publication.pk}/">查看名单</a>' in page


def test_the_region_page_counts_projects_held_in_it_per_level(
    client, wenzhou_office, wenzhou_office_unit, city_hospital, ruian_hospital
):
    national = list_book(
        [
            national_row("2022-03-01-001（国）", "国家级一", city_hospital.name),
            national_row("2022-03-01-002（国）", "国家级二", ruian_hospital.name),
            national_row("2022-03-01-003（国）", "外地项目", "郑州大学第一附属医院"),
        ]
    )
    provincial = list_book([national_row("2022-0301-01", "省级一", ruian_hospital.name)])
    for level, content in (("national", national), ("provincial", provincial)):
        publication_list_import(
            by=wenzhou_office, office=wenzhou_office_unit, level=level, year=2022, content=content
        )
    client.force_login(wenzhou_office)
    page = client.get("/projects/records/region/?year=2022")
    assert page.context["counts"] == [
        ("national", "国家级", 2),
        ("provincial", "省级", 1),
        ("city", "市级", 0),
    ]


# ---------------------------------------------------------------- history


def history_row(unit: str, year: int, name: str, leader: str, held: str, **more) -> dict:
    return {
        "举办单位": unit,
        "年度": year,
        "级别": "市级",
        "项目名称": name,
        "项目负责人": leader,
        "是否举办": held,
        **more,
    }


@pytest.fixture
def history_file(city_hospital, ruian_hospital):
    return history_book(
        [
            history_row(
                city_hospital.name,
                2023,
                "高血压规范化管理培训班",
                "张建华",
                "是",
                项目编号="2023-03-01-005",
                授予学分人数=120,
            ),
            history_row(
                city_hospital.name,
                2023,
                "心电图判读培训班",
                "陈志强",
                "是",
                项目类型="备案",
                授予学分人数="86人",
                举办方式="线上",
            ),
            history_row(city_hospital.name, 2024, "心衰管理培训班", "陈志强", "是"),
            history_row(
                ruian_hospital.name,
                2024,
                "急救技能培训班",
                "王芳",
                "否",
                未举办原因="疫情停办",
                理由是否正当="是",
            ),
        ]
    )


def test_history_import_creates_past_projects_and_links_unique_leaders(
    wenzhou_office, wenzhou_office_unit, pi_zhang_person, city_hospital, history_file
):
    PersonFactory(name="陈志强", unit=city_hospital)
    PersonFactory(name="陈志强", unit=city_hospital)
    outcome = past_projects_import(
        by=wenzhou_office, office=wenzhou_office_unit, content=history_file, filename="历年.xlsx"
    )
    assert outcome.problems == []
    assert (outcome.created, outcome.updated, outcome.unchanged, outcome.linked) == (4, 0, 0, 1)
    zhang = PastProject.objects.get(leader_name="张建华")
    assert (zhang.leader, zhang.number, zhang.held, zhang.credited_persons, zhang.online) == (
        pi_zhang_person,
        "2023-03-01-005",
        True,
        120,
        False,
    )
    refiled = PastProject.objects.get(name="心电图判读培训班")
    assert (refiled.leader, refiled.track, refiled.credited_persons, refiled.online) == (
        None,
        "refiling",
        86,
        True,
    )
    excused = PastProject.objects.get(name="急救技能培训班")
    assert (excused.held, excused.excused, excused.not_held_reason) == (False, True, "疫情停办")
    entry = AuditEntry.objects.get(action="past_projects.imported")
    assert (entry.data["rows"], entry.data["units"], entry.data["created"]) == (4, 2, 4)


def test_history_import_twice_changes_nothing(wenzhou_office, wenzhou_office_unit, history_file):
    past_projects_import(by=wenzhou_office, office=wenzhou_office_unit, content=history_file)
    before = list(PastProject.objects.order_by("pk").values())
    again = past_projects_import(
        by=wenzhou_office, office=wenzhou_office_unit, content=history_file
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert list(PastProject.objects.order_by("pk").values()) == before


def test_history_import_feeds_the_unit_quota(
    wenzhou_office, wenzhou_office_unit, history_file, draft
):
    past_projects_import(by=wenzhou_office, office=wenzhou_office_unit, content=history_file)
    document = application_document(draft, policy=get_policy(draft.call.policy_id))
    assert document["unit"]["first_time"] is False
    assert document["unit"]["completed_projects"] == {"2023": 2, "2024": 1}


def test_history_import_feeds_app_pi_unexecuted(
    wenzhou_office, wenzhou_office_unit, city_hospital, draft
):
    content = history_book(
        [history_row(city_hospital.name, 2024, "胸痛培训班", "张建华", "否", 未举办原因="未安排")]
    )
    past_projects_import(by=wenzhou_office, office=wenzhou_office_unit, content=content)
    findings = {f["code"]: f for f in check(draft)["findings"]}
    assert findings["APP_PI_UNEXECUTED"]["severity"] == "error"
    assert findings["APP_PI_UNEXECUTED"]["message"] == (
        "项目负责人 2024 年度有无正当理由未执行的已立项项目（温继委办发〔2025〕1号 二.3(1)）"
    )
    excused = history_book(
        [
            history_row(
                city_hospital.name,
                2024,
                "胸痛培训班",
                "张建华",
                "否",
                未举办原因="场地改造",
                理由是否正当="是",
            )
        ]
    )
    outcome = past_projects_import(by=wenzhou_office, office=wenzhou_office_unit, content=excused)
    assert (outcome.created, outcome.updated) == (0, 1)
    assert "APP_PI_UNEXECUTED" not in {f["code"] for f in check(draft)["findings"]}


def test_a_bad_history_file_writes_nothing_and_names_every_problem(
    wenzhou_office, wenzhou_office_unit, city_hospital, in_window
):
    elsewhere = UnitFactory(name="杭州市第一人民医院")
    content = history_book(
        [
            history_row(city_hospital.name, 2031, "甲班", "张三", "也许"),
            history_row(
                city_hospital.name, 2023, "乙班", "李四", "是", 级别="县级", 未举办原因="无"
            ),
            history_row(
                city_hospital.name, 2023, "丙班", "王五", "否", 理由是否正当="是", 授予学分人数=30
            ),
            history_row(elsewhere.name, 2023, "丁班", "赵六", "是"),
            history_row("", 2023, "戊班", "钱七", "是"),
        ]
    )
    outcome = past_projects_import(by=wenzhou_office, office=wenzhou_office_unit, content=content)
    assert [str(p) for p in outcome.problems] == [
        "第 2 行“年度”：“2031”应为 2000–2025 的年份",
        "第 2 行“是否举办”：“也许”应为是或否",
        "第 3 行“未举办原因”：已举办的项目不应填写未举办原因",
        "第 3 行“级别”：“县级”应为国家级、省级或市级",
        "第 4 行“授予学分人数”：未举办的项目不应有授予学分人数",
        "第 4 行“未举办原因”：理由正当的须写明未举办原因",
    ]
    assert PastProject.objects.count() == 0
    second = past_projects_import(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        content=history_book(
            [
                history_row(elsewhere.name, 2023, "丁班", "赵六", "是"),
                history_row("", 2023, "戊班", "钱七", "是"),
            ]
        ),
    )
    assert [str(p) for p in second.problems] == [
        "第 2 行“举办单位”：“杭州市第一人民医院”不是本辖区的单位",
        "第 3 行“举办单位”：不能为空（或在导入页选择单位）",
    ]
    assert PastProject.objects.count() == 0
    assert not AuditEntry.objects.filter(action="past_projects.imported").exists()


def test_history_for_one_unit_chosen_on_the_form(
    wenzhou_office, wenzhou_office_unit, lucheng_hospital
):
    content = history_book([history_row("", 2023, "甲班", "张三", "是")])
    outcome = past_projects_import(
        by=wenzhou_office, office=wenzhou_office_unit, content=content, unit=lucheng_hospital
    )
    assert outcome.created == 1
    assert PastProject.objects.get().unit == lucheng_hospital


def test_a_county_office_imports_only_its_own_units(
    lucheng_office, lucheng_office_unit, city_hospital
):
    content = history_book([history_row(city_hospital.name, 2023, "甲班", "张三", "是")])
    outcome = past_projects_import(by=lucheng_office, office=lucheng_office_unit, content=content)
    assert [str(p) for p in outcome.problems] == [
        "第 2 行“举办单位”：“温州市第一人民医院”不是本辖区的单位"
    ]


def test_a_unit_admin_cannot_import_history(hospital_admin, city_hospital, history_file, client):
    with pytest.raises(PermissionDenied):
        past_projects_import(by=hospital_admin, office=city_hospital, content=history_file)
    client.force_login(hospital_admin)
    assert client.get("/projects/records/history/import/").status_code == 403


def test_reimporting_a_corrected_list_takes_the_same_queries_for_one_and_three_rows(
    wenzhou_office, wenzhou_office_unit, city_hospital
):
    def queries(count: int, year: int) -> int:
        rows = [
            national_row(f"{year}-03-01-{n:03d}（国）", f"学习班{n}", city_hospital.name)
            for n in range(count)
        ]
        publication_list_import(
            by=wenzhou_office,
            office=wenzhou_office_unit,
            level="national",
            year=year,
            content=list_book(rows),
        )
        corrected = [r | {"备注": "已更正"} for r in rows]
        with CaptureQueriesContext(connection) as captured:
            outcome = publication_list_import(
                by=wenzhou_office,
                office=wenzhou_office_unit,
                level="national",
                year=year,
                content=list_book(corrected),
            )
        assert outcome.updated == count
        return len(captured)

    assert queries(1, 2023) == queries(3, 2024)


def test_history_import_page_runs_a_job_and_links_the_history(
    client,
    wenzhou_office,
    pi_zhang_person,
    city_hospital,
    history_file,
    django_capture_on_commit_callbacks,
    media,
):
    client.force_login(wenzhou_office)
    upload = SimpleUploadedFile("历年.xlsx", history_file)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/projects/records/history/import/", {"file": upload})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "导入成功：新增 4 项，更新 0 项，未变 0 项；关联到项目负责人 1 项。" in page
    assert '<a href="/projects/records/history/">查看历年项目</a>' in page
    assert PastProject.objects.count() == 4
