"""Execution end to end, in Debian Chromium: a national session held two days ago (filed,
three trainees signed in and out through the domain functions); the host opens the evaluation
and three trainees answer it on phones; the host fills the report with photos and a textbook
and submits it; the city office accepts it; a trainee's transcript shows the credit and the
certificate downloads."""

import datetime as dt

from playwright.sync_api import Page, expect

from jijiao.common import clock
from jijiao.execution.models import ExecutionReport, SurveyAnswer
from jijiao.orgs.models import Role
from tests.browser.conftest import PHONE, login
from tests.browser.crawl import assert_fits_phone
from tests.execution.helpers import JPG, PNG, attend, plan_and_file, published
from tests.factories import AccountFactory, PersonFactory, grant


def trainee(username: str, name: str, unit):
    account = AccountFactory(username=username, person=PersonFactory(name=name, unit=unit))
    return grant(account, Role.TRAINEE, unit)


def answer_on_phone(page: Page, live_server, username: str, link: str, picks) -> None:
    login(page, live_server, username)
    page.goto(f"{live_server.url}/execution/me/")
    expect(page.get_by_role("link", name="填写评估")).to_be_visible()
    assert_fits_phone(page)  # 填写评估 within the screen
    page.goto(link)
    expect(page.get_by_role("heading", name="学员对该项目评估意见")).to_be_visible()
    for number, option in enumerate(picks[:6], start=1):
        group = page.locator("fieldset.question").nth(number - 1)
        group.get_by_label(option, exact=True).check()
    seventh = page.locator("fieldset.question").nth(6)
    for option in picks[6]:
        seventh.get_by_label(option, exact=True).check()
    page.get_by_role("button", name="提交评估").click()
    expect(page.get_by_role("heading", name="评估已提交")).to_be_visible()
    assert page.script_errors == []


def upload(host: Page, kind: str, name: str, mime: str, content: bytes) -> None:
    form = host.locator("#file-form")
    form.get_by_label("材料类型").select_option(label=kind)
    form.get_by_label("文件").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": content}]
    )
    form.get_by_role("button", name="上传").click()
    expect(host.get_by_role("status").filter(has_text=f"已上传{kind}")).to_be_visible()


