"""Batch precheck: a unit's workbook of drafts comes back annotated, same rules as precheck."""

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import Workbook, load_workbook

from jijiao.common import clock
from jijiao.engine import batch
from jijiao.projects.batch_precheck import batch_precheck_file

UNIT = {"name": "温州市第一人民医院", "licence_status": "valid", "is_medical": True}
PROJECT = [
    "基层慢病管理适宜技术培训班",
    "高血压、糖尿病基层规范化管理",
    "市级",
    "新申报",
    "training",
    "03-06",
    "线下",
    2,
    120,
    "本院学术报告厅",
    "是",
    2.0,
    "张某",
    dt.date(1972, 5, 1),
    "正高",
    "03-06",
    "是",
]
BLANK = [None] * len(PROJECT)


def _book(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = batch.SHEET
    sheet.append(batch.HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _run(content: bytes):
    return batch_precheck_file(
        content, policy_id="wenzhou-2025", unit=UNIT, submitted_at="2025-02-10T10:00:00+08:00"
    )


@pytest.mark.django_db
def test_each_application_gets_its_findings_and_a_summary_row():
    content = _book(
        [
            ["1", *PROJECT, "基层高血压规范化管理", "理论", 150, "张某", "正高", "是", "03-06"],
            ["1", *BLANK, "糖尿病并发症筛查", "理论", 300, "李某", "副高", "是", "03-06"],
            ["1", *BLANK, "动态血压监测操作", "实践", 150, "王某", "中级", "是", "03-06"],
            ["1", *BLANK, "开班仪式", "非授课", 30, None, None, None, None],
            [
                "2",
                "中国基层高峰论坛",
                *PROJECT[1:],
                "基层用药安全",
                "理论",
                600,
                "赵某",
                "中级",
                "否",
                "03-06",
            ],
        ]
    )
    outcome = _run(content)
    assert (outcome.applications, outcome.passed, outcome.problem) == (2, 1, "")
    book = load_workbook(io.BytesIO(outcome.content))
    summary = [list(r) for r in book["预审汇总"].iter_rows(min_row=2, values_only=True)]
    assert summary[0][:8] == ["1", "基层慢病管理适宜技术培训班", "通过", 0, 0, 600, 4.0, 2.0]
    assert summary[1][0:3] == ["2", "中国基层高峰论坛", "不通过"]
    sheet = book[batch.SHEET]
    result_column = [c.value for c in sheet[1]].index(batch.RESULT_HEADER) + 1
    first = sheet.cell(row=2, column=result_column).value
    second = sheet.cell(row=6, column=result_column).value
    assert first.startswith("【通过】错误 0 项")
    assert "APP_NAME_BANNED_WORD" in second and "APP_PI_TEACHING_SHARE" in second
    assert sheet.cell(row=3, column=result_column).value is None


@pytest.mark.django_db
def test_an_unreadable_cell_is_reported_with_row_and_column():
    content = _book(
        [
            [
                "1",
                *PROJECT[:6],
                "面授",
                *PROJECT[7:],
                "课程",
                "理论",
                "九十",
                "张某",
                "正高",
                "是",
                "03-06",
            ],
        ]
    )
    outcome = _run(content)
    book = load_workbook(io.BytesIO(outcome.content))
    sheet = book[batch.SHEET]
    text = sheet.cell(row=2, column=len(batch.HEADERS) + 1).value
    assert "第 2 行“举办方式”：“面授”应为线下/线上/线上线下结合" in text
    assert "第 2 行“时长(分钟)”：“九十”不是整数" in text


def test_not_an_excel_file_says_so():
    outcome = _run(b"%PDF-1.4 not a workbook")
    assert outcome.problem == "不是 Excel (.xlsx) 文件（收到的是 PDF 文件），请使用下载的模板"


def test_the_template_parses_as_one_application():
    sheet = load_workbook(io.BytesIO(batch.template_bytes()))[batch.SHEET]
    drafts = batch.read_drafts(sheet, unit=UNIT, submitted_at="2025-02-10T10:00:00+08:00")
    assert len(drafts) == 1
    assert [c["kind"] for c in drafts[0].document["courses"]] == ["theory", "non_teaching"]
    assert drafts[0].document["courses"][0]["teacher"]["is_pi"] is True


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2025, 2, 10, 10, 0, tzinfo=clock.SHANGHAI), tick=False)
def test_unit_admin_uploads_and_downloads_the_annotated_workbook_from_the_job(
    client, hospital_admin, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(hospital_admin)
    page = client.get("/policy/batch-precheck/")
    assert "申报项目批量预审" in page.content.decode()
    template = client.get("/policy/batch-precheck/?template=1")
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")

    def precheck(content: bytes) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/policy/batch-precheck/",
                {"policy_id": "wenzhou-2025", "file": io.BytesIO(content)},
            )
        assert response["Location"].startswith("/jobs/")
        return response["Location"]

    job_page = precheck(template.content)
    page = client.get(job_page).content.decode()
    assert "预审完成：1 个项目" in page
    assert f'href="{job_page}result/">下载结果（批量预审结果.xlsx）' in page
    result = client.get(f"{job_page}result/")
    book = load_workbook(io.BytesIO(b"".join(result.streaming_content)))
    assert book.sheetnames[0] == "预审汇总"
    bad = client.post(
        "/policy/batch-precheck/", {"policy_id": "wenzhou-2025", "file": io.BytesIO(b"x")}
    )
    assert "只能上传 Excel 文件，且不超过 10 MB；收到的是文本文件" in bad.content.decode()
