"""What the city's own pack asks of the requests a unit makes of its licensing office before or
outside the project workflow — its account application (seed 003 第十四条), a password reset
(第十七条). The packs live above orgs (jijiao.policy): it serves the lookup here when the site
starts (``PolicyConfig.ready``); without it (or when the area's packs ask nothing) every table
is empty, so no other city's clause is ever cited."""

from collections.abc import Callable

# (division code, pack key) → the key's table of the nearest area's pack that has it, else {}.
Lookup = Callable[[str, str], dict]
_lookup: list[Lookup] = []


def serve(lookup: Lookup) -> None:
    _lookup[:] = [lookup]


def area_table(division_code: str | None, key: str) -> dict:
    """The table ``key`` of the packs written for the division's area (its county, else its
    city, else its province), or ``{}``."""
    if not _lookup or not division_code:
        return {}
    return _lookup[0](division_code, key)


def cited(table: dict) -> str:
    """``（clause）`` of a table, or nothing."""
    return f"（{table['cite']}）" if table.get("cite") else ""