def test_trainees_evaluate_host_reports_office_accepts_and_the_credit_shows(
    new_page,
    live_server,
    hospital_admin,
    wenzhou_office,
    wenzhou_office_unit,
    city_hospital,
    lucheng_hospital,
    ruian_hospital,
    pi_zhang_person,
):
    today = clock.today()
    start, end = today - dt.timedelta(days=3), today - dt.timedelta(days=2)
    project = published(wenzhou_office_unit, wenzhou_office, city_hospital, year=start.year)
    session = plan_and_file(
        hospital_admin,
        wenzhou_office,
        project,
        "national-2024",
        start=start,
        end=end,
        filed_on=start - dt.timedelta(days=20),
    )
    accounts = [
        trainee("trainee_li", "李明", city_hospital),
        trainee("trainee_zhao", "赵静", lucheng_hospital),
        trainee("trainee_sun", "孙燕", ruian_hospital),
    ]
    attend(hospital_admin, session, [a.person for a in accounts])

    host = new_page()
    login(host, live_server, "hospital_admin")
    host.goto(f"{live_server.url}/execution/sessions/{session.pk}/survey/")
    host.get_by_role("button", name="开放评估").click()
    expect(host.get_by_role("status")).to_contain_text("评估已开放")
    expect(host.locator("#survey-qr svg")).to_be_visible()
    link = host.locator("#survey-link").get_attribute("href")
    assert link.startswith(f"{live_server.url}/execution/e/")

    sheets = [
        ["是", "部分知道", "很大", "很满意", "很满意", "满意", ["开阔思路", "提高临床诊治能力"]],
        ["是", "全知道", "较大", "很满意", "满意", "满意", ["提高临床诊治能力", "提高操作能力"]],
        [
            "基本是",
            "不知道",
            "一般",
            "满意",
            "很满意",
            "一般",
            ["提高理论水平", "提高临床诊治能力"],
        ],
    ]
    phones = []
    for account, sheet in zip(accounts, sheets, strict=True):
        phone = new_page(**PHONE)
        answer_on_phone(phone, live_server, account.username, link, sheet)
        phones.append(phone)
    assert SurveyAnswer.objects.count() == 3
    host.reload()
    expect(host.locator("#answer-count")).to_have_text("3")

    host.goto(f"{live_server.url}/execution/sessions/{session.pk}/edit/")
    expect(host.locator("#id_venue")).to_have_value("本院学术报告厅")
    expect(host.locator("#id_topics-0-teacher_name")).to_have_value("张建华")
    host.locator("#id_topics-0-topic").fill("心力衰竭的分型与诊断")
    host.locator("#id_topics-0-hours").fill("3")
    host.locator("#id_topics-1-topic").fill("心衰器械治疗进展")
    host.locator("#id_topics-1-hours").fill("3")
    host.get_by_label("实际培训效果分析").fill("学员反映内容实用，临床可操作性强。")
    host.get_by_label("存在的问题与建议").fill("建议增加病例讨论时间。")
    host.locator("#report-form").get_by_role("button", name="保存").click()
    expect(host.get_by_role("status")).to_contain_text("执行情况已保存")
    upload(host, "会场照片（显示会议条幅）", "条幅.jpg", "image/jpeg", JPG)
    upload(host, "会场照片（学员全景）", "全景.png", "image/png", PNG)
    textbook = host.locator("#textbook-form")
    textbook.get_by_label("教材名称").fill("心力衰竭诊疗进展讲义")
    textbook.get_by_label("编写时间").fill("2024-03-01")
    textbook.get_by_label("编写人员或编写单位").fill("温州市第一人民医院心内科")
    textbook.get_by_label("教材字数").fill("50000")
    textbook.get_by_label("讲授时间（学时）").fill("6")
    textbook.get_by_label("教材目录或内容概述").fill("一、分型；二、药物治疗；三、器械治疗。")
    textbook.get_by_role("button", name="添加教材").click()
    expect(host.get_by_role("status")).to_contain_text("已添加教材")
    host.get_by_role("link", name="返回执行情况").click()
    expect(host.locator("#eligible-count")).to_have_text("3")
    host.get_by_role("button", name="上报执行情况").click()
    expect(host.get_by_role("status")).to_contain_text("执行情况已上报，等待审核")
    assert ExecutionReport.objects.get(session=session).state == "submitted"
    assert host.script_errors == [] and host.console_errors == []

    office = new_page()
    login(office, live_server, "wenzhou_office")
    office.goto(f"{live_server.url}/execution/")
    office.locator("#review-queue").get_by_role("link", name="审核").click()
    office.get_by_role("button", name="审核通过").click()
    expect(office.get_by_text("将为符合条件的 3 名学员授予")).to_be_visible()
    office.get_by_role("button", name="确认").click()
    expect(office.get_by_role("status")).to_contain_text(
        "执行情况审核通过。已为 3 名学员授予学分。"
    )
    expect(office.locator("#grant")).to_contain_text("已授予学分")

    li = phones[0]
    li.goto(f"{live_server.url}/credits/transcript/")
    row = li.get_by_role("row", name=project.number)
    expect(row).to_contain_text("心力衰竭诊疗进展学习班")
    expect(row).to_contain_text("6.0")
    expect(row).to_contain_text("Ⅰ类（国家级）")
    certificate = row.get_by_role("link", name="学分证书")
    href = certificate.get_attribute("href")
    response = li.request.get(f"{live_server.url}{href}")
    assert response.ok and response.body().startswith(b"%PDF-")
    li.goto(f"{live_server.url}/execution/me/")
    expect(li.locator("#my-sessions")).to_contain_text("已评估")
    expect(li.locator("#my-sessions")).to_contain_text("6.0 学分")
    assert li.script_errors == []
