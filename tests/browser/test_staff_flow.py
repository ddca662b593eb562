"""The foundation end to end, in Debian Chromium: a unit admin logs in, imports staff from Excel
and transfers a person to another unit that then takes them in (by full ID number)."""

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from jijiao.common import idnumbers
from jijiao.orgs.models import Person, Transfer
from jijiao.orgs.queries import person_by_id_number
from jijiao.orgs.staff_sheet import HEADERS, template_bytes
from jijiao.orgs.synthetic import synthetic_id_number
from tests.browser.conftest import PHONE, login, logout, main_menu
from tests.factories import PersonFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

STAFF = [
    # name, ID number (synthetic, valid), department
    (
        "陈思远",
        synthetic_id_number("330302", dt.date(1985, 3, 12), 401, female=False),
        "心血管内科",
    ),
    ("林晓雯", synthetic_id_number("330302", dt.date(1990, 7, 1), 402, female=True), "心血管内科"),
    ("郑国平", synthetic_id_number("330381", dt.date(1978, 11, 23), 403, female=False), ""),
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def staff_workbook(rows: list[dict]) -> bytes:
    """The unit's download template, filled in from row 2 as a person would in Excel."""
    book = load_workbook(io.BytesIO(template_bytes(["心血管内科"])))
    sheet = book["人员名单"]
    for row_number, row in enumerate(rows, start=2):
        for header, value in row.items():
            sheet.cell(row=row_number, column=HEADERS.index(header) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def staff_rows(staff) -> list[dict]:
    return [
        {
            "姓名": name,
            "身份证号": number,
            "科室": department,
            "职称系列": "医师",
            "职称级别": "中级",
        }
        for name, number, department in staff
    ]


def upload(page: Page, filename: str, content: bytes) -> None:
    page.get_by_label("人员名单 Excel 文件").set_input_files(
        files=[{"name": filename, "mimeType": XLSX, "buffer": content}]
    )
    page.get_by_role("button", name="上传并导入").click()


def open_import_page(page: Page) -> None:
    main_menu(page).get_by_role("link", name="人员", exact=True).click()
    expect(page.get_by_role("heading", name="人员", exact=True)).to_be_visible()
    page.get_by_role("link", name="Excel 批量导入").click()
    expect(page.get_by_role("heading", name="批量导入人员")).to_be_visible()


def test_unit_admin_imports_staff_and_transfers_one_to_another_unit(
    live_server, page, hospital_admin, cardiology, lucheng_admin, lucheng_hospital, city_hospital
):
    # 温州市第一人民医院's 科教科 imports three people from the Excel template.
    login(page, live_server, "hospital_admin")
    open_import_page(page)
    upload(page, "职工名单.xlsx", staff_workbook(staff_rows(STAFF)))

    expect(page.get_by_role("status").filter(has_text="导入成功：新增 3 人")).to_be_visible()
    page.get_by_role("link", name="查看人员名单").click()
    expect(page.get_by_role("heading", name="人员", exact=True)).to_be_visible()
    table = page.locator("table")
    for name, number, _ in STAFF:
        row = table.get_by_role("row").filter(has_text=name)
        expect(row).to_contain_text(idnumbers.mask(number))
        expect(row).to_contain_text("温州市第一人民医院")
    html = page.content()
    for _, number, _ in STAFF:
        assert number not in html, "the list must never show a full ID number"
    assert Person.objects.filter(unit=city_hospital).count() == 3
    assert Person.objects.filter(unit=city_hospital, department=cardiology).count() == 2

    # … then transfers 陈思远 out; the button asks for confirmation first.
    name, number, _ = STAFF[0]
    table.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text(idnumbers.mask(number))
    assert number not in page.content()
    page.get_by_label("调出原因").fill("调往鹿城区人民医院")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="调出", exact=True).click()

    expect(page.get_by_role("heading", name="人员调动")).to_be_visible()
    assert dialogs == [f"确认将 {name} 调出本单位？"]
    expect(page.get_by_role("status")).to_contain_text(f"{name} 已调出")
    transfer_row = page.locator("table").get_by_role("row").filter(has_text=name)
    expect(transfer_row).to_contain_text("已调出，待调入")
    expect(transfer_row).to_contain_text("温州市第一人民医院")
    expect(transfer_row).to_contain_text(idnumbers.mask(number))
    assert number not in page.content()
    logout(page)

    # 鹿城区人民医院 takes them in by the full ID number.
    login(page, live_server, "lucheng_admin")
    main_menu(page).get_by_role("link", name="人员", exact=True).click()
    page.get_by_role("link", name="调入人员").click()
    expect(page.get_by_role("heading", name="调入人员")).to_contain_text("鹿城区人民医院")
    page.get_by_label("身份证号").fill(number)
    page.get_by_role("button", name="调入", exact=True).click()

    expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"{name} 已调入鹿城区人民医院")
    facts = page.locator("dl.facts")
    expect(facts.locator("dt:has-text('单位') + dd")).to_have_text("鹿城区人民医院")
    expect(facts).to_contain_text("在职")
    assert not page.script_errors

    person = person_by_id_number(number)
    assert person.unit == lucheng_hospital
    assert person.department is None
    transfer = Transfer.objects.get(person=person)
    assert transfer.state == Transfer.State.COMPLETED
    assert transfer.from_unit == city_hospital
    assert transfer.to_unit == lucheng_hospital
    assert transfer.released_by == hospital_admin
    assert transfer.completed_by == lucheng_admin
    assert Person.objects.filter(unit=city_hospital).count() == 2


