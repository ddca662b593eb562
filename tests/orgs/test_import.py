"""The staff import from the Excel template: all rows or none, every problem with its row."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from jijiao.audit_log.models import AuditEntry
from jijiao.orgs.domain.imports import people_import
from jijiao.orgs.models import Employment, Person
from jijiao.orgs.staff_sheet import HEADERS, template_bytes
from jijiao.orgs.synthetic import synthetic_id_number

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ident(sequence: int, *, female=False, birth=dt.date(1986, 4, 2)) -> str:
    return synthetic_id_number("330302", birth, 300 + sequence, female=female)


def workbook(rows: list[dict], departments=("心血管内科",)) -> bytes:
    """The download template, filled in from row 2 the way a person would in Excel."""
    book = load_workbook(io.BytesIO(template_bytes(list(departments))))
    sheet = book["人员名单"]
    for row_number, row in enumerate(rows, start=2):
        for header, value in row.items():
            sheet.cell(row=row_number, column=HEADERS.index(header) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = [
    {"姓名": "陈思远", "身份证号": ident(1), "科室": "心血管内科", "职称级别": "中级"},
    {
        "姓名": "林晓雯",
        "身份证号": ident(2, female=True),
        "职称系列": "护理",
        "手机号": "13812345678",
    },
    {
        "姓名": "郑国平",
        "身份证号": ident(3),
        "现职称取得时间": dt.date(2019, 12, 31),
        "岗位类别": "管理",
    },
]


def test_a_good_file_imports_everyone_with_one_audit_entry(
    hospital_admin, city_hospital, cardiology
):
    outcome = people_import(
        by=hospital_admin, unit=city_hospital, content=workbook(GOOD), filename="2025年人员.xlsx"
    )
    assert (outcome.ok, outcome.created, outcome.problems) == (True, 3, [])
    imported = {p.name: p for p in Person.objects.filter(unit=city_hospital)}
    assert set(imported) == {"陈思远", "林晓雯", "郑国平"}
    assert imported["陈思远"].department == cardiology
    assert imported["林晓雯"].sex == "F"
    assert imported["林晓雯"].phone == "13812345678"
    assert imported["郑国平"].title_date == dt.date(2019, 12, 31)
    assert imported["郑国平"].job_type == "管理"
    assert imported["陈思远"].job_type == ""
    assert imported["陈思远"].reveal_id_number() == ident(1)
    assert Employment.objects.filter(unit=city_hospital, ended_on=None).count() == 3
    [entry] = AuditEntry.objects.filter(action="people.imported")
    assert entry.actor == hospital_admin
    assert entry.object_label == "温州市第一人民医院"
    assert entry.data == {"file": "2025年人员.xlsx", "rows": 3, "created": 3}


def test_an_id_number_stored_as_a_number_is_refused_with_what_to_do(hospital_admin, city_hospital):
    """Excel keeps 15 digits of a number: the last three of the ID number are already gone."""
    outcome = people_import(
        by=hospital_admin,
        unit=city_hospital,
        content=workbook([{"姓名": "数字格式", "身份证号": int(ident(4))}]),
    )
    assert [str(p) for p in outcome.problems] == [
        "第 2 行“身份证号”：身份证号被存成了数字，末几位已丢失；请将该列设为文本格式后重新填写"
    ]
    assert not Person.objects.filter(name="数字格式").exists()


def test_a_file_with_bad_rows_writes_nothing_and_names_every_problem(
    hospital_admin, city_hospital, cardiology, nurse_wang
):
    wrong_check = ident(5)[:17] + ("0" if ident(5)[17] != "0" else "1")
    existing = nurse_wang.reveal_id_number()
    rows = [
        GOOD[0],
        {"姓名": "校验错", "身份证号": wrong_check},
        {"姓名": "科室错", "身份证号": ident(6), "科室": "神经外科"},
        {"姓名": "重复", "身份证号": ident(1)},
        {"姓名": "已在册", "身份证号": existing},
        {"身份证号": ident(7)},
    ]
    people_before = Person.objects.count()
    outcome = people_import(by=hospital_admin, unit=city_hospital, content=workbook(rows))
    assert (outcome.ok, outcome.created) == (False, 0)
    assert [str(p) for p in outcome.problems] == [
        "第 3 行“身份证号”：身份证号校验位不正确，请核对",
        "第 4 行“科室”：本单位没有科室“神经外科”，请先添加",
        "第 5 行“身份证号”：与第 2 行的身份证号重复",
        f"第 6 行“身份证号”：身份证号 {existing[:6]}********{existing[-4:]} "
        "的人员已在系统中，请通过“调入”办理",
        "第 7 行“姓名”：不能为空",
    ]
    assert Person.objects.count() == people_before
    assert not Employment.objects.exists()
    assert not AuditEntry.objects.filter(action="people.imported").exists()


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            {"姓名": "甲", "身份证号": ident(8), "职称级别": "高级"},
            "第 2 行“职称级别”：“高级”应为初级/中级/副高/正高",
        ),
        (
            {"姓名": "甲", "身份证号": ident(8), "岗位类别": "医生"},
            "第 2 行“岗位类别”：“医生”应为医师/护士/药师/技师/管理",
        ),
        (
            {"姓名": "甲", "身份证号": ident(8), "手机号": "1381234"},
            "第 2 行“手机号”：“1381234”不是 11 位手机号",
        ),
        (
            {"姓名": "甲", "身份证号": ident(8), "毕业时间": "去年"},
            "第 2 行“毕业时间”：日期“去年”无法识别，请写成 2020-12-31",
        ),
        (
            {"姓名": "甲", "身份证号": "33030219860402"},
            "第 2 行“身份证号”：身份证号应为 18 位，实际为 14 位",
        ),
    ],
)
def test_each_kind_of_bad_cell_is_reported_in_chinese(hospital_admin, city_hospital, row, problem):
    outcome = people_import(by=hospital_admin, unit=city_hospital, content=workbook([row]))
    assert [str(p) for p in outcome.problems] == [problem]
    assert not Person.objects.filter(name="甲").exists()


def test_a_file_that_is_not_excel_is_refused_in_chinese(hospital_admin, city_hospital):
    outcome = people_import(
        by=hospital_admin, unit=city_hospital, content="姓名,身份证号\n".encode(), filename="a.csv"
    )
    assert [str(p) for p in outcome.problems] == [
        "文件：不是 Excel (.xlsx) 文件（收到的是文本文件），请使用下载的模板"
    ]


def test_a_sheet_without_the_required_columns_is_refused(hospital_admin, city_hospital):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "电话"])
    book.active.append(["甲", "1"])
    out = io.BytesIO()
    book.save(out)
    outcome = people_import(by=hospital_admin, unit=city_hospital, content=out.getvalue())
    assert [str(p) for p in outcome.problems] == ["第 1 行：缺少列：身份证号。请使用下载的模板"]


def test_an_empty_template_is_refused(hospital_admin, city_hospital):
    outcome = people_import(by=hospital_admin, unit=city_hospital, content=workbook([]))
    assert [str(p) for p in outcome.problems] == ["文件：文件中没有人员数据"]


def test_another_unit_cannot_import_into_this_one(lucheng_admin, city_hospital):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        people_import(by=lucheng_admin, unit=city_hospital, content=workbook(GOOD))


def test_the_template_download_has_the_headers_and_the_units_departments(
    client, hospital_admin, cardiology
):
    client.force_login(hospital_admin)
    response = client.get("/people/import/?template=1")
    assert response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book["人员名单"][1]] == HEADERS
    formulas = [v.formula1 for v in book["人员名单"].data_validations.dataValidation]
    assert '"心血管内科"' in formulas


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload_staff(client, content: bytes, django_capture_on_commit_callbacks):
    """Post the workbook; the job runs when the request's transaction commits (eager mode)."""
    upload = SimpleUploadedFile("人员.xlsx", content, content_type=XLSX)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/people/import/", {"file": upload})
    assert response.status_code == 302
    return client.get(response["Location"])


