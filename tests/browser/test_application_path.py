"""Issue 4 end to end, in Debian Chromium, in the demo city (``jijiao demo``): the city office
opens a call; the PI fills an application whose findings first show APP_PI_TEACHING_SHARE and
then pass, and submits it; the hospital's admin recommends it; the office records the paper
set, accepts, sets the criteria and assigns two experts; both score; the office approves with a
number and publishes; the project is on the public list and in its Excel export.

The live server runs in another thread on the real clock, so the call's window must contain the
real "now": the office opens it under the demo's pack, whose window the demo sets around the day
it is loaded (a wenzhou-2025 call opened with today's dates would still fail APP_WINDOW, which
reads the pack's own 2025 dates).
"""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from jijiao.common import clock
from jijiao.demo import DEMO_PACK, DEMO_PASSWORD
from jijiao.orgs.models import Account, Unit
from jijiao.projects.forms_applications import person_label
from jijiao.projects.models import Application, PublishedProject
from tests.browser.conftest import login, main_menu

TITLE = "关于开展市级继续医学教育项目申报工作的通知（端到端）"
PROJECT = "基层糖尿病规范化管理培训班"
HTMX_ABORT = ("htmx:afterRequest", "htmx:sendAbort")


@pytest.fixture
def demo(demo_world):
    pi = Account.objects.get(username="pi_zhang").person
    hospital = Unit.objects.get(name="温州市第一人民医院")
    colleague = (
        hospital.people.filter(
            title_series="医师",
            title_level__in=["正高", "副高"],
            specialty__startswith=pi.specialty[:2],
        )
        .exclude(pk=pi.pk)
        .order_by("id")
        .first()
    )
    return {"pi": pi, "colleague": colleague, "hospital": hospital}


def signed_in(new_page, live_server, username: str) -> Page:
    page = new_page()
    login(page, live_server, username, DEMO_PASSWORD)
    return page


def said(page: Page, text: str) -> None:
    """One of the page's messages says ``text``."""
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def office_opens_the_call(page: Page) -> None:
    main_menu(page).get_by_role("link", name="申报通知").click()
    page.get_by_role("link", name="发布申报通知").click()
    page.get_by_label("通知名称").fill(TITLE)
    page.get_by_label("政策包").select_option(DEMO_PACK)
    deadline = (clock.now() + dt.timedelta(days=20)).strftime("%Y-%m-%dT17:00")
    page.get_by_label("纸质材料截止").fill(deadline)
    page.get_by_role("button", name="发布").click()
    expect(page.get_by_role("heading", name=TITLE)).to_contain_text("申报中")


def pick_teacher(row, person) -> None:
    """Type the name, then pick the very person from the unit's search results."""
    row.get_by_label("本单位教师姓名").fill(person.name)
    row.locator(".pick-teacher").filter(has_text=person_label(person)).click()
    expect(row.get_by_label("本单位教师姓名")).to_have_value(person_label(person))


def fill_row(row, topic: str, kind: str, minutes: int, teacher=None) -> None:
    row.get_by_label("授课题目").fill(topic)
    row.get_by_label("类型", exact=True).select_option(kind)
    row.get_by_label("时长（分钟）").fill(str(minutes))
    if teacher:
        pick_teacher(row, teacher)


