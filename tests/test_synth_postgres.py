"""``jijiao manage synth`` at 1,000 people (issue 16): a consistent province — valid encrypted ID
numbers, units under their offices, rows that belong to their person, unit, year and session —
whose compliance summaries equal the annual rule on a sample; a second run reuses it."""

import random
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F

from jijiao.common import idnumbers
from jijiao.credits.models import AnnualFacts, ComplianceSummary, CreditYear, LedgerEntry
from jijiao.credits.transcript import person_year
from jijiao.hosting.models import Session
from jijiao.orgs.models import Department, Employment, Person, Unit

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (COPY)"),
    pytest.mark.django_db,
]

YEARS = [2023, 2024]


def test_synth_makes_a_consistent_province_and_reuses_it(capsys):
    """One generation (about 20 s) checked three ways, then run again."""
    call_command("synth", people=1000, units=24, years=2, until=2024)
    assert "生成完毕：1,000 人" in capsys.readouterr().out
    _people_and_units()
    _ledger_rows()
    _summaries_equal_the_rule()
    rows = LedgerEntry.objects.count()
    call_command("synth", people=1000, units=24, years=2, until=2024, no_summaries=True)
    assert "沿用已生成的省份" in capsys.readouterr().out
    assert LedgerEntry.objects.count() == rows
    with pytest.raises(CommandError, match="已有其他数据"):
        call_command("synth", people=2000, units=24, years=2, until=2024)


def _people_and_units():
    people = list(Person.objects.select_related("unit__supervisor", "department"))
    assert len(people) == 1000
    for person in people:
        number = person.reveal_id_number()
        facts = idnumbers.parse(number)  # a valid number: length, birth date, check digit
        assert person.id_hash == idnumbers.lookup_hash(number)
        assert person.id_masked == idnumbers.mask(number)
        assert (person.birth_date, person.sex) == (facts.birth_date, facts.sex)
        assert person.unit.is_medical and person.department.unit_id == person.unit_id
        assert person.title_level and person.title_series
        assert person.unit.supervisor.is_office
    assert len({p.id_hash for p in people}) == 1000
    assert Employment.objects.filter(ended_on=None).count() == 1000
    assert not Employment.objects.exclude(unit_id=F("person__unit_id")).exists()
    # Units of every grade and category, under county and city offices, in eleven cities.
    medical = Unit.objects.exclude(kind__in=[Unit.Kind.OFFICE, Unit.Kind.REMOTE_PROVIDER])
    assert medical.count() == 24
    assert {"三级", "二级", "一级"} <= set(medical.values_list("grade", flat=True))
    assert len(set(medical.values_list("category", flat=True))) == 4
    assert {"county", "city"} == set(medical.values_list("supervisor__office_level", flat=True))
    assert Unit.objects.filter(office_level="city").count() == 11
    assert Department.objects.filter(unit__in=medical).count() == 24 * 6
    assert CreditYear.objects.filter(year__in=YEARS).count() == 22


def _ledger_rows():
    """Each row belongs to its person, unit, year and session; the mix of a real year."""
    rows = LedgerEntry.objects.all()
    total = rows.count()
    assert 8_000 < total < 14_000  # about five rows a person and year
    assert set(rows.values_list("year", flat=True)) == set(YEARS)
    assert not rows.exclude(unit_id=F("person__unit_id")).exists()
    for entry in rows.filter(
        pk__in=random.Random(1).sample(list(rows.values_list("pk", flat=True)), 300)
    ):
        assert entry.activity_date.year == entry.year
        assert entry.credits > 0
        if entry.source_type == "session":
            session = Session.objects.select_related("project").get(
                pk=int(re.search(r"#(\d+)$", entry.source_id)[1])
            )
            assert session.project.year == entry.year
            assert session.project.number == entry.project_number
            expected = (
                ("II", "city") if session.project.level == "city" else ("I", session.project.level)
            )
            assert (entry.credit_class, entry.credit_level) == expected
        if entry.source == "remote":
            assert entry.remote and entry.credit_class == "I"
        if entry.status == "pending_unit":
            assert entry.current_office_id == entry.unit_id
            assert entry.chain[0] == {"stage": "unit", "office": entry.unit_id, "name": ""}
    mix = dict(rows.values_list("source").annotate(n=Count("pk")).order_by())
    assert set(mix) == {"project", "in_unit", "remote", "personal"}
    statuses = set(rows.values_list("status", flat=True))
    assert {"approved", "pending_unit", "returned", "rejected"} <= statuses
    assert rows.filter(valid=False).exists()
    assert AnnualFacts.objects.exclude(exemption="").count() == 2 * 15


def _summaries_equal_the_rule():
    assert ComplianceSummary.objects.count() == 2000
    statuses = set()
    for person in Person.objects.order_by("?")[:60]:
        for year in YEARS:
            summary = ComplianceSummary.objects.get(person=person, year=year)
            transcript = person_year(person, year)
            statuses.add(transcript.status)
            assert summary.status == transcript.status
            assert summary.total == Decimal(transcript.total).quantize(Decimal("0.1"))
            assert summary.failures == transcript.failures
    assert {"compliant", "noncompliant"} <= statuses
