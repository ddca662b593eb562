"""The overview's project, quality and credit figures read from kept summaries (issue 27): each
counted by hand on the small world of conftest.py, the same whether the page adds up the kept
rows or counts the records live, and kept current by the events that change them and by the
nightly fill."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from jijiao.attendance.models import Registration
from jijiao.common import clock
from jijiao.credits.domain.entries import credits_enter_in_unit
from jijiao.hosting.models import Inspection
from jijiao.orgs.models import Unit
from jijiao.overview import kept
from jijiao.overview.models import ComplianceTotals, CreditSummary, ProjectSummary
from tests.credits.conftest import at
from tests.credits.helpers import approved_in_unit
from tests.factories import PersonFactory, UnitFactory

OVERVIEW = reverse("overview:home")


def commit():
    """Run what the test's transaction holds for after commit (the refresh the events asked
    for), as a commit would."""
    while connection.run_on_commit:  # a refresh may ask for another (the counted standings)
        callbacks = list(connection.run_on_commit)
        connection.run_on_commit.clear()
        for _savepoints, callback, _robust in callbacks:
            callback()


def page(client, account, **params):
    client.force_login(account)
    response = client.get(OVERVIEW, {"year": 2023, **params})
    assert response.status_code == 200
    return response.context


def numbers(value):
    """A section's figures without the addresses (which hold no figure)."""
    if isinstance(value, dict):
        return {k: numbers(v) for k, v in value.items() if not k.startswith("chart_")}
    if isinstance(value, list | tuple):
        return [numbers(v) for v in value if not (isinstance(v, str) and v.startswith("/"))]
    if hasattr(value, "__dataclass_fields__"):
        return {k: numbers(getattr(value, k)) for k in value.__dataclass_fields__}
    return value


def credits_by_hand(c):
    paths = {p["label"]: ([n for n, _u in p["counts"]], p["credits"]) for p in c["paths"]}
    pending = {p["label"]: [n for n, _u in p["ages"]] for p in c["pending"]}
    return paths, [(label, n) for label, n, _u in c["levels"]], pending


@pytest.fixture
def waiting(world, hospital_admin, city_hospital, staff):
    """An in-unit activity of 2023-06-02 for two more staff, entered and not yet approved."""
    with at("2023-06-02"):
        return credits_enter_in_unit(
            by=hospital_admin,
            unit=city_hospital,
            activity_type="全院业务学习",
            title="科内病例讨论",
            activity_date=dt.date(2023, 6, 2),
            hours=None,
            credits=Decimal("2"),
            attendees=staff[2:4],
        )


def test_the_events_of_the_world_left_its_summaries_kept(world, waiting, city_hospital):
    commit()
    # Every event of conftest.py (project published, session filed, report, registrations,
    # score, answers, inspection, ledger rows) refreshed its unit's year after commit.
    assert ProjectSummary.objects.filter(year=2023, unit=city_hospital).exists()
    assert CreditSummary.objects.filter(year=2023, unit=city_hospital).exists()
    units = list(Unit.objects.exclude(kind=Unit.Kind.OFFICE).values_list("pk", flat=True))
    for kind in (kept.PROJECTS, kept.CREDITS):
        stored = kept._read(kind, 2023, units, None)
        live = kept.LIVE[kind](2023, units)
        totals = {}
        for (unit, _department), tally in live.items():
            totals.setdefault(unit, kept.TALLIES[kind]()).add(tally)
        assert {
            u: t.as_json()
            for (u, _d), t in stored.items()
            if t.as_json() != kept.TALLIES[kind]().as_json()
        } == {u: t.as_json() for u, t in totals.items()}


@pytest.mark.parametrize("summaries", ["kept", "live", "filled"])
def test_project_quality_and_credit_figures_by_hand(
    client, world, waiting, wenzhou_office, summaries
):
    commit()
    if summaries != "kept":
        for model in (ProjectSummary, CreditSummary, ComplianceTotals):
            model.objects.all().delete()
    if summaries == "filled":
        assert kept.summaries_fill(years=[2023]) > 0
        assert (
            ProjectSummary.objects.filter(year=2023).count()
            == Unit.objects.exclude(kind=Unit.Kind.OFFICE).count()
        )
    with at("2023-06-05"):
        context = page(client, wenzhou_office)
    p = context["projects"]
    total = p["total"]
    assert [n for n, _u in total.stages] == [3, 2, 1, 1, 1]
    assert [n for n, _u in total.reached] == [1, 0, 0, 1, 1]  # accepted, …, approved only
    assert {row["label"]: [n for n, _u in row["stages"]] for row in p["levels"]}["市级"] == [
        2, 1, 0, 0, 0,
    ]  # fmt: skip
    assert (total.sessions, total.trainees, total.per_session) == (2, 4, 2.0)
    assert (total.outside_unit, total.outside_province) == (Decimal("50.0"), Decimal("25.0"))
    assert (total.score, total.scored, total.answers, total.satisfied) == (
        Decimal("92.0"), 1, 3, Decimal("55.6"),
    )  # fmt: skip  # (66.7 + 100.0 + 0.0) / 3
    assert (total.inspections, total.violations, total.sanctions) == (1, 1, 1)
    groups = {g.label: g for g in p["groups"]}
    assert [n for n, _u in groups["鹿城区"].stages] == [3, 2, 1, 1, 1]
    assert [n for n, _u in groups["瑞安市"].stages] == [0, 0, 0, 0, 0]
    assert groups["鹿城区"].sanctions == 1
    assert dict(p["months"]) == {m: (1 if m in (5, 6) else 0) for m in range(1, 13)}
    assert [n for _l, n, _u in p["band_rows"]] == [1, 1, 0, 0]  # C: nobody; A: 4
    assert [n for _l, n, _u in p["score_rows"]] == [1, 0, 0, 0]
    assert {code: v for code, _n, v in p["items"]}["1.1.1"] == Decimal("5.0")
    assert [n for _l, n, _u in p["sanction_kinds"] if n] == [1]
    # Credits: two staff with 25 in-unit (class II) credits approved; two with 2 waiting at
    # the unit, entered three days before the page is read.
    paths, levels, pending = credits_by_hand(context["credits"])
    assert paths["院内活动"] == ([0, 2], Decimal("50.0"))
    assert sum(n for counts, _c in paths.values() for n in counts) == 2
    assert sum(n for _l, n in levels) == 2
    assert pending["待单位审核"] == [2, 0, 0]
    assert sum(sum(v) for v in pending.values()) == 2
    with at("2023-07-10"):  # 38 days later: waiting 30 天以上
        later = page(client, wenzhou_office)["credits"]
    assert credits_by_hand(later)[2]["待单位审核"] == [0, 0, 2]


