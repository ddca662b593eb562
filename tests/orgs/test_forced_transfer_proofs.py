"""Changsha (seed 003 第十八条): a person released from a closed unit nobody manages is released by
the city on the deregistration certificate of the unit's licensing office and the new unit's
intake certificate, both kept with the transfer — from the city's pack
(``transfers.forced_proofs``); a pack asking for one only asks for one; Wenzhou asks none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.orgs.domain import people, units
from jijiao.orgs.models import Division, Role, TransferProof, Unit
from jijiao.policy.domain.packs import pack_create
from tests.factories import AccountFactory, OfficeFactory, PersonFactory, grant

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BOTH = "原注销机构发证单位开具的注销证明、现单位开具的调入证明"
CITE = "（长沙市继续医学教育管理办法（试行）第十八条）"


def proof(name: str, content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def changsha():
    city = OfficeFactory(
        name="长沙市卫生健康委科教处",
        division=Division.objects.get(code="430100"),
        office_level=Unit.OfficeLevel.CITY,
    )
    office = grant(AccountFactory(username="changsha_office"), Role.CITY_OFFICE, city)
    clinic = Unit.objects.create(
        name="芙蓉区某诊所", kind="hospital", division_id="430102", supervisor=city
    )
    person = PersonFactory(name="周敏", unit=clinic)
    units.unit_set_licence_status(
        by=office, unit=clinic, status=Unit.Licence.DEREGISTERED, reason="执业许可已注销"
    )
    return office, clinic, person


def test_the_city_releases_on_both_certificates_and_keeps_them(changsha):
    office, clinic, person = changsha
    with pytest.raises(DomainError) as refused:
        people.person_transfer_force(
            by=office,
            person=person,
            reason="机构已注销无人管理",
            proofs={"intake": proof("调入证明.pdf")},
        )
    assert refused.value.message == "请上传原注销机构发证单位开具的注销证明" + CITE
    person.refresh_from_db()
    assert person.unit == clinic
    with pytest.raises(DomainError, match="只能上传 PDF、JPG、PNG 文件"):
        people.person_transfer_force(
            by=office,
            person=person,
            reason="机构已注销无人管理",
            proofs={"deregistration": proof("注销证明.pdf", b"<html/>"), "intake": proof("b.pdf")},
        )
    transfer = people.person_transfer_force(
        by=office,
        person=person,
        reason="机构已注销无人管理",
        proofs={"deregistration": proof("注销证明.pdf"), "intake": proof("调入证明.pdf")},
    )
    kept = {p.kind: p.name for p in transfer.proofs.all()}
    assert kept == {"deregistration": "注销证明.pdf", "intake": "调入证明.pdf"}
    entry = AuditEntry.objects.get(action="person.transfer_proofs_kept")
    assert [p["kind"] for p in entry.data["proofs"]] == ["deregistration", "intake"]


def test_a_pack_asking_for_the_deregistration_certificate_only(
    changsha, wenzhou_office, wenzhou_office_unit
):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="changsha-test-transfers",
        title="只要注销证明（测试）",
        extends="changsha-2022",
        text='id = "changsha-test-transfers"\ntitle = "只要注销证明（测试）"\n'
        'extends = "changsha-2022"\ndivision = "430100"\n\n[transfers]\n'
        'cite = "测试通知 十八"\nforced_proofs = ["deregistration"]\n',
    )
    office, _clinic, person = changsha
    transfer = people.person_transfer_force(
        by=office,
        person=person,
        reason="机构已注销无人管理",
        proofs={"deregistration": proof("注销证明.pdf")},
    )
    assert transfer.proofs.count() == 1


def test_through_the_pages(client, changsha):
    office, _clinic, person = changsha
    client.force_login(office)
    url = f"/people/{person.pk}/force-transfer/"
    page = client.get(url).content.decode()
    assert f"须上传{BOTH}，与调动记录一并保存" in page
    assert "长沙市继续医学教育管理办法（试行）第十八条" in page
    response = client.post(
        url,
        {
            "reason": "机构已注销无人管理",
            "deregistration": proof("注销证明.pdf"),
            "intake": proof("调入证明.pdf"),
        },
    )
    assert response.status_code == 302
    listed = client.get("/transfers/").content.decode()
    intake = TransferProof.objects.get(kind="intake")
    link = f"/transfers/{intake.transfer_id}/proofs/{intake.pk}/"
    assert link in listed and "现单位开具的调入证明" in listed
    assert client.get(link)["Content-Type"] == "application/pdf"


def test_wenzhou_asks_for_no_certificate_and_cites_nothing(
    client, wenzhou_office, lucheng_office_unit
):
    clinic = Unit.objects.create(
        name="鹿城区五马诊所", kind="hospital", division_id="330302", supervisor=lucheng_office_unit
    )
    person = PersonFactory(name="赵刚", unit=clinic)
    units.unit_set_licence_status(
        by=wenzhou_office, unit=clinic, status=Unit.Licence.DEREGISTERED, reason="注销"
    )
    client.force_login(wenzhou_office)
    page = client.get(f"/people/{person.pk}/force-transfer/").content.decode()
    assert "第十八条" not in page and "须上传" not in page
    people.person_transfer_force(by=wenzhou_office, person=person, reason="机构已注销")
