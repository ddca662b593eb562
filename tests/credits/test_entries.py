"""Entering credits by hand: in-unit activities for many attendees, personal activities with
evidence, certificates; the CRD_* windows on both sides of each boundary, through the workflow."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.credits.domain.entries import (
    credits_enter_certificate,
    credits_enter_in_unit,
    credits_enter_personal,
)
from jijiao.credits.models import Evidence, LedgerEntry
from tests.credits.conftest import at, pdf_upload
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PAPER = {"journal": "中华心血管病杂志", "journal_tier": "省级期刊", "author_rank": "第一作者"}


def case_discussion(by, unit, attendees, day="2023-12-12", proof=None, **extra):
    return credits_enter_in_unit(
        by=by,
        unit=unit,
        activity_type=extra.pop("activity_type", "病例讨论"),
        title=extra.pop("title", "急性心肌梗死病例讨论"),
        activity_date=dt.date.fromisoformat(day),
        hours=Decimal("2"),
        credits=Decimal("1.0"),
        attendees=attendees,
        proof=proof,
        **extra,
    )


def paper(by, person, *, day="2023-06-01", evidence=True, pledge=False):
    return credits_enter_personal(
        by=by,
        person=person,
        activity_type="论文",
        title="急性心梗患者早期康复的随机对照研究",
        activity_date=dt.date.fromisoformat(day),
        credits=Decimal("5.0"),
        details=dict(PAPER),
        evidence=[pdf_upload("论文.pdf")] if evidence else [],
        pledge=pdf_upload("承诺书.pdf") if pledge else None,
    )


def test_department_admin_enters_a_case_discussion_for_five_attendees(
    dept_admin, city_hospital, staff, credit_year_2023
):
    with at("2023-12-20"):
        entries = case_discussion(dept_admin, city_hospital, staff)
    assert len(entries) == 5
    first = entries[0]
    assert first.status == "pending_unit" and first.current_office == city_hospital
    assert [s["stage"] for s in first.chain] == ["unit", "city"]
    assert (first.credit_class, first.credit_level, first.category) == ("II", "unit", "Ⅱ类")
    assert first.entry_method == "manual" and first.source == "in_unit"
    assert first.policy_id == "wenzhou-2023"
    batch = AuditEntry.objects.filter(action="credits.in_unit_entered")
    assert batch.count() == 1 and batch.get().data["attendees"] == 5


def test_department_admin_cannot_enter_for_another_department(
    dept_admin, city_hospital, staff, credit_year_2023
):
    outsider = PersonFactory(name="吴六", unit=city_hospital)
    with at("2023-12-20"), pytest.raises(DomainError, match="吴六"):
        case_discussion(dept_admin, city_hospital, [*staff, outsider])
    assert LedgerEntry.objects.count() == 0


def test_unit_admin_cannot_enter_for_people_of_another_unit(
    hospital_admin, city_hospital, nurse_wang, credit_year_2023
):
    with at("2023-12-20"), pytest.raises(DomainError, match="王丽华"):
        case_discussion(hospital_admin, city_hospital, [nurse_wang])


def test_another_units_admin_is_refused(lucheng_admin, city_hospital, staff, credit_year_2023):
    with at("2023-12-20"), pytest.raises(PermissionDenied):
        case_discussion(lucheng_admin, city_hospital, staff)


def test_speaker_gets_a_lecture_row(hospital_admin, city_hospital, staff, credit_year_2023):
    with at("2023-10-20"):
        entries = case_discussion(
            hospital_admin,
            city_hospital,
            staff[1:],
            activity_type="全院业务学习",
            speaker=staff[0],
            speaker_credits=Decimal("2.0"),
            day="2023-10-18",
        )
    speaker_row = next(e for e in entries if e.person == staff[0])
    assert speaker_row.activity_type == "讲课" and speaker_row.credits == Decimal("2.0")
    assert len(entries) == 5


def test_the_same_activity_twice_is_refused(hospital_admin, city_hospital, staff, credit_year_2023):
    with at("2023-12-20"):
        case_discussion(hospital_admin, city_hospital, staff[:2])
        with pytest.raises(DomainError, match="已有该活动"):
            case_discussion(hospital_admin, city_hospital, staff[1:3])


def test_a_year_the_city_has_not_set_is_refused_with_what_to_do(
    hospital_admin, city_hospital, staff
):
    with at("2023-12-20"), pytest.raises(DomainError, match="2023 年度的学分暂不能录入：须由"):
        case_discussion(hospital_admin, city_hospital, staff)


# In-unit activities (seed 002 四.2(1), 四.2(3)): normal until 12-31; December activities late
# until 01-31 of the next year with proof; nothing after.
@pytest.mark.parametrize(
    ("activity", "entered", "proof", "method"),
    [
        ("2023-12-12", "2023-12-31", False, "manual"),
        ("2023-12-12", "2024-01-01", True, "late_entry"),
        ("2023-12-12", "2024-01-31", True, "late_entry"),
    ],
)
def test_in_unit_entry_inside_its_window(
    hospital_admin, city_hospital, staff, credit_year_2023, activity, entered, proof, method
):
    with at(entered):
        entries = case_discussion(
            hospital_admin,
            city_hospital,
            staff[:1],
            day=activity,
            proof=pdf_upload() if proof else None,
        )
    assert entries[0].entry_method == method
    if method == "late_entry":
        assert {f["code"]: f["severity"] for f in entries[0].entry_findings} == {
            "CRD_LATE_ENTRY": "warning"
        }
        assert entries[0].evidence.get().kind == Evidence.Kind.PROOF


def test_december_activity_entered_in_january_without_proof_names_what_is_missing(
    hospital_admin, city_hospital, staff, credit_year_2023
):
    with at("2024-01-01"), pytest.raises(DomainError) as refused:
        case_discussion(hospital_admin, city_hospital, staff[:1], day="2023-12-12")
    assert "CRD_LATE_ENTRY" in refused.value.message
    assert "证明材料（学习记录或考勤）" in refused.value.message
    assert LedgerEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("activity", "entered"), [("2023-12-12", "2024-02-01"), ("2023-11-15", "2024-01-01")]
)
def test_in_unit_entry_after_its_window_is_closed(
    hospital_admin, city_hospital, staff, credit_year_2023, activity, entered
):
    with at(entered), pytest.raises(DomainError, match="CRD_ENTRY_CLOSED"):
        case_discussion(hospital_admin, city_hospital, staff[:1], day=activity, proof=pdf_upload())


# Personal activities: until 03-31 of the next year; afterwards with the pledge and evidence,
# approved by the city alone.
def test_paper_entered_by_03_31_goes_through_the_units_chain(zhao_account, zhao, credit_year_2023):
    with at("2024-03-31"):
        entry = paper(zhao_account, zhao)
    assert entry.entry_method == "manual" and entry.status == "pending_unit"
    assert entry.details == PAPER
    assert entry.evidence.get().kind == Evidence.Kind.PUBLICATION


def test_paper_entered_on_04_01_without_pledge_names_the_pledge(
    zhao_account, zhao, credit_year_2023
):
    with at("2024-04-01"), pytest.raises(DomainError) as refused:
        paper(zhao_account, zhao)
    assert "CRD_LATE_ENTRY_PLEDGE" in refused.value.message
    assert "签字的补录承诺书" in refused.value.message


def test_paper_entered_on_04_01_with_pledge_but_no_evidence_names_the_proof(
    zhao_account, zhao, credit_year_2023
):
    with at("2024-04-01"), pytest.raises(DomainError, match="证明材料"):
        paper(zhao_account, zhao, evidence=False, pledge=True)


def test_paper_entered_late_with_pledge_and_evidence_goes_to_the_city_alone(
    zhao_account, zhao, credit_year_2023, wenzhou_office_unit
):
    with at("2024-04-01"):
        entry = paper(zhao_account, zhao, pledge=True)
    assert entry.entry_method == "late_entry"
    assert entry.status == "pending_city" and entry.current_office == wenzhou_office_unit
    assert [s["stage"] for s in entry.chain] == ["city"]
    assert sorted(entry.evidence.values_list("kind", flat=True)) == ["pledge", "publication"]


def test_paper_needs_its_journal_tier_and_author_rank(zhao_account, zhao, credit_year_2023):
    with at("2023-12-01"), pytest.raises(DomainError, match="作者排名"):
        credits_enter_personal(
            by=zhao_account,
            person=zhao,
            activity_type="论文",
            title="题目",
            activity_date=dt.date(2023, 6, 1),
            credits=Decimal("5"),
            details={"journal": "某刊", "journal_tier": "省级期刊"},
            evidence=[pdf_upload()],
        )


def test_study_abroad_records_months(zhao_account, zhao, credit_year_2023):
    with at("2023-12-01"):
        entry = credits_enter_personal(
            by=zhao_account,
            person=zhao,
            activity_type="进修",
            title="心内科进修",
            activity_date=dt.date(2023, 9, 30),
            end_date=None,
            credits=Decimal("12"),
            details={"host": "浙江大学医学院附属第二医院", "months": "6"},
            evidence=[pdf_upload("进修证书.pdf")],
        )
    assert entry.details == {"host": "浙江大学医学院附属第二医院", "months": 6}


def test_someone_else_cannot_enter_my_personal_credits(pi_zhang, zhao, credit_year_2023):
    with at("2023-12-01"), pytest.raises(PermissionDenied):
        paper(pi_zhang, zhao)


def test_out_of_province_certificate_is_class_one_national(zhao_account, zhao, credit_year_2023):
    with at("2023-12-01"):
        entry = credits_enter_certificate(
            by=zhao_account,
            person=zhao,
            kind="out_of_province",
            title="全国心力衰竭诊治新进展学习班",
            project_number="2023-03-01-123（国）",
            activity_date=dt.date(2023, 10, 12),
            credits=Decimal("8"),
            hours=Decimal("24"),
            certificate=pdf_upload("证书.pdf"),
        )
    assert (entry.credit_class, entry.credit_level) == ("I", "national")
    assert entry.entry_method == "out_of_province"
    assert entry.evidence.get().kind == "certificate"


def test_tcm_certificate_is_class_one_provincial_and_needs_the_certificate(
    zhao_account, zhao, credit_year_2023
):
    with at("2023-12-01"):
        with pytest.raises(DomainError, match="上传学分证书"):
            credits_enter_certificate(
                by=zhao_account,
                person=zhao,
                kind="tcm_provincial",
                title="浙江省中医药适宜技术推广班",
                project_number="2023-ZY-01",
                activity_date=dt.date(2023, 10, 12),
                credits=Decimal("5"),
                hours=None,
                certificate=None,
            )
        entry = credits_enter_certificate(
            by=zhao_account,
            person=zhao,
            kind="tcm_provincial",
            title="浙江省中医药适宜技术推广班",
            project_number="2023-ZY-01",
            activity_date=dt.date(2023, 10, 12),
            credits=Decimal("5"),
            hours=None,
            certificate=pdf_upload(),
        )
    assert (entry.credit_class, entry.credit_level) == ("I", "provincial")


def test_credit_entry_example_holds_through_the_workflow(
    shared_dir, hospital_admin, city_hospital, staff, credit_year_2023
):
    """examples/precheck/credit-entry-december-late.json entered through the domain."""
    example = json.loads(
        (shared_dir / "examples/precheck/credit-entry-december-late.json").read_text()
    )
    facts = example["input"]
    assert example["policy"] == credit_year_2023.policy_id
    with at(facts["entered_on"]):
        entries = credits_enter_in_unit(
            by=hospital_admin,
            unit=city_hospital,
            activity_type=facts["activity"]["type"],
            title="科内业务学习",
            activity_date=dt.date.fromisoformat(facts["activity"]["date"]),
            hours=None,
            credits=Decimal("1"),
            attendees=staff[:1],
            proof=pdf_upload() if facts["has_proof"] else None,
        )
    stored = {f["code"]: f["severity"] for f in entries[0].entry_findings}
    assert stored == example["expect"]["findings"]
    assert example["expect"]["result"]["decision"] == "allowed"
    assert entries[0].entry_method == "late_entry"