@pytest.mark.parametrize("scope", [{}, {"division": "330302"}, {"unit": "city"}, {"dept": 1}])
def test_kept_and_live_give_the_same_page(
    client, world, waiting, wenzhou_office, city_hospital, cardiology, scope
):
    if scope.get("unit") == "city":
        scope = {"unit": city_hospital.pk}
    if scope.get("dept"):
        scope = {"unit": city_hospital.pk, "department": cardiology.pk}
    commit()
    with at("2023-06-05"):
        stored = page(client, wenzhou_office, **scope)
        assert ComplianceTotals.objects.filter(year=2023).exists()
        for model in (ProjectSummary, CreditSummary, ComplianceTotals):
            model.objects.all().delete()
        live = page(client, wenzhou_office, **scope)
    for section in ("compliance", "projects", "credits"):
        assert numbers(stored[section]) == numbers(live[section]), section


def test_events_after_the_world_refresh_the_figures(
    client, world, wenzhou_office, hospital_admin, city_hospital, lucheng_hospital, staff
):
    commit()
    before = page(client, wenzhou_office)["projects"]["total"]
    assert (before.trainees, before.inspections) == (4, 1)
    Registration.objects.create(
        session=world["held"],
        person=staff[4],
        registered_at=clock.now(),
        registered_by=hospital_admin,
    )
    commit()
    Inspection.objects.filter(session=world["held"]).update(violation=False)  # no signal
    after = page(client, wenzhou_office)["projects"]["total"]
    assert (after.trainees, after.violations) == (5, 1)  # the update waits for the nightly pass
    kept.summaries_fill(years=[2023])
    assert page(client, wenzhou_office)["projects"]["total"].violations == 0
    # A person moving to another unit takes their credits with them, from both units' summaries.
    credits = page(client, wenzhou_office, unit=city_hospital.pk)["credits"]
    assert credits_by_hand(credits)[0]["院内活动"] == ([0, 2], Decimal("50.0"))
    staff[0].unit = lucheng_hospital
    staff[0].department = None
    staff[0].save()
    commit()
    credits = page(client, wenzhou_office, unit=city_hospital.pk)["credits"]
    assert credits_by_hand(credits)[0]["院内活动"] == ([0, 1], Decimal("25.0"))
    credits = page(client, wenzhou_office, unit=lucheng_hospital.pk)["credits"]
    assert credits_by_hand(credits)[0]["院内活动"] == ([0, 1], Decimal("25.0"))
    assert CreditSummary.objects.get(year=2023, unit=lucheng_hospital).figures["approved"]


def test_a_credit_approved_moves_the_compliance_counts(
    client, world, wenzhou_office, hospital_admin, city_hospital, staff
):
    commit()
    totals = page(client, wenzhou_office)["compliance"]["total"]
    assert [n for n, _u in totals.counts] == [2, 0, 5, 0]
    approved_in_unit(
        hospital_admin, wenzhou_office, city_hospital, [staff[2]], day="2023-06-03",
        credits="25", title="补录院内学习",
    )  # fmt: skip
    commit()
    stored = ComplianceTotals.objects.get(year=2023, unit=city_hospital).figures
    assert stored["cells"] and not stored["missing"]
    totals = page(client, wenzhou_office)["compliance"]["total"]
    assert [n for n, _u in totals.counts] == [3, 0, 4, 0]


def test_a_new_unit_without_summaries_is_counted_live(
    client, world, wenzhou_office, lucheng_office_unit
):
    newcomer = UnitFactory(name="鹿城区新建卫生院", supervisor=lucheng_office_unit)
    PersonFactory(name="新人", unit=newcomer)
    ProjectSummary.objects.filter(unit=newcomer).delete()
    context = page(client, wenzhou_office)
    assert context["compliance"]["total"].people == 8
    assert [n for n, _u in context["projects"]["total"].stages] == [3, 2, 1, 1, 1]


def test_a_recompute_job_recounts_the_units(
    world, wenzhou_office, wenzhou_office_unit, city_hospital, ruian_hospital
):
    from jijiao.credits.domain.summaries import summaries_recompute_submit

    commit()
    ComplianceTotals.objects.all().delete()
    summaries_recompute_submit(by=wenzhou_office, organisation=wenzhou_office_unit, year=2023)
    commit()
    counted = {t.unit_id: t.figures["cells"] for t in ComplianceTotals.objects.filter(year=2023)}
    assert sum(counted[city_hospital.pk].values()) == 5 and counted[ruian_hospital.pk]
    assert not ComplianceTotals.objects.get(year=2023, unit=city_hospital).figures["missing"]
