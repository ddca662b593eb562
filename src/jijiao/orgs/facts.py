"""The facts of a unit and a person that a pack's ``cases`` select on (schema ``FACTS``), in the
shape the precheck documents carry them."""

from typing import Any

from jijiao.orgs.models import Person, Unit


def unit_facts(unit: Unit | None, *, county_level: bool | None = None) -> dict[str, Any]:
    """``category``, ``level`` (the grade), ``division`` (GB/T 2260 code) and ``county_level`` of
    an application's or filing's ``unit``; unset facts are left out."""
    if unit is None:
        return {}
    facts: dict[str, Any] = {
        "category": unit.category or None,
        "level": unit.grade or None,
        "division": unit.division_id if str(unit.division_id or "").isdigit() else None,
        "county_level": county_level,
    }
    return {key: value for key, value in facts.items() if value is not None}


def person_facts(person: Person | None, *, county_level: bool | None = None) -> dict[str, Any]:
    """A person document's facts: title, title series, job type (岗位类别) and the unit's
    (``unit_category`` …). A stand-in that carries no ``job_type`` gives none."""
    if person is None:
        return {}
    unit = unit_facts(person.unit, county_level=county_level)
    facts: dict[str, Any] = {
        "title": person.title_level or None,
        "title_series": person.title_series or None,
        "job_type": getattr(person, "job_type", "") or None,
        "unit_category": unit.get("category"),
        "unit_level": unit.get("level"),
        "division": unit.get("division"),
        "county_level": unit.get("county_level"),
    }
    return {key: value for key, value in facts.items() if value is not None}
