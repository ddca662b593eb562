"""Changsha (seed 003 第九条): the annual proof says it stands for the 60 学时 of professional
subjects the human-resources department asks each year — from the pack
(``compliance.annual_proof``); a pack giving another number prints that number."""

import pytest

from jijiao.credits.domain.compliance import (
    annual_facts_set,
    annual_proof_issue,
    compliance_list_confirm,
)
from jijiao.credits.domain.years import credit_year_set
from jijiao.policy.domain.packs import pack_create
from tests.credits.conftest import at, pdf_upload

pytestmark = pytest.mark.django_db

CHANGSHA = (
    "本证明视同完成当年度人力资源社会保障部门 60 学时专业科目培训要求"
    "（长沙市继续医学教育管理办法（试行）第九条）"
)


def _proof(office, office_unit, hospital_admin, city_hospital, zhao, zhao_account, year, pack):
    credit_year_set(by=office, office=office_unit, year=year, policy_id=pack)
    with at(f"{year}-11-20"):
        annual_facts_set(
            by=hospital_admin,
            person=zhao,
            year=year,
            exemption="resident_training",
            reason=f"{year} 年参加住院医师规范化培训",
            evidence=pdf_upload("规培证明.pdf"),
        )
    with at(f"{year + 1}-04-05"):
        compliance_list_confirm(by=hospital_admin, unit=city_hospital, year=year)
        return annual_proof_issue(by=zhao_account, person=zhao, year=year)


def test_the_proof_stands_for_sixty_hours_and_says_so_where_it_is_checked(
    client, wenzhou_office, wenzhou_office_unit, hospital_admin, city_hospital, zhao, zhao_account
):
    proof = _proof(
        wenzhou_office,
        wenzhou_office_unit,
        hospital_admin,
        city_hospital,
        zhao,
        zhao_account,
        2023,
        "changsha-2022",
    )
    assert proof.snapshot["stands_for"] == CHANGSHA
    page = client.get(f"/credits/verify/{proof.code}/").content.decode()
    assert CHANGSHA in page
    assert client.get(f"/credits/verify/{proof.code}.json").json()["stands_for"] == CHANGSHA


def test_another_pack_prints_its_own_number_and_a_pack_without_it_nothing(
    wenzhou_office, wenzhou_office_unit, hospital_admin, city_hospital, zhao, zhao_account
):
    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="changsha-48",
        title="专业科目 48 学时（测试）",
        extends="changsha-2022",
        text='id = "changsha-48"\ntitle = "专业科目 48 学时（测试）"\nextends = "changsha-2022"\n'
        '\n[compliance.annual_proof]\ncite = "测试通知 九"\nprofessional_hours = 48\n',
    )
    args = (wenzhou_office, wenzhou_office_unit, hospital_admin, city_hospital, zhao, zhao_account)
    other = _proof(*args, 2022, "changsha-48")
    assert other.snapshot["stands_for"] == (
        "本证明视同完成当年度人力资源社会保障部门 48 学时专业科目培训要求（测试通知 九）"
    )
    wenzhou = _proof(*args, 2021, "wenzhou-2023")
    assert wenzhou.snapshot["stands_for"] == ""