def pi_fills_and_submits(page: Page, pi, colleague) -> None:
    main_menu(page).get_by_role("link", name="我的申报").click()
    page.get_by_role("row").filter(has_text=TITLE).get_by_role("link", name="开始申报").click()
    page.get_by_label("项目名称").fill(PROJECT)
    page.get_by_role("button", name="创建草稿").click()
    said(page, "已创建申报草稿")

    # The leader comes from the person record.
    expect(page.locator("dl.facts").first).to_contain_text(pi.name)
    project = page.locator("section", has=page.get_by_role("heading", name="项目信息"))
    project.get_by_label("项目简介").fill("糖尿病基层筛查、分级诊疗与胰岛素规范使用")
    project.get_by_label("学科", exact=True).select_option(pi.specialty)
    project.get_by_label("举办期数").fill("2")
    project.get_by_label("每期拟招生人数").fill("80")
    project.get_by_label("举办地点").fill("本院学术报告厅")
    project.get_by_label("教学对象").fill("基层医务人员")

    rows = page.locator("fieldset.course-row")
    expect(rows).to_have_count(4)
    fill_row(rows.nth(0), "开班仪式", "non_teaching", 30)
    fill_row(rows.nth(1), "糖尿病分级诊疗", "theory", 60, pi)
    fill_row(rows.nth(2), "胰岛素规范使用", "theory", 390, colleague)
    fill_row(rows.nth(3), "动态血糖监测", "practical", 150, colleague)

    # A row added and removed again changes nothing.
    page.get_by_role("button", name="添加一行").click()
    expect(rows).to_have_count(5)
    rows.nth(4).get_by_role("button", name="删除此行").click()
    expect(rows.nth(4)).to_be_hidden()

    findings = page.locator("#findings")
    share = findings.locator('[data-code="APP_PI_TEACHING_SHARE"]')
    expect(share).to_contain_text(
        "项目负责人理论授课 60 分钟，占总授课时长 600 分钟的 10%，低于 1/5"
    )
    expect(findings.locator('[data-figure="minutes"]')).to_have_text("600 分钟")

    # The PI teaches more, the colleague less: the finding goes away before anything is saved.
    rows.nth(1).get_by_label("时长（分钟）").fill("150")
    rows.nth(2).get_by_label("时长（分钟）").fill("300")
    expect(share).to_have_count(0)
    expect(findings).to_contain_text("未发现问题，可以提交")
    expect(findings.locator('[data-figure="hours"]')).to_have_text("12.0 学时")
    expect(findings.locator('[data-figure="credits"]')).to_have_text("2.5 分")

    page.get_by_role("button", name="保存并提交…").click()
    expect(page.get_by_role("heading", name="确认提交")).to_be_visible()
    page.get_by_role("button", name="确认提交").click()
    said(page, "已提交至单位审核")
    expect(page.get_by_role("heading", name=PROJECT)).to_contain_text("已提交，待单位审核")
    assert not page.script_errors, page.script_errors
    # Leaving a field fires "change", whose findings request the navigation then cancels:
    # htmx reports that abort on the console. Anything else (a CSP refusal) is a failure.
    errors = [e for e in page.console_errors if not e.startswith(HTMX_ABORT)]
    assert not errors, errors


def unit_recommends(page: Page) -> None:
    main_menu(page).get_by_role("link", name="单位申报审核").click()
    page.get_by_label("申报通知").select_option(label=TITLE)
    page.get_by_role("button", name="查看").click()
    row = page.get_by_role("row").filter(has_text=PROJECT)
    expect(row).to_contain_text("已提交，待单位审核")
    row.get_by_role("checkbox").check()
    page.get_by_role("button", name="推荐所选项目").click()
    expect(page.get_by_text(re.compile("推荐本单位 1 个申报项目"))).to_be_visible()
    page.get_by_role("button", name="确认").click()
    said(page, f"已推荐 1 项至继教办：“{PROJECT}”")


def office_takes_it_in(page: Page) -> None:
    main_menu(page).get_by_role("link", name="受理评审").click()
    page.get_by_label("申报通知").select_option(label=TITLE)
    page.get_by_role("button", name="查询").click()
    page.get_by_role("link", name="纸质材料登记").first.click()
    page.get_by_role("button", name="登记 温州市第一人民医院 的纸质材料").click()
    said(page, "已登记 温州市第一人民医院 的纸质申报材料")
    page.get_by_role("link", name="返回项目受理与评审").click()
    page.get_by_role("link", name="评审指标").first.click()
    page.get_by_role("button", name="保存评审指标").click()
    said(page, "已设置 4 项评审指标，满分 100 分")
    page.get_by_role("link", name="返回项目受理与评审").click()
    row = page.get_by_role("row").filter(has_text=PROJECT)
    expect(row).to_contain_text("已送达")
    row.get_by_role("link", name=PROJECT).click()
    page.get_by_role("button", name="受理", exact=True).click()
    said(page, "已受理")
    for username in ("expert_lc", "expert_ra"):
        reviewer = Account.objects.get(username=username)
        page.get_by_label("评审专家").select_option(str(reviewer.pk))
        page.get_by_role("button", name="分配").click()
        said(page, f"已分配给评审专家 {reviewer}")