def test_the_import_page_shows_every_problem_to_the_user(
    client, hospital_admin, city_hospital, cardiology, django_capture_on_commit_callbacks
):
    client.force_login(hospital_admin)
    rows = [GOOD[0], {"姓名": "科室错", "身份证号": ident(6), "科室": "神经外科"}]
    response = upload_staff(client, workbook(rows), django_capture_on_commit_callbacks)
    page = response.content.decode()
    assert "未导入：发现 1 处问题，请修改后重新上传。" in page
    assert "<li>第 3 行“科室”：本单位没有科室“神经外科”，请先添加</li>" in page
    assert not Person.objects.filter(name="陈思远").exists()


def test_the_import_page_reports_success_and_links_the_people(
    client, hospital_admin, city_hospital, cardiology, django_capture_on_commit_callbacks
):
    client.force_login(hospital_admin)
    response = upload_staff(client, workbook(GOOD), django_capture_on_commit_callbacks)
    page = response.content.decode()
    assert "导入成功：新增 3 人。" in page
    assert '<progress max="100" value="100"' in page
    assert '<a href="/people/">查看人员名单</a>' in page
    people = client.get("/people/").content.decode()
    assert all(name in people for name in ("陈思远", "林晓雯", "郑国平"))
    assert ident(1) not in page + people


def test_a_sheet_from_before_the_job_type_column_still_imports(hospital_admin, city_hospital):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "身份证号", "职称级别"])
    book.active.append(["吴志远", ident(9), "中级"])
    out = io.BytesIO()
    book.save(out)
    outcome = people_import(by=hospital_admin, unit=city_hospital, content=out.getvalue())
    assert outcome.problems == []
    assert Person.objects.get(name="吴志远").job_type == ""
