"""Changsha (seed 003 第十七条): a unit's lost password is reset by the office that licensed it
(the district for a district-licensed unit, else the city) on the unit's stamped request, which
is kept with the reset — from the city's pack (``password_reset.stamped_request``); a pack that
does not ask for it does not."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.orgs.domain.accounts import account_reset_password
from jijiao.orgs.domain.units import (
    unit_account_application_approve,
    unit_account_application_forward,
    unit_account_application_submit,
)
from jijiao.orgs.models import Division, PasswordReset, Role, Unit
from jijiao.policy.domain.packs import pack_create
from tests.factories import AccountFactory, OfficeFactory, UnitFactory, grant, next_id_number

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SCANS = ("form", "licence", "legal_representative_id", "agent_id")


def stamped() -> SimpleUploadedFile:
    return SimpleUploadedFile("密码重置申请（盖章）.pdf", PDF)


@pytest.fixture
def changsha(media):
    city = OfficeFactory(
        name="长沙市卫生健康委科教处",
        division=Division.objects.get(code="430100"),
        office_level=Unit.OfficeLevel.CITY,
    )
    furong = OfficeFactory(
        name="芙蓉区卫生健康局", division=Division.objects.get(code="430102"), supervisor=city
    )
    return {
        "city_unit": city,
        "city": grant(AccountFactory(username="changsha_office"), Role.CITY_OFFICE, city),
        "furong": grant(AccountFactory(username="furong_office"), Role.COUNTY_OFFICE, furong),
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def city_licensed(changsha):
    hospital = UnitFactory(
        name="长沙市第一医院",
        division=Division.objects.get(code="430102"),
        supervisor=changsha["city_unit"],
    )
    return grant(AccountFactory(username="cs_hospital_admin"), Role.UNIT_ADMIN, hospital)


@pytest.fixture
def district_licensed(changsha):
    application = unit_account_application_submit(
        unit_name="芙蓉区某社区卫生服务中心",
        unit_kind="hospital",
        division=Division.objects.get(code="430102"),
        licence_number="PDY00001",
        licensed_by_district=True,
        legal_representative="王某",
        agent_name="李某",
        agent_phone="13900000000",
        agent_id_number=next_id_number("430102"),
        scans={k: SimpleUploadedFile(f"{k}.pdf", PDF) for k in SCANS},
    )
    unit_account_application_forward(by=changsha["furong"], application=application)
    _unit, account, _password = unit_account_application_approve(
        by=changsha["city"],
        application=application,
        supervisor=changsha["city_unit"],
        username="furong_clinic_admin",
    )
    return account


def test_the_city_resets_a_city_licensed_unit_on_its_stamped_request(changsha, city_licensed):
    with pytest.raises(DomainError) as refused:
        account_reset_password(by=changsha["city"], account=city_licensed)
    assert refused.value.message == (
        "请上传长沙市第一医院加盖公章的申请说明材料（长沙市继续医学教育管理办法（试行）第十七条）"
    )
    account_reset_password(by=changsha["city"], account=city_licensed, request=stamped())
    reset = PasswordReset.objects.get(account=city_licensed)
    assert (reset.by, reset.request_name, reset.request_type) == (
        changsha["city"],
        "密码重置申请（盖章）.pdf",
        "application/pdf",
    )
    entry = AuditEntry.objects.get(action="account.password_reset")
    assert entry.data["sha256"] == reset.request_sha256


def test_a_district_licensed_unit_is_reset_by_its_district_not_the_city(
    changsha, district_licensed
):
    with pytest.raises(PermissionDenied):
        account_reset_password(by=changsha["city"], account=district_licensed, request=stamped())
    account_reset_password(by=changsha["furong"], account=district_licensed, request=stamped())
    assert PasswordReset.objects.get(account=district_licensed).by == changsha["furong"]


def test_a_pack_that_asks_for_no_request_resets_without_one(
    changsha, city_licensed, wenzhou_office, wenzhou_office_unit
):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="changsha-test-reset",
        title="重置不要求盖章材料（测试）",
        extends="changsha-2022",
        text='id = "changsha-test-reset"\ntitle = "重置不要求盖章材料（测试）"\n'
        'extends = "changsha-2022"\ndivision = "430100"\n\n[password_reset]\n'
        'cite = "测试通知 十七"\nstamped_request = false\n',
    )
    account_reset_password(by=changsha["city"], account=city_licensed)
    assert PasswordReset.objects.get(account=city_licensed).request_name == ""


def test_through_the_pages(client, changsha, city_licensed):
    client.force_login(changsha["city"])
    url = f"/accounts/{city_licensed.pk}/reset/"
    form = client.get(url).content.decode()
    assert "加盖本单位公章的申请说明材料" in form and "没有重置记录" in form
    refused = client.post(url).content.decode()
    assert "请上传长沙市第一医院加盖公章的申请说明材料" in refused
    done = client.post(url, {"request": stamped()}).content.decode()
    password = re.search(r'data-testid="temporary-password">([^<]+)<', done).group(1)
    city_licensed.refresh_from_db()
    assert city_licensed.check_password(password)
    listed = client.get(url).content.decode()
    reset = PasswordReset.objects.get()
    link = f"/accounts/{city_licensed.pk}/resets/{reset.pk}/request/"
    assert link in listed and "密码重置申请（盖章）.pdf" in listed
    assert client.get(link)["Content-Type"] == "application/pdf"
