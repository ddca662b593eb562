"""Ledgers the audit tests share, made through the credits domain functions."""

from tests.audits.ledger import Actors, build_record


def actors_for(unit, unit_admin, city_admin, county_admin=None) -> Actors:
    return Actors(
        unit=unit, unit_admin=unit_admin, city_admin=city_admin, county_admin=county_admin
    )


def full_year(person, year: int, actors: Actors, *, national=10, class2=16, number=0):
    """A year that meets wenzhou-2023: 10 national class I and 16 class II, approved."""
    rows = []
    if national:
        record = {
            "year": year,
            "type": "项目",
            "class": "I",
            "level": "national",
            "credits": national,
        }
        rows += build_record(person, record, number + 1, actors)
    if class2:
        record = {
            "year": year,
            "type": "院内活动",
            "class": "II",
            "level": "unit",
            "credits": class2,
        }
        rows += build_record(person, record, number + 2, actors)
    return rows


def full_window(person, years, actors: Actors, *, skip=()):
    """Every year of ``years`` complete, except those in ``skip`` (no credits at all)."""
    rows = []
    for index, year in enumerate(years):
        if year not in skip:
            rows += full_year(person, year, actors, number=index * 10)
    return rows
