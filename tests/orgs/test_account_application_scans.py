"""Changsha (seed 003 第十四条): a unit's account application carries the stamped 附件3, the stamped
licence, the legal representative's and the agent's ID card scans — each checked by content and
size — and one sent after the 25th is taken up the next month. Both from the city's pack
(``unit_accounts``); a pack with another day or list changes the outcome; a Wenzhou unit, whose
packs ask nothing, is asked nothing."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.orgs.domain.units import (
    unit_account_application_approve,
    unit_account_application_submit,
)
from jijiao.orgs.models import Division, Role, Unit, UnitApplicationScan
from jijiao.policy.domain.packs import pack_create
from tests.factories import AccountFactory, OfficeFactory, grant, next_id_number

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
CITE = "（长沙市继续医学教育管理办法（试行）第十四条）"
ALL_FOUR = ("form", "licence", "legal_representative_id", "agent_id")


def at(day: str):
    moment = dt.datetime.fromisoformat(day).replace(hour=10, tzinfo=clock.SHANGHAI)
    return time_machine.travel(moment, tick=False)


def scans(*kinds, content=PDF) -> dict:
    return {kind: SimpleUploadedFile(f"{kind}.pdf", content) for kind in kinds}


def apply(division="430102", name="芙蓉区某社区卫生服务中心", **more):
    return unit_account_application_submit(
        unit_name=name,
        unit_kind="hospital",
        division=Division.objects.get(code=division),
        licence_number="PDY00001",
        licensed_by_district=False,
        legal_representative="王某",
        agent_name="李某",
        agent_phone="13900000000",
        agent_id_number=next_id_number(division),
        **more,
    )


@pytest.fixture
def changsha_office():
    unit = OfficeFactory(
        name="长沙市卫生健康委科教处",
        division=Division.objects.get(code="430100"),
        office_level=Unit.OfficeLevel.CITY,
    )
    return grant(AccountFactory(username="changsha_office"), Role.CITY_OFFICE, unit)


def test_an_application_without_the_scans_is_refused_naming_them():
    with at("2024-03-20"), pytest.raises(DomainError) as refused:
        apply(scans=scans("form"))
    assert refused.value.message == (
        "请上传加盖单位公章的医疗机构执业许可证扫描件、单位法人身份证扫描件、委托办理人身份证扫描件"
        + CITE
    )
    with at("2024-03-20"), pytest.raises(DomainError) as html:
        apply(scans={**scans(*ALL_FOUR), "licence": SimpleUploadedFile("x.pdf", b"<html></html>")})
    assert "只能上传 PDF、JPG、PNG 文件" in html.value.message


def test_after_the_25th_it_waits_for_next_month(changsha_office):
    with at("2024-03-25"):
        on_time = apply(scans=scans(*ALL_FOUR))
    with at("2024-03-26"):
        late = apply(name="芙蓉区另一社区卫生服务中心", scans=scans(*ALL_FOUR))
    assert on_time.handled_from == dt.date(2024, 3, 1)
    assert late.handled_from == dt.date(2024, 4, 1)
    assert sorted(late.scans.values_list("kind", flat=True)) == sorted(ALL_FOUR)
    city = Unit.objects.get(name="长沙市卫生健康委科教处")
    with at("2024-03-28"):
        unit_account_application_approve(
            by=changsha_office, application=on_time, supervisor=city, username="furong1"
        )
        with pytest.raises(DomainError) as waits:
            unit_account_application_approve(
                by=changsha_office, application=late, supervisor=city, username="furong2"
            )
    assert waits.value.message == (
        "该申请于 2024-03-26 递交，晚于每月 25 日，2024年4月起受理" + CITE
    )
    with at("2024-04-01"):
        unit_account_application_approve(
            by=changsha_office, application=late, supervisor=city, username="furong2"
        )


def test_a_pack_with_another_day_and_list_changes_both(wenzhou_office, wenzhou_office_unit):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="changsha-test-accounts",
        title="每月 20 日前，只要执业许可证（测试）",
        extends="changsha-2022",
        text='id = "changsha-test-accounts"\ntitle = "每月 20 日前，只要执业许可证（测试）"\n'
        'extends = "changsha-2022"\ndivision = "430100"\n\n[unit_accounts]\n'
        'cite = "测试通知 十四"\nscans = ["licence"]\nmonthly_cutoff = 20\n',
    )
    with at("2024-03-22"):
        application = apply(scans=scans("licence", content=JPG))
    assert application.handled_from == dt.date(2024, 4, 1)


def test_a_wenzhou_unit_is_asked_for_nothing():
    with at("2024-03-28"):
        application = apply(division="330302", name="鹿城区某诊所")
    assert application.handled_from is None and application.scans.count() == 0


def test_through_the_pages(client, changsha_office):
    fields = {
        "unit_name": "芙蓉区某社区卫生服务中心",
        "unit_kind": "hospital",
        "division": "430102",
        "licence_number": "PDY00001",
        "legal_representative": "王某",
        "agent_name": "李某",
        "agent_phone": "13900000000",
        "agent_id_number": next_id_number("430102"),
    }
    with at("2024-03-27"):
        missing = client.post("/unit-applications/new/", fields).content.decode()
        assert "请上传加盖公章的申请信息表（附件3）扫描件" in missing
        done = client.post("/unit-applications/new/", {**fields, **scans(*ALL_FOUR)})
    page = done.content.decode()
    assert "扫描件 4 份" in page and "本申请于2024年4月受理" in page
    client.force_login(changsha_office)
    with at("2024-03-28"):
        listed = client.get("/unit-applications/").content.decode()
    assert "2024年4月起受理" in listed
    assert "单位法人身份证扫描件" in listed
    scan = UnitApplicationScan.objects.get(kind="licence")
    url = f"/unit-applications/{scan.application_id}/scans/{scan.pk}/"
    assert url in listed
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.logout()
    assert client.get(url).status_code == 302
