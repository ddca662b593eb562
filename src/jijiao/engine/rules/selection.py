"""The facts a pack's ``cases`` select on, read from the documents (schema ``FACTS``).

Each document carries them where it already describes the person, the unit or the project:
``unit.category`` … in an application's ``unit`` and a filing's ``unit``, ``person.unit_category``
… in the annual-compliance and promotion-audit ``person``, the PI's ``title_series`` and
``job_type`` in an application's ``pi``. An absent fact is left out, so no case holds on it.
"""

from collections.abc import Mapping
from typing import Annotated, Any

from jijiao.engine.rules.parse import Pattern

Division = Annotated[str, Pattern(r"\d{2}(\d{2}){0,2}", "行政区划代码（GB/T 2260，如 330302）")]


def _present(facts: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in facts.items() if value is not None}


def unit_facts(unit: Any) -> dict[str, Any]:
    """``unit.*`` from an object with ``category``, ``level``, ``division``, ``county_level``."""
    if unit is None:
        return {}
    return _present(
        {
            "unit.category": getattr(unit, "category", None),
            "unit.level": getattr(unit, "level", None),
            "unit.division": getattr(unit, "division", None),
            "unit.county_level": getattr(unit, "county_level", None),
        }
    )


def person_facts(person: Any) -> dict[str, Any]:
    """``person.*`` (title, title_series, job_type) and, for a person document that names its
    unit's facts itself (``unit_category``, ``unit_level``, ``division``, ``county_level``),
    ``unit.*``."""
    if person is None:
        return {}
    return _present(
        {
            "person.title": getattr(person, "title", None),
            "person.title_series": getattr(person, "title_series", None),
            "person.job_type": getattr(person, "job_type", None),
            "unit.category": getattr(person, "unit_category", None),
            "unit.level": getattr(person, "unit_level", None),
            "unit.division": getattr(person, "division", None),
            "unit.county_level": getattr(person, "county_level", None),
        }
    )


def project_facts(project: Any) -> dict[str, Any]:
    """``project.level`` and ``project.format``."""
    if project is None:
        return {}
    return _present(
        {
            "project.level": getattr(project, "level", None),
            "project.format": getattr(project, "format", None),
        }
    )