def test_a_bad_row_refuses_the_whole_file_with_its_row_number(
    live_server, page, hospital_admin, cardiology, city_hospital
):
    good = STAFF[:2]
    bad_name = "错号码"
    valid = synthetic_id_number("330302", dt.date(1988, 2, 29), 404, female=True)
    wrong_check = valid[:17] + ("0" if valid[17] != "0" else "1")
    rows = [*staff_rows(good), *staff_rows([(bad_name, wrong_check, "")])]  # the bad one: row 4

    login(page, live_server, "hospital_admin")
    open_import_page(page)
    upload(page, "职工名单.xlsx", staff_workbook(rows))

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("未导入：发现 1 处问题")
    expect(alert).to_contain_text("第 4 行“身份证号”：身份证号校验位不正确，请核对")
    assert wrong_check not in alert.inner_text()
    page.get_by_role("link", name="重新上传").click()
    expect(page.get_by_role("heading", name="批量导入人员")).to_be_visible()
    assert Person.objects.count() == 0

    main_menu(page).get_by_role("link", name="人员", exact=True).click()
    expect(page.locator("table")).to_contain_text("没有符合条件的人员。")
    for name, _, _ in good:
        expect(page.locator("table")).not_to_contain_text(name)


def body_overflow(page: Page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def test_phone_viewport_login_and_people_list(
    live_server, new_page, hospital_admin, cardiology, city_hospital
):
    staff_count = 12
    for index in range(staff_count):
        PersonFactory(
            name=f"手机测试{index:02d}号",
            unit=city_hospital,
            department=cardiology,
            title_name="主治医师",
        )
    page = new_page(**PHONE)

    page.goto(f"{live_server.url}/login/")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    scroll_width, inner_width = body_overflow(page)
    assert scroll_width <= inner_width + 1, f"登录页横向溢出：{scroll_width} > {inner_width}"

    login(page, live_server, "hospital_admin")
    menu = main_menu(page)
    expect(menu).to_be_hidden()
    page.locator("label[for=nav-toggle]").filter(has_text="菜单").click()
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="调动")).to_be_visible()
    menu.get_by_role("link", name="人员", exact=True).click()

    expect(page.get_by_role("heading", name="人员", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("手机测试"))).to_have_count(staff_count)
    scroll_width, inner_width = body_overflow(page)
    assert scroll_width <= inner_width + 1, f"人员列表横向溢出：{scroll_width} > {inner_width}"
    expect(main_menu(page)).to_be_hidden()
    page.locator("label[for=nav-toggle]").click()
    expect(main_menu(page)).to_be_visible()
    scroll_width, inner_width = body_overflow(page)
    assert scroll_width <= inner_width + 1, f"菜单展开后横向溢出：{scroll_width} > {inner_width}"
    assert not page.script_errors