def expert_scores(page: Page, scores: list[str], opinion: str) -> None:
    main_menu(page).get_by_role("link", name="评审任务").click()
    page.get_by_role("link", name=PROJECT).click()
    for index, score in enumerate(scores):
        page.locator("input[name^=score_]").nth(index).fill(score)
    page.get_by_label("评审意见").fill(opinion)
    page.get_by_role("button", name="提交评分").click()
    said(page, "已提交评分")


def office_approves_and_publishes(page: Page, number: str) -> None:
    main_menu(page).get_by_role("link", name="受理评审").click()
    page.get_by_role("link", name=PROJECT).click()
    expect(page.locator("[data-mean]")).to_have_text("79.00")
    page.get_by_label("批准立项").check()
    page.get_by_label("意见（将告知申报人）").fill("同意立项")
    page.get_by_label("项目编号").fill(number)
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_text(f"将批准“{PROJECT}”立项并编号 {number}")).to_be_visible()
    page.get_by_role("button", name="确认").click()
    said(page, f"已批准立项，项目编号 {number}")
    main_menu(page).get_by_role("link", name="受理评审").click()
    page.get_by_label("申报通知").select_option(label=TITLE)
    page.get_by_role("button", name="查询").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("公布已批准项目")).click()
    said(page, "共 1 个项目")


def test_the_whole_path_in_the_demo_city(live_server, new_page, demo):
    pi, colleague, hospital = demo["pi"], demo["colleague"], demo["hospital"]
    year = clock.today().year
    number = f"{year}-{pi.specialty}-001"

    office = signed_in(new_page, live_server, "wz_office")
    office_opens_the_call(office)

    pi_page = signed_in(new_page, live_server, "pi_zhang")
    pi_fills_and_submits(pi_page, pi, colleague)

    unit_recommends(signed_in(new_page, live_server, "h1_admin"))

    office_takes_it_in(office)
    expert_scores(signed_in(new_page, live_server, "expert_lc"), ["26", "25", "20", "12"], "实用")
    expert_scores(signed_in(new_page, live_server, "expert_ra"), ["24", "27", "18", "6"], "同意")
    office_approves_and_publishes(office, number)

    application = Application.objects.get(name=PROJECT)
    assert (application.state, application.number) == ("approved", number)
    assert PublishedProject.objects.filter(number=number, host=hospital).exists()

    # The PI sees the decision and the whole trail.
    pi_page.reload()
    expect(pi_page.get_by_role("heading", name=PROJECT)).to_contain_text(number)
    trail = pi_page.locator("table").last
    for step in ("创建草稿", "提交至单位", "单位推荐", "继教办受理，进入专家评审", "批准立项"):
        expect(trail).to_contain_text(step)

    # Anyone, signed in or not, finds it on the public list and in the Excel export.
    public = new_page()
    public.goto(f"{live_server.url}/projects/public/")
    public.get_by_label("项目名称、编号或负责人").fill(PROJECT)
    public.get_by_role("button", name="查询").click()
    row = public.get_by_role("row").filter(has_text=number)
    expect(row).to_contain_text(PROJECT)
    expect(row).to_contain_text("温州市第一人民医院")
    expect(row).to_contain_text(pi.name)
    with public.expect_download() as download_info:
        public.get_by_role("link", name="导出 Excel").click()
    download = download_info.value
    assert download.suggested_filename == "继续医学教育项目公布名单.xlsx"
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == [
        "项目编号",
        "项目名称",
        "申办单位",
        "项目负责人",
        "举办起止日期",
        "举办地点",
        "授予学分",
        "教学对象",
        "拟招生人数",
        "备注",
    ]
    assert list(rows[1][:4]) == [number, PROJECT, "温州市第一人民医院", pi.name]
    assert rows[1][6] == 2.5  # a number cell
    assert len(rows) == 2
    assert pi.phone not in str(rows)
