"""Transcript sums and annual compliance through the workflow: 达标, 不达标, 不计达标; the unit
confirms its list; the annual proof is issued only for a confirmed year that met the pack."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.credits.domain.compliance import (
    annual_facts_set,
    annual_proof_issue,
    compliance_list_confirm,
)
from jijiao.credits.domain.entries import credits_enter_in_unit
from jijiao.credits.domain.years import credit_year_set
from jijiao.credits.models import Certificate, ComplianceConfirmation
from jijiao.credits.transcript import person_year, unit_compliance
from jijiao.engine.precheck import run_precheck
from jijiao.policy.access import resolver
from tests.credits.conftest import at, pdf_upload
from tests.credits.helpers import approved_in_unit, national_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2019(wenzhou_office, wenzhou_office_unit):
    return credit_year_set(
        by=wenzhou_office, office=wenzhou_office_unit, year=2019, policy_id="wenzhou-2023"
    )


@pytest.fixture
def zhao_2019(wenzhou_office, hospital_admin, city_hospital, zhao, year_2019):
    """The facts of examples/precheck/annual-compliance-split.json: 4 class I national and 22
    class II, approved and valid."""
    national_grant(wenzhou_office, [zhao], day="2019-05-10", credits="4", ref="N2019")
    for title, credits in (("新技术讲座", "12"), ("院感培训", "10")):
        approved_in_unit(
            hospital_admin,
            wenzhou_office,
            city_hospital,
            [zhao],
            day="2019-10-18",
            credits=credits,
            title=title,
        )


def test_annual_compliance_example_holds_through_the_workflow(shared_dir, zhao, zhao_2019):
    example = json.loads(
        (shared_dir / "examples/precheck/annual-compliance-split.json").read_text()
    )
    transcript = person_year(zhao, 2019)
    assert transcript.status == example["expect"]["result"]["status"] == "noncompliant"
    assert float(transcript.total) == example["expect"]["result"]["total"]
    assert float(transcript.class1) == example["expect"]["result"]["class1"]
    assert float(transcript.class2) == example["expect"]["result"]["class2"]
    assert {f.code: f.severity for f in transcript.standing.failures} == example["expect"][
        "findings"
    ]
    # The precheck on the example's own document agrees with the workflow.
    precheck = run_precheck(
        "annual-compliance", "wenzhou-2023", example["input"], resolver=resolver
    )
    assert precheck["result"]["status"] == transcript.status


def test_transcript_values_and_rows(zhao, zhao_2019, hospital_admin, city_hospital):
    with at("2019-11-05"):
        credits_enter_in_unit(
            by=hospital_admin,
            unit=city_hospital,
            activity_type="大查房",
            title="待审核的查房",
            activity_date=dt.date(2019, 11, 4),
            hours=None,
            credits=Decimal("3"),
            attendees=[zhao],
        )
    transcript = person_year(zhao, 2019)
    assert len(transcript.rows) == 4
    assert transcript.class1_national == Decimal("4.0")
    assert transcript.class1_provincial == Decimal("0.0")
    # The pending row is listed but not counted.
    assert transcript.class2 == Decimal("22.0") and transcript.total == Decimal("26.0")
    assert transcript.status_label == "不达标"
    assert any("Ⅰ类学分 4 分，低于 5 分" in m for m in transcript.failures)


def test_2023_has_no_class_split_in_wenzhou(
    wenzhou_office, hospital_admin, city_hospital, zhao, credit_year_2023
):
    approved_in_unit(
        hospital_admin,
        wenzhou_office,
        city_hospital,
        [zhao],
        day="2023-06-01",
        credits="25",
        title="全年院内学习汇总",
    )
    transcript = person_year(zhao, 2023)
    assert transcript.class1 == Decimal("0.0") and transcript.status == "compliant"
    assert transcript.status_label == "达标"


def test_exemption_with_reason_and_evidence_is_exempt(hospital_admin, zhao, zhao_2019):
    with pytest.raises(DomainError, match="证明材料"):
        annual_facts_set(
            by=hospital_admin, person=zhao, year=2019, exemption="resident_training", reason="规培"
        )
    annual_facts_set(
        by=hospital_admin,
        person=zhao,
        year=2019,
        exemption="resident_training",
        reason="2019 年参加住院医师规范化培训",
        evidence=pdf_upload("规培证明.pdf"),
    )
    transcript = person_year(zhao, 2019)
    assert (transcript.status, transcript.status_label) == ("exempt", "不计达标")


def test_someone_elses_unit_cannot_set_facts(lucheng_admin, zhao, year_2019):
    with pytest.raises(PermissionDenied):
        annual_facts_set(by=lucheng_admin, person=zhao, year=2019, public_subject_hours="30")


def test_unit_confirms_its_list_and_the_proof_follows(
    wenzhou_office, hospital_admin, city_hospital, staff, zhao_account, zhao, credit_year_2023
):
    approved_in_unit(
        hospital_admin,
        wenzhou_office,
        city_hospital,
        staff[:2],
        day="2023-06-01",
        credits="25",
        title="全年院内学习汇总",
    )
    with at("2024-04-02"), pytest.raises(DomainError, match="尚未确认"):
        annual_proof_issue(by=zhao_account, person=zhao, year=2023)
    listing = unit_compliance(city_hospital, 2023)
    assert [t.status for t in listing.people if t.person in staff[:2]] == ["compliant"] * 2
    with at("2024-04-02"):
        confirmation = compliance_list_confirm(by=hospital_admin, unit=city_hospital, year=2023)
    assert (confirmation.compliant, confirmation.noncompliant, confirmation.exempt) == (
        2,
        len(listing.people) - 2,
        0,
    )
    audit = AuditEntry.objects.get(action="credits.compliance_confirmed")
    assert audit.data["compliant"] == 2
    with at("2024-04-03"):
        proof = annual_proof_issue(by=zhao_account, person=zhao, year=2023)
        again = annual_proof_issue(by=zhao_account, person=zhao, year=2023)
    assert proof.pk == again.pk and proof.kind == Certificate.Kind.ANNUAL
    assert proof.snapshot["total"] == "25.0" and proof.snapshot["status_label"] == "达标"
    noncompliant = staff[2]
    with pytest.raises(DomainError, match="不达标，不能打印"):
        annual_proof_issue(by=hospital_admin, person=noncompliant, year=2023)


def test_confirming_waits_for_the_units_own_reviews(
    hospital_admin, city_hospital, staff, credit_year_2023
):
    with at("2023-12-20"):
        credits_enter_in_unit(
            by=hospital_admin,
            unit=city_hospital,
            activity_type="病例讨论",
            title="疑难病例讨论",
            activity_date=dt.date(2023, 12, 18),
            hours=None,
            credits=Decimal("1"),
            attendees=staff[:1],
        )
    with (
        at("2024-04-02"),
        pytest.raises(DomainError, match="尚有 1 条 2023 年度学分记录待本单位审核"),
    ):
        compliance_list_confirm(by=hospital_admin, unit=city_hospital, year=2023)


# ---------------------------------------------------------------- not while the year runs


def test_a_years_list_cannot_be_confirmed_while_it_runs_or_before_the_review_closes(
    hospital_admin, city_hospital, staff, credit_year_2025
):
    for day in ("2025-02-12", "2026-03-31"):
        with at(day), pytest.raises(DomainError) as caught:
            compliance_list_confirm(by=hospital_admin, unit=city_hospital, year=2025)
        assert caught.value.message == (
            "不能确认：2025 年度名单自 2026-04-01 起方可确认"
            "（温州市继教办2023年学分审核通知 四.2(2)）"
        )
    assert not ComplianceConfirmation.objects.exists()
    with at("2026-04-01"):
        compliance_list_confirm(by=hospital_admin, unit=city_hospital, year=2025)
    assert ComplianceConfirmation.objects.count() == 1


def test_a_pack_opening_confirmation_on_new_years_day_changes_the_outcome(
    hospital_admin, city_hospital, staff, wenzhou_office, wenzhou_office_unit
):
    from jijiao.credits.domain.years import credit_year_set
    from jijiao.policy.domain.packs import pack_create

    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="wenzhou-confirm-test",
        title="确认名单自次年 1 月 1 日（测试）",
        extends="wenzhou-2023",
        text='id = "wenzhou-confirm-test"\ntitle = "确认名单自次年 1 月 1 日（测试）"\n'
        'extends = "wenzhou-2023"\n\n[compliance.confirm_opens]\ncite = "测试通知 九"\n'
        'opens = { year = "next", day = "01-01" }\n',
    )
    credit_year_set(
        by=wenzhou_office, office=wenzhou_office_unit, year=2025, policy_id="wenzhou-confirm-test"
    )
    with at("2025-12-31"), pytest.raises(DomainError, match="自 2026-01-01 起方可确认"):
        compliance_list_confirm(by=hospital_admin, unit=city_hospital, year=2025)
    with at("2026-01-02"):
        compliance_list_confirm(by=hospital_admin, unit=city_hospital, year=2025)
    assert ComplianceConfirmation.objects.count() == 1
