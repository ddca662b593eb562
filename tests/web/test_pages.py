"""Every page of orgs, web and the audit log opens for the person who uses it, in Chinese."""

import io
import re

import pytest
from openpyxl import load_workbook

from jijiao.audit_log.log import record
from jijiao.common import clock
from jijiao.orgs.models import Unit
from tests.factories import PersonFactory
from tests.jobs.helpers import run_job


@pytest.fixture
def staff_without_account(city_hospital):
    return PersonFactory(name="陈思远", unit=city_hospital)


@pytest.fixture
def closed_clinic_person(lucheng_office_unit):
    clinic = Unit.objects.create(
        name="鹿城区五马诊所",
        kind=Unit.Kind.HOSPITAL,
        division_id="330302",
        supervisor=lucheng_office_unit,
        licence_status=Unit.Licence.DEREGISTERED,
    )
    return PersonFactory(name="赵刚", unit=clinic)


# (persona or None for anonymous, path with {placeholders}, the <h1> the page shows)
PAGES = [
    (None, "/login/", "登录"),
    (None, "/register/", "学员注册"),
    (None, "/unit-applications/new/", "继续医学教育单位账号申请（附件3）"),
    (None, "/directory/", "各省、自治区、直辖市及新疆生产建设兵团继续医学教育委员会地址及联系方式"),
    ("pi_zhang", "/", "工作台"),
    ("pi_zhang", "/password/", "修改密码"),
    ("pi_zhang", "/people/{zhang}/", "张建华 "),
    ("hospital_admin", "/people/", "人员"),
    ("hospital_admin", "/people/new/", '新增人员 <small class="muted">温州市第一人民医院</small>'),
    (
        "hospital_admin",
        "/people/import/",
        '批量导入人员 <small class="muted">温州市第一人民医院</small>',
    ),
    (
        "hospital_admin",
        "/people/{zhang}/edit/",
        '修改人员信息 <small class="muted">温州市第一人民医院</small>',
    ),
    ("hospital_admin", "/people/{chen}/account/", "为 陈思远 开通账号"),
    ("hospital_admin", "/transfers/", "人员调动"),
    (
        "hospital_admin",
        "/transfers/in/",
        '调入人员 <small class="muted">温州市第一人民医院</small>',
    ),
    ("hospital_admin", "/accounts/", "账号"),
    ("hospital_admin", "/departments/", '科室 <small class="muted">温州市第一人民医院</small>'),
    ("hospital_admin", "/units/{city_hospital}/", "温州市第一人民医院"),
    ("dept_admin", "/people/", "人员"),
    ("wenzhou_office", "/units/", "辖区单位"),
    ("wenzhou_office", "/unit-applications/", "单位账号申请"),
    ("wenzhou_office", "/people/{zhao}/force-transfer/", "强制调出：赵刚"),
    ("wenzhou_office", "/transfers/", "人员调动"),
    ("lucheng_office", "/units/", "辖区单位"),
    ("security_admin", "/security/", "角色与安全"),
    ("system_admin", "/system/", "系统状态"),
    ("audit_admin", "/audit/", "审计日志"),
    ("hospital_admin", "/jobs/", "我的任务"),
    ("pi_zhang", "/jobs/", "我的任务"),
]


@pytest.mark.parametrize(("persona", "path", "heading"), PAGES)
def test_page_opens_for_its_user_with_its_chinese_heading(
    request,
    client,
    persona,
    path,
    heading,
    pi_zhang,
    staff_without_account,
    closed_clinic_person,
    city_hospital,
):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    url = path.format(
        zhang=pi_zhang.person_id,
        chen=staff_without_account.pk,
        zhao=closed_clinic_person.pk,
        city_hospital=city_hospital.pk,
    )
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{heading}" in page
    assert '<html lang="zh-CN">' in page
    assert ' style="' not in page, "inline styles are blocked by the content security policy"


# The overview's card shows last year (the year the clock is in, less one).
OVERVIEW_CARD = ("统计概览", f"{clock.today().year - 1} 年度")
CARDS = {
    "hospital_admin": [
        ("本单位人员", "2"),
        ("待确认的自行注册学员", "0"),
        ("调出待调入", "0"),
        OVERVIEW_CARD,
    ],
    "pi_zhang": [("我的信息", "张建华")],
    "dept_admin": [("我的信息", "李超")],
    "wenzhou_office": [
        ("待办单位账号申请", "0"),
        ("待办单位更名", "0"),
        ("辖区单位", "3"),
        OVERVIEW_CARD,
    ],
    "lucheng_office": [("待办单位账号申请", "0"), ("辖区单位", "1"), OVERVIEW_CARD],
    "security_admin": [("被锁定的账号", "0")],
    "audit_admin": [("今日审计记录", "1")],
    "system_admin": [("人员总数", "3")],
}


