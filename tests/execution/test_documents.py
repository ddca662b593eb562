"""The seed 001 forms as PDF (checked with pdftotext) and the score export as Excel."""

import datetime as dt
import io
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jijiao.execution.domain.reports import report_submit
from jijiao.execution.domain.surveys import survey_answer
from jijiao.execution.models import SessionScore
from tests.execution.conftest import END
from tests.execution.helpers import account_for, full_report, travel

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


@pytest.fixture
def reported(client, hospital_admin, survey, people):
    sheets = [
        {"q1": 0, "q2": 1, "q3": 0, "q4": 0, "q5": 0, "q6": 1, "q7": [0, 1]},
        {"q1": 0, "q2": 2, "q3": 1, "q4": 0, "q5": 1, "q6": 1, "q7": [1, 4]},
        {"q1": 1, "q2": 1, "q3": 0, "q4": 1, "q5": 0, "q6": 2, "q7": [1, 2]},
        {"q1": 0, "q2": 0, "q3": 2, "q4": 0, "q5": 0, "q6": 0, "q7": [0, 3]},
    ]
    with travel(END, 16):
        for person, sheet in zip(people, sheets, strict=False):
            survey_answer(by=account_for(person), survey=survey, answers=sheet)
    with travel(END + dt.timedelta(days=3)):
        full_report(hospital_admin, survey.session)
        report_submit(by=hospital_admin, session=survey.session)
    client.force_login(hospital_admin)
    return survey.session


def test_summary_pdf_carries_the_form_headings_values_and_evaluation_counts(client, reported):
    response = client.get(f"/execution/sessions/{reported.pk}/summary.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    flat = "".join(text.split())
    for heading in (
        "附件 2",
        "2024 年国家级继续医学教育项目执行情况总结汇总表",
        "填报单位：温州市第一人民医院",
        "填报日期：2024 年 5 月 15 日",
        "项目编号",
        "2024-03-01-001（国）",
        "心力衰竭诊疗进展学习班",
        "举办形式",
        "课件管理",
        "举办起止时间",
        "2024年5月10日 至 2024年5月12日",
        "授课题目",
        "授课教师",
        "专题1",
        "陈志强",
        "实际培训",
        "学员反映内容实用，达到预期效果。",
        "学员对该项目评估意见",
        "共 4 人评估",
        "认为本项目讲授主要内容是本学科最新发展",
        "存在的问题",
        "建议增加病例讨论。",
    ):
        assert "".join(heading.split()) in flat, heading
    squeezed = " ".join(text.split())
    # Question 1: 是 3, 基本是 1, 否 0; question 7: 提高临床诊治能力 chosen by 3 of 4 (75.00%).
    assert "是 基本是 否" in squeezed
    assert "人数 3 人数 1 人数 0" in squeezed
    assert "提高临床诊治能力" in flat
    assert "人数 2 3 1 1 1" in squeezed  # q7 counts in the form's order
    assert "50.00 75.00 25.00 25.00 25.00" in squeezed
    assert "☑" in text  # 仅线下 ticked


def test_textbook_pdf_is_the_annex_three_form(client, reported):
    response = client.get(f"/execution/sessions/{reported.pk}/textbooks.pdf")
    flat = "".join(pdf_text(response.content).split())
    for value in (
        "附件 3",
        "国家级继续医学教育项目教材使用情况简介表",
        "教材名称",
        "心力衰竭诊疗进展讲义",
        "编写时间",
        "2024年3月1日",
        "编写人员或编写单位",
        "温州市第一人民医院心内科",
        "文字教材",
        "音像教材",
        "教材字数",
        "50000",
        "讲授时间（学时）",
        "教材目录或",
        "二、药物治疗进展",
    ):
        assert "".join(value.split()) in flat, value


def test_office_exports_the_ranked_scores_to_excel(client, wenzhou_office, reported):
    client.force_login(wenzhou_office)
    page = client.get("/execution/scores/?year=2024")
    assert [s.project.number for s in page.context["page"]] == ["2024-03-01-001（国）"]
    response = client.get("/execution/scores.xlsx?year=2024")
    book = load_workbook(io.BytesIO(response.content))
    ranking, items = book.worksheets
    assert [c.value for c in ranking[1]][:7] == [
        "排名",
        "项目编号",
        "项目名称",
        "举办单位",
        "计分方式",
        "计分期数",
        "得分（各期均值）",
    ]
    row = [c.value for c in ranking[2]]
    assert row[:8] == [
        1,
        "2024-03-01-001（国）",
        "心力衰竭诊疗进展学习班",
        "温州市第一人民医院",
        "面授",
        1,
        87.0,
        "national-2024",
    ]
    headers = [c.value for c in items[1]]
    assert headers[:4] == ["项目编号", "项目名称", "期次", "1.1.1 举办前填写报备信息的时间"]
    assert headers[-1] == "本期得分"
    values = dict(zip(headers, [c.value for c in items[2]], strict=True))
    assert values["2.2.1 学员评估满意度"] == 7
    assert values["本期得分"] == 87.0  # 10+10+6×5+20+10+7
    assert Decimal(str(values["本期得分"])) == SessionScore.objects.get(session=reported).total


def test_the_ranking_is_for_offices(client, hospital_admin, reported):
    client.force_login(hospital_admin)
    assert client.get("/execution/scores/").status_code == 403
    assert client.get("/execution/scores.xlsx").status_code == 403
