"""Synthetic but valid ID numbers, for the demo data and the tests (never real people)."""

import datetime as dt

from jijiao.common.idnumbers import check_digit


def synthetic_id_number(region: str, birth: dt.date, sequence: int, *, female: bool) -> str:
    """An 18-character number with a correct check digit; ``sequence`` 0–499 keeps them apart."""
    order = (sequence % 500) * 2 + (0 if female else 1)
    first17 = f"{region}{birth:%Y%m%d}{order:03d}"
    return first17 + check_digit(first17)
