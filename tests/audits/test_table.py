"""The case's table from the ledger: credits still pending are not counted and are shown as
pending; the pack's 2020–2023 relaxations apply to those years only; early promotion takes four
years; a candidate audited last year starts again with no material carried over."""

import datetime as dt

import pytest

from jijiao.audit_log.models import AuditEntry
from jijiao.audits.domain.campaigns import SlotSpec, campaign_open
from jijiao.audits.domain.cases import case_create
from jijiao.audits.domain.decisions import case_approve, case_submit
from jijiao.audits.domain.evidence import evidence_mark_paper
from jijiao.audits.models import EvidenceMark
from jijiao.audits.table import compute_table, layout
from jijiao.credits.domain.approval import ledger_entries_approve
from tests.audits.conftest import NOTICE_SLOTS
from tests.audits.helpers import actors_for, full_window, full_year
from tests.audits.ledger import build_record
from tests.credits.conftest import at

pytestmark = pytest.mark.django_db
WINDOW = [2018, 2019, 2020, 2021, 2022]


@pytest.fixture
def chen_actors(city_hospital, hospital_admin, wenzhou_office):
    return actors_for(city_hospital, hospital_admin, wenzhou_office)


def _line(table, year):
    return next(line for line in layout(table).lines if line.year == year)


def test_pending_credits_are_not_counted_and_are_shown_as_pending(
    campaign, credit_years, chen, chen_actors, hospital_admin, wenzhou_office
):
    full_window(chen, WINDOW, chen_actors, skip=(2021,))
    full_year(chen, 2021, chen_actors, national=10, class2=0, number=50)
    [waiting] = build_record(
        chen,
        {"year": 2021, "type": "院内活动", "class": "II", "credits": 16, "status": "pending"},
        60,
        chen_actors,
    )
    assert waiting.status == "pending_unit"
    case = case_create(by=hospital_admin, campaign=campaign, person=chen)
    table = compute_table(case)
    line = _line(table, 2021)
    assert (line.class2, line.total, line.status) == (0.0, 10.0, "noncompliant")
    assert line.pending == "16.0"
    assert [f["code"] for f in line.findings] == ["AUD_YEAR_NONCOMPLIANT"]
    assert "2021 年学分 10 分，低于 25 分" in line.findings[0]["message"]
    assert table["result"]["totals"]["total"] == 114.0
    # Once the unit and the city approve it, the year counts in full.
    with at("2021-11-30"):
        ledger_entries_approve(by=hospital_admin, entries=[waiting])
        waiting.refresh_from_db()
        ledger_entries_approve(by=wenzhou_office, entries=[waiting])
    table = compute_table(case)
    assert (_line(table, 2021).total, _line(table, 2021).pending) == (26.0, "")
    assert table["ok"] is True


def test_the_class_split_is_waived_for_2020_to_2023_only(
    campaign, credit_years, chen, chen_actors, hospital_admin
):
    # 4 class I and 22 class II in 2019 and in 2020: 26 credits, under the class I minimum of 5.
    for year in WINDOW:
        full_year(chen, year, chen_actors, national=4, class2=22, number=year)
    case = case_create(by=hospital_admin, campaign=campaign, person=chen)
    table = compute_table(case)
    statuses = {line.year: line.status for line in layout(table).lines}
    assert statuses == {
        2018: "noncompliant",
        2019: "noncompliant",
        2020: "compliant",
        2021: "compliant",
        2022: "compliant",
    }
    subjects = sorted(f["subject"] for f in table["findings"])
    assert subjects == ["2018", "2019"]
    assert "Ⅰ类学分 4 分，低于 5 分" in _line(table, 2019).findings[0]["message"]


