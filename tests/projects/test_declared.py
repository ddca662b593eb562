"""What a call's pack declares, through the PI's form: the extra fields it asks for, the
attachments it requires (a signed pledge), and the disciplines it accepts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jijiao.common import clock
from jijiao.policy.domain.packs import pack_create
from jijiao.projects.domain.applications import application_create, application_save, check
from jijiao.projects.domain.calls import call_open
from tests.projects.conftest import PROJECT, good_schedule
from tests.projects.test_views_applications import form_data, row

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"

SPECIAL = """
id = "wenzhou-special-2025"
title = "温州市2025年专项培训项目申报（测试）"
extends = "wenzhou-2025"

[application.city.APP_DISCIPLINE_SCOPE]
cite = "专项培训通知 一"
severity = "error"
allowed = ["06", "03-10", "03-12", "13", "17"]

[application.city.APP_ATTACHMENT_MISSING]
cite = "专项培训通知 二"
severity = "error"
attachments = [{ key = "pi_pledge", label = "项目负责人签字承诺书" }]

[application.city.APP_FIELD_MISSING]
cite = "专项培训通知 二"
severity = "error"
fields = [{ key = "contact", label = "联系人" }, { key = "phone", label = "联系电话" }]
"""


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def special(wenzhou_office, wenzhou_office_unit, in_window, pi_zhang, pi_zhang_person, colleague):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="wenzhou-special-2025",
        title="温州市2025年专项培训项目申报（测试）",
        extends="wenzhou-2025",
        text=SPECIAL,
    )
    call = call_open(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        title="温州市2025年专项培训项目申报",
        level="city",
        year=2025,
        policy_id="wenzhou-special-2025",
        paper_deadline=dt.datetime(2025, 3, 5, 17, 0, tzinfo=clock.SHANGHAI),
    )
    application = application_create(by=pi_zhang, call=call, fields=dict(PROJECT))
    application_save(
        by=pi_zhang,
        application=application,
        fields={},
        courses=good_schedule(pi_zhang_person, colleague),
    )
    return application


def codes(outcome) -> dict[str, str]:
    return {f["code"]: f["message"] for f in outcome["findings"]}


def test_the_form_asks_for_what_the_pack_declares_and_the_panel_checks_it(
    client, pi_zhang, special, pi_zhang_person, colleague
):
    client.force_login(pi_zhang)
    page = client.get(f"/projects/applications/{special.pk}/edit/").content.decode()
    assert 'name="declared__contact"' in page and "联系人" in page
    assert 'name="declared__phone"' in page and "联系电话" in page
    assert "本次申报通知要求的附件：项目负责人签字承诺书（<strong>未上传</strong>）" in page
    assert '<option value="pi_pledge">项目负责人签字承诺书</option>' in page
    found = codes(check(special))
    assert found["APP_FIELD_MISSING"] == "申报书未填写：联系人、联系电话（专项培训通知 二）"
    assert found["APP_ATTACHMENT_MISSING"] == "缺少附件：项目负责人签字承诺书（专项培训通知 二）"
    assert found["APP_DISCIPLINE_SCOPE"] == (
        "项目学科 03-01 不在本次申报的学科范围内（限：06、03-10、03-12、13、17）（专项培训通知 一）"
    )

    rows = [
        row("开班仪式", "non_teaching", 30),
        row("全科诊疗思维", "theory", 150, pi_zhang_person),
        row("慢病随访", "theory", 300, colleague),
        row("家庭病床操作", "practical", 150, colleague),
    ]
    data = form_data(
        special, rows, discipline="06-01", declared__contact="王某", declared__phone="0577-88880000"
    )
    live = client.post(f"/projects/applications/{special.pk}/findings/", data).content.decode()
    assert "APP_FIELD_MISSING" not in live and "APP_DISCIPLINE_SCOPE" not in live
    assert "缺少附件：项目负责人签字承诺书" in live

    saved = client.post(f"/projects/applications/{special.pk}/edit/", {**data, "action": "save"})
    assert saved.status_code == 302
    special.refresh_from_db()
    assert special.declared_fields == {"contact": "王某", "phone": "0577-88880000"}
    assert special.discipline == "06-01"

    pledge = SimpleUploadedFile("承诺书.pdf", PDF, content_type="application/pdf")
    client.post(
        f"/projects/applications/{special.pk}/attachments/", {"file": pledge, "kind": "pi_pledge"}
    )
    assert special.attachments.get().kind == "pi_pledge"
    page = client.get(f"/projects/applications/{special.pk}/edit/").content.decode()
    assert "项目负责人签字承诺书（已上传）" in page
    found = codes(check(special))
    assert not {"APP_FIELD_MISSING", "APP_ATTACHMENT_MISSING", "APP_DISCIPLINE_SCOPE"} & set(found)


def test_an_attachment_kind_the_pack_does_not_declare_is_refused(client, pi_zhang, special):
    client.force_login(pi_zhang)
    pledge = SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")
    client.post(
        f"/projects/applications/{special.pk}/attachments/", {"file": pledge, "kind": "nope"}
    )
    assert not special.attachments.exists()
