"""Every ``promotion-audit`` example of ``shared/examples/precheck`` through the workflow: the
ledger rows are made by the credits domain functions (tests/audits/ledger.py says which), the
case by the audit's, and the case's table and findings equal the example's ``expect`` and the
precheck's own answer on the example's document."""

import json

import pytest

from jijiao.audits.domain.campaigns import campaign_open
from jijiao.audits.domain.cases import case_create
from jijiao.audits.table import compute_table
from jijiao.engine.precheck import run_precheck
from jijiao.orgs.models import Role
from tests.audits.conftest import NOTICE_SLOTS
from tests.audits.ledger import Actors, build_ledger, tick_evidence
from tests.conftest import SHARED_DIR
from tests.credits.conftest import at
from tests.factories import AccountFactory, PersonFactory, UnitFactory, grant

EXAMPLES = [
    path
    for path in sorted((SHARED_DIR / "examples" / "precheck").glob("*.json"))
    if json.loads(path.read_text(encoding="utf-8"))["kind"] == "promotion-audit"
]

pytestmark = pytest.mark.django_db


def test_there_are_promotion_audit_examples():
    assert EXAMPLES, f"no promotion-audit example under {SHARED_DIR} (set JIJIAO_SHARED_DIR)"


def _world(example, wenzhou_office, wenzhou_office_unit, lucheng_office_unit, lucheng_office):
    """A unit like the example's person's: its level, and under a county office when the
    document says the person is county-level staff."""
    person_facts = example["input"].get("person") or {}
    county = bool(person_facts.get("county_level"))
    unit = UnitFactory(
        name="示例医院",
        supervisor=lucheng_office_unit if county else wenzhou_office_unit,
        grade=person_facts.get("unit_level") or "",
    )
    admin = grant(AccountFactory(username="example_admin"), Role.UNIT_ADMIN, unit)
    actors = Actors(
        unit=unit,
        unit_admin=admin,
        city_admin=wenzhou_office,
        county_admin=lucheng_office if county else None,
    )
    return unit, actors


def _codes(findings):
    return {f["code"]: f["severity"] for f in findings}


def _same_findings(mine, theirs):
    """Equal code, severity and subject; a record's subject is compared as "a record" (one
    record of the example may be several ledger rows)."""

    def key(finding):
        subject = finding["subject"]
        return (finding["code"], finding["severity"], "record" if "[" in subject else subject)

    return sorted(set(map(key, mine))) == sorted(set(map(key, theirs)))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_gives_the_same_table_and_findings_through_the_workflow(
    path,
    credit_years,
    wenzhou_office,
    wenzhou_office_unit,
    lucheng_office_unit,
    lucheng_office,
):
    example = json.loads(path.read_text(encoding="utf-8"))
    document = example["input"]
    unit, actors = _world(
        example, wenzhou_office, wenzhou_office_unit, lucheng_office_unit, lucheng_office
    )
    person = PersonFactory(name="示例人员", unit=unit)
    built = build_ledger(person, document, actors)
    year = document["audit_year"]
    with at(f"{year}-09-06"):
        campaign = campaign_open(
            by=wenzhou_office,
            office=wenzhou_office_unit,
            year=year,
            title=f"{year} 年学分审核",
            policy_id=example["policy"],
            slots=NOTICE_SLOTS,
        )
        case = case_create(
            by=actors.unit_admin,
            campaign=campaign,
            person=person,
            early_promotion=bool(document.get("early_promotion")),
            include_audit_year=bool(document.get("include_audit_year")),
        )
        tick_evidence(case, document, built, actors.unit_admin)
        table = compute_table(case)

    expect = example["expect"]
    assert table["ok"] == expect["ok"]
    assert _codes(table["findings"]) == expect["findings"]
    for key, value in expect.get("result", {}).items():
        assert table["result"][key] == value, key

    direct = run_precheck(example["kind"], example["policy"], document)
    assert table["result"]["years"] == direct["result"]["years"]
    assert table["result"]["totals"] == direct["result"]["totals"]
    assert table["result"]["remote_class1_share"] == direct["result"]["remote_class1_share"]
    assert _same_findings(table["findings"], direct["findings"])
    assert table["policy"] == example["policy"]