def test_the_remote_share_is_waived_in_the_2023_audit_and_not_in_2024(
    credit_years, chen, chen_actors, hospital_admin, wenzhou_office, wenzhou_office_unit
):
    for year in range(2019, 2024):
        build_record(
            chen,
            {"year": year, "type": "远程", "class": "I", "level": "national", "credits": 10},
            year,
            chen_actors,
        )
        full_year(chen, year, chen_actors, national=0, class2=16, number=year * 10)
    campaigns = {}
    for audit_year in (2023, 2024):
        with at(f"{audit_year}-08-21"):
            campaigns[audit_year] = campaign_open(
                by=wenzhou_office,
                office=wenzhou_office_unit,
                year=audit_year,
                title="",
                policy_id="wenzhou-2023",
                slots=NOTICE_SLOTS,
            )
    shared = case_create(by=hospital_admin, campaign=campaigns[2023], person=chen)
    later = case_create(by=hospital_admin, campaign=campaigns[2024], person=chen)
    codes_2023 = {f["code"] for f in compute_table(shared)["findings"]}
    codes_2024 = {f["code"] for f in compute_table(later)["findings"]}
    assert "AUD_REMOTE_SHARE" not in codes_2023
    assert "AUD_REMOTE_SHARE" in codes_2024


def test_early_promotion_is_audited_on_four_years(
    campaign, credit_years, chen, chen_actors, hospital_admin
):
    full_window(chen, WINDOW, chen_actors, skip=(2018,))
    normal = case_create(by=hospital_admin, campaign=campaign, person=chen)
    assert compute_table(normal)["window"] == WINDOW
    assert compute_table(normal)["ok"] is False
    normal.delete()
    early = case_create(by=hospital_admin, campaign=campaign, person=chen, early_promotion=True)
    table = compute_table(early)
    assert table["window"] == [2019, 2020, 2021, 2022]
    assert table["ok"] is True


def test_the_audit_years_first_half_is_listed_apart(
    campaign, credit_years, chen, chen_actors, hospital_admin
):
    full_window(chen, WINDOW, chen_actors)
    build_record(
        chen,
        {"year": 2023, "type": "院内活动", "class": "II", "credits": 6, "date": "2023-03-15"},
        99,
        chen_actors,
    )
    case = case_create(by=hospital_admin, campaign=campaign, person=chen, include_audit_year=True)
    extra = layout(compute_table(case)).lines[-1]
    assert (extra.year, extra.months, extra.total, extra.extra) == (2023, "1月起至6月止", 6.0, True)


def test_a_candidate_audited_last_year_starts_a_new_case_with_all_material_again(
    credit_years, chen, chen_actors, hospital_admin, wenzhou_office, wenzhou_office_unit
):
    [paper] = build_record(
        chen, {"year": 2020, "type": "论文", "class": "II", "credits": 5}, 1, chen_actors
    )
    full_window(chen, [2017, 2018, 2019, 2020, 2021, 2022], chen_actors)
    with at("2022-08-20"):
        last = campaign_open(
            by=wenzhou_office,
            office=wenzhou_office_unit,
            year=2022,
            title="",
            policy_id="wenzhou-2023",
            slots=[SlotSpec(dt.date(2022, 9, 5), dt.date(2022, 9, 9), "全天", city_direct=True)],
        )
    old = case_create(by=hospital_admin, campaign=last, person=chen)
    for item in ("cover", "contents", "text"):
        evidence_mark_paper(by=hospital_admin, case=old, entry=paper, item=item)
    case_submit(by=hospital_admin, case=old, opinion="同意上报")
    case_approve(by=wenzhou_office, case=old, opinion="合格")
    with at("2023-08-21"):
        this = campaign_open(
            by=wenzhou_office,
            office=wenzhou_office_unit,
            year=2023,
            title="",
            policy_id="wenzhou-2023",
            slots=NOTICE_SLOTS,
        )
    new = case_create(by=hospital_admin, campaign=this, person=chen)
    assert new.pk != old.pk and new.status == "draft"
    assert not EvidenceMark.objects.filter(case=new).exists()
    table = compute_table(new)
    assert [f["code"] for f in table["findings"]] == ["AUD_EVIDENCE_MISSING"]
    created = AuditEntry.objects.filter(action="audits.case_created").latest("id")
    assert created.data["earlier_case"] == old.pk
