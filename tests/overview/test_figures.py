"""Each figure of the overview counted by hand on the small world of conftest.py, and each
count equal to the length of the list it opens."""

import io
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jijiao.credits.domain.summaries import summaries_fill
from jijiao.orgs.models import Unit
from jijiao.overview.queries import compliance as compliance_queries
from jijiao.overview.queries.compliance import StandingPages, remote_share, standings, tally

OVERVIEW = reverse("overview:home")


def get(client, account, **params):
    client.force_login(account)
    page = client.get(OVERVIEW, params)
    assert page.status_code == 200
    return page


def counts(row) -> list[int]:
    return [n for n, _url in row.counts]


def test_compliance_by_division_and_by_hand(client, world, wenzhou_office):
    page = get(client, wenzhou_office, year=2023)
    c = page.context["compliance"]
    # 达标 / 不计达标 / 未达标 / 未判定: two of seven have 25 credits.
    assert (c["total"].people, counts(c["total"]), c["total"].rate) == (
        7,
        [2, 0, 5, 0],
        Decimal("28.6"),
    )
    assert page.context["scope"].grouping == "division"
    assert [(g.label, g.people, counts(g)) for g in c["groups"]] == [
        ("鹿城区", 6, [2, 0, 4, 0]),
        ("瑞安市", 1, [0, 0, 1, 0]),
    ]
    short = {label: n for label, n, _url in c["short"]}
    assert short["总学分"] == 5
    trend = {row.label: row.people for row in c["trend"]}
    assert trend["2023 年"] == 7
    # 2022 has no credit year: everyone undetermined, no rate.
    earlier = c["trend"][3]
    assert (earlier.label, counts(earlier), earlier.rate) == ("2022 年", [0, 0, 0, 7], None)
    text = page.content.decode()
    assert "<svg" in text and "鹿城区 达标：2 人" in text


def test_the_trend_counts_stored_summaries_and_a_year_not_yet_summarised_says_so(
    client, world, wenzhou_office, monkeypatch
):
    # 2023's summaries stored (as the nightly fill leaves them), 2022's not: with the page's
    # live limit below seven people, 2022 counts everyone undetermined and the page says so.
    summaries_fill(year=2023)
    monkeypatch.setattr(compliance_queries, "LIVE_LIMIT", 3)
    page = get(client, wenzhou_office, year=2023)
    c = page.context["compliance"]
    trend = {row.label: (row.people, counts(row)) for row in c["trend"]}
    assert trend["2023 年"] == (7, [2, 0, 5, 0])
    assert trend["2022 年"] == (7, [0, 0, 0, 7])
    assert c["unsummarised"] == 0
    earlier = get(client, wenzhou_office, year=2022)
    assert earlier.context["compliance"]["unsummarised"] == 7
    assert "另有 7 人本年度的达标汇总尚未生成，暂计为“未判定”" in earlier.content.decode()
    people = client.get("/overview/list/people/?year=2022&status=undetermined")
    assert people.context["total"] == 7
    # Seen from 2024, 2023 is a trend year counted from its stored summaries in the database.
    later = get(client, wenzhou_office, year=2024).context["compliance"]
    assert {row.label: counts(row) for row in later["trend"]}["2023 年"] == [2, 0, 5, 0]


def test_projects_and_quality_by_hand(client, world, wenzhou_office):
    page = get(client, wenzhou_office, year=2023)
    p = page.context["projects"]
    # approved, filed, held, reported, accepted
    assert [n for n, _url in p["total"].stages] == [3, 2, 1, 1, 1]
    levels = {row["label"]: [n for n, _u in row["stages"]] for row in p["levels"]}
    assert levels["国家级"] == [1, 1, 1, 1, 1]
    assert levels["市级"] == [2, 1, 0, 0, 0]
    assert p["total"].rate == Decimal("33.3")
    assert dict(p["months"])[5] == 1 and dict(p["months"])[6] == 1
    total = p["total"]
    # 4 registered for A (C has none): 2 from another unit, 1 from another province.
    assert (total.sessions, total.trainees, total.per_session) == (2, 4, 2.0)
    assert (total.outside_unit, total.outside_province) == (Decimal("50.0"), Decimal("25.0"))
    assert (total.score, total.scored) == (Decimal("92.0"), 1)
    assert p["satisfaction"]["answers"] == 3
    assert p["satisfaction"]["shares"]["q4"] == Decimal("66.7")
    assert p["satisfaction"]["shares"]["q6"] == Decimal("0.0")
    assert (total.inspections, total.violations, total.sanctions) == (1, 1, 1)
    items = {code: value for code, _name, value in p["items"]}
    assert items["1.1.1"] == Decimal("5.0")