@pytest.mark.parametrize("persona", CARDS)
def test_home_page_shows_the_cards_of_each_role(
    request, client, persona, pi_zhang, dept_admin, hospital_admin, nurse_wang, ruian_hospital
):
    record("account.login", actor=hospital_admin)
    client.force_login(request.getfixturevalue(persona))
    page = client.get("/").content.decode()
    cards = re.findall(
        r'<div class="muted">(.*?)</div>\s*<div class="stat">(.*?)</div>', page, flags=re.S
    )
    assert cards == CARDS[persona]


def test_home_page_sends_anonymous_visitors_to_login(client):
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/")


def test_the_public_directory_lists_the_32_provincial_committees_verbatim(client, db):
    page = client.get("/directory/").content.decode()
    rows = re.findall(
        r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", page
    )
    assert len(rows) == 32
    assert rows[0] == (
        "北京市继续医学教育委员会",
        "100053",
        "北京市宣武区枣林前街70号中环办公楼B座",
        "010-83970662",
        "010-83560301",
    )
    assert rows[-1][0] == "新疆生产建设兵团继续医学教育委员会"


def test_every_page_carries_the_content_security_policy(client, db):
    policy = client.get("/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_audit_admin_exports_the_log_as_a_real_workbook(
    client,
    audit_admin,
    hospital_admin,
    system_admin,
    django_capture_on_commit_callbacks,
    settings,
    tmp_path,
):
    import datetime as dt

    import time_machine

    from jijiao.common import clock

    moment = dt.datetime(2025, 3, 3, 9, 30, tzinfo=clock.SHANGHAI)
    with time_machine.travel(moment, tick=False):
        record("account.login", actor=hospital_admin, address="10.1.2.3", data={"n": 1})
    settings.MEDIA_ROOT = tmp_path
    client.force_login(audit_admin)
    assert (
        "导出 Excel（按当前查询条件）"
        in client.get("/audit/?action=account.login").content.decode()
    )
    job, content, page = run_job(
        client, "/audit/export/", django_capture_on_commit_callbacks, {"action": "account.login"}
    )
    assert (job.kind, job.organisation, job.counts) == ("audit_log_export", None, {"entries": 1})
    assert "审计日志共导出 1 条。" in page
    assert job.result_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "时间",
        "操作人",
        "操作",
        "操作代码",
        "对象",
        "来源地址",
        "内容",
        "原始数据",
    )
    assert rows[1] == (
        dt.datetime(2025, 3, 3, 9, 30),  # Beijing time, as the page shows it
        "hospital_admin",
        "登录",
        "account.login",
        None,
        "10.1.2.3",
        "数量：1",
        '{"n": 1}',
    )
    assert len(rows) == 2
    # Nobody else starts one or sees this one: the system administrator neither.
    client.force_login(system_admin)
    assert client.post("/audit/export/").status_code == 403
    assert client.get(f"/jobs/{job.pk}/").status_code == 404


def test_audit_log_page_searches_by_address(client, audit_admin, hospital_admin):
    record("account.login", actor=hospital_admin, address="10.1.2.3")
    record("account.login", actor=hospital_admin, address="10.9.9.9")
    client.force_login(audit_admin)
    page = client.get("/audit/?address=10.9.9.9").content.decode()
    assert "<td>10.9.9.9</td>" in page
    assert "<td>10.1.2.3</td>" not in page


def test_edit_page_can_take_a_person_out_of_their_department(
    client, hospital_admin, pi_zhang_person
):
    client.force_login(hospital_admin)
    response = client.post(
        f"/people/{pi_zhang_person.pk}/edit/", {"name": "张建华", "department": ""}
    )
    assert (response.status_code, response["Location"]) == (302, f"/people/{pi_zhang_person.pk}/")
    pi_zhang_person.refresh_from_db()
    assert pi_zhang_person.department is None


def menu_of(page) -> dict[str, list[str]]:
    return {g["label"]: [link["label"] for link in g["links"]] for g in page.context["menu_groups"]}


def test_the_menu_is_grouped_by_task_shows_only_the_roles_work_and_marks_the_section(
    client, hospital_admin, wenzhou_office
):
    client.force_login(hospital_admin)
    page = client.get("/credits/review/")
    groups = {
        g["label"]: [link["label"] for link in g["links"]] for g in page.context["menu_groups"]
    }
    assert list(groups) == ["申报", "举办", "学分", "统计", "审核", "机构与人员", "系统"]
    assert groups["系统"] == ["我的任务"]
    assert groups["统计"] == ["统计概览"]
    assert "单位申报审核" in groups["申报"] and "受理评审" not in groups["申报"]
    current = [g["label"] for g in page.context["menu_groups"] if g["active"]]
    assert current == ["学分"]
    html = page.content.decode()
    assert 'aria-label="机构与人员"' in html
    client.force_login(wenzhou_office)
    groups = {
        g["label"]: [link["label"] for link in g["links"]]
        for g in client.get("/").context["menu_groups"]
    }
    assert "受理评审" in groups["申报"] and "单位申报审核" not in groups["申报"]
    assert groups["系统"] == ["政策包", "我的任务"]