def _pairs(value):
    """Every (count, list address) pair anywhere in a section."""
    if isinstance(value, tuple) and len(value) in (2, 3):
        n, url = value[-2], value[-1]
        if isinstance(n, int) and isinstance(url, str) and "/overview/list/" in url:
            yield n, url
            return
    if isinstance(value, dict):
        for item in value.values():
            yield from _pairs(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _pairs(item)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from _pairs(getattr(value, name))


@pytest.mark.parametrize("scope", [{}, {"division": "330302"}, {"unit": "city"}])
@pytest.mark.parametrize("summarised", [False, True], ids=["computed", "stored"])
def test_every_count_equals_the_list_it_opens(
    client, world, wenzhou_office, city_hospital, scope, summarised
):
    # Stored: everyone has a summary, so the people lists are filtered and paged in the database.
    if summarised:
        summaries_fill(year=2023)
    if scope.get("unit") == "city":
        scope = {"unit": city_hospital.pk}
    page = get(client, wenzhou_office, year=2023, **scope)
    pairs = set()
    for section in ("compliance", "projects", "credits"):
        pairs |= set(_pairs(page.context[section]))
    assert len(pairs) > 40
    nonzero = 0
    for n, url in sorted(pairs):
        listing = client.get(url)
        assert listing.status_code == 200, url
        assert listing.context["total"] == n, url
        if summarised and "/people/" in url and "year=2023" in url:  # trend years: computed
            assert isinstance(listing.context["page"].paginator.object_list, StandingPages)
        nonzero += bool(n)
        assert f'<strong class="list-count">{n}</strong>' in listing.content.decode()
    assert nonzero >= 10


def test_drill_down_division_unit_department_person(
    client, world, wenzhou_office, city_hospital, cardiology, staff
):
    page = get(client, wenzhou_office, year=2023)
    division = page.context["compliance"]["groups"][0]
    assert division.label == "鹿城区"
    page = client.get(division.url)
    assert page.context["scope"].grouping == "unit"
    units = {g.label: g for g in page.context["compliance"]["groups"]}
    assert set(units) == {"温州市第一人民医院", "鹿城区人民医院"}
    page = client.get(units["温州市第一人民医院"].url)
    assert page.context["scope"].grouping == "department"
    departments = {g.label: g for g in page.context["compliance"]["groups"]}
    assert counts(departments["心血管内科"]) == [2, 0, 3, 0]
    short_url = departments["心血管内科"].counts[2][1]
    listing = client.get(short_url)
    names = [s.name for s in listing.context["rows"]]
    assert sorted(names) == sorted(p.name for p in staff[2:])
    # each person opens their transcript of the year
    assert reverse("credits:person", args=[staff[2].pk]) in listing.content.decode()


def test_a_county_office_sees_only_its_area(
    client, world, lucheng_office, city_hospital, lucheng_hospital, ruian_hospital
):
    page = get(client, lucheng_office, year=2023)
    scope = page.context["scope"]
    assert [u.name for u in scope.units] == ["鹿城区人民医院"]
    assert page.context["compliance"]["total"].people == 1
    assert [n for n, _u in page.context["projects"]["total"].stages] == [1, 1, 0, 0, 0]
    assert client.get(OVERVIEW, {"year": 2023, "unit": city_hospital.pk}).status_code == 404
    assert client.get(OVERVIEW, {"year": 2023, "division": "330381"}).status_code == 404
    listing = client.get(reverse("overview:list", args=["people"]), {"year": 2023})
    assert [s.unit_name for s in listing.context["rows"]] == ["鹿城区人民医院"]


def test_a_unit_admin_sees_own_unit_by_department_and_a_trainee_nothing(
    client, world, hospital_admin, lucheng_hospital, zhao_account
):
    page = get(client, hospital_admin, year=2023)
    assert page.context["scope"].grouping == "department"
    assert page.context["compliance"]["total"].people == 5
    assert client.get(OVERVIEW, {"year": 2023, "unit": lucheng_hospital.pk}).status_code == 404
    client.force_login(zhao_account)
    assert client.get(OVERVIEW).status_code == 403


def test_the_excel_holds_the_page_figures(client, world, wenzhou_office):
    page = get(client, wenzhou_office, year=2023)
    export = client.get(reverse("overview:export"), {"year": 2023})
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(export.content))
    rows = list(book["学分达标"].iter_rows(min_row=2, values_only=True))
    c = page.context["compliance"]
    expected = [[g.label, g.people, *counts(g)] for g in [*c["groups"], c["total"]]]
    assert [list(r[:6]) for r in rows] == expected
    projects = list(book["项目执行"].iter_rows(min_row=2, values_only=True))
    p = page.context["projects"]
    assert list(projects[-1][:6]) == ["合计", *[n for n, _u in p["total"].stages]]
    short = list(book["未达标人员"].iter_rows(min_row=2, values_only=True))
    assert len(short) == 5 and all(r[8] for r in short)


def test_the_old_compliance_rates_address_leads_to_the_overview(client, world, wenzhou_office):
    client.force_login(wenzhou_office)
    response = client.get(reverse("credits:compliance_rates"), {"year": 2023})
    assert response.status_code == 302
    assert response["Location"] == f"{OVERVIEW}?year=2023#compliance"


def test_the_office_menu_and_the_unit_menu_lead_here(client, world, wenzhou_office, zhao_account):
    client.force_login(wenzhou_office)
    home = client.get("/").content.decode()
    assert re.search(rf'href="{OVERVIEW}"[^>]*>统计概览<', home)
    client.force_login(zhao_account)
    assert "统计概览" not in client.get("/").content.decode()


@pytest.mark.parametrize("stored", [False, True])
def test_the_tally_counts_what_the_standings_list(world, wenzhou_office, stored):
    if stored:
        summaries_fill(year=2023)
    units = list(Unit.objects.filter(kind=Unit.Kind.HOSPITAL))
    rows = standings(2023, units)
    counted = tally(2023, units)
    by_status = Counter()
    for cell in counted.cells:
        by_status[cell.status] += cell.n
    assert by_status == Counter(s.status for s in rows)
    assert counted.short == Counter(code for s in rows for code in set(s.short))
    assert counted.remote_share == remote_share(rows)
    assert counted.class1 == sum((s.class1 for s in rows), Decimal(0))
