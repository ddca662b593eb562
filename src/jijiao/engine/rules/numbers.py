"""Exact arithmetic and the rounding conventions of rules.md.

Credits and shares are :class:`fractions.Fraction` throughout, so 2 of 3 teachers is exactly 2/3;
only the printed result is rounded: credits down to 0.1, scores and means half up to 2 decimals,
shares to 4 decimals.
"""

import math
from fractions import Fraction
from numbers import Rational


def as_fraction(value: int | float | str | Fraction) -> Fraction:
    """An exact fraction from a JSON or TOML number, or a ``"2/3"`` string.

    Floats go through their shortest decimal repr, so 0.8 is 4/5 and not 0.8000000000000000444.
    """
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def exact_sum(values) -> Fraction:
    """The exact sum of fractions (or ints), as ``sum(values, Fraction(0))`` — with one
    normalisation at the end instead of one per addition: ledger credits share the
    denominator 10, so summing a person's records stays in integers."""
    numerator, denominator = 0, 1
    for value in values:
        d = value.denominator
        if d == denominator:
            numerator += value.numerator
        else:
            numerator = numerator * d + value.numerator * denominator
            denominator *= d
    return Fraction(numerator, denominator)


def floor_to(value: Fraction, places: int) -> Fraction:
    """Round toward minus infinity to ``places`` decimals (credits: ``floor_to(x, 1)``)."""
    scale = 10**places
    return Fraction(math.floor(value * scale), scale)


def half_up(value: Rational, places: int) -> Fraction:
    """Round half away from zero to ``places`` decimals (2.345 → 2.35, −2.345 → −2.35)."""
    value = Fraction(value)
    scale = 10**places
    magnitude = Fraction(math.floor(abs(value) * scale + Fraction(1, 2)), scale)
    return magnitude if value >= 0 else -magnitude


def credits_down(value: Fraction) -> Fraction:
    """Computed credits round down to 0.1 (rules.md "Rounding")."""
    return floor_to(value, 1)


def json_number(value: Rational, places: int) -> float:
    """A JSON number printed with ``places`` decimals, rounded half up (26 → 26.0)."""
    return float(half_up(value, places))


def json_credits(value: Rational) -> float:
    """Sums of credits are exact and printed with one decimal."""
    return json_number(value, 1)


def json_score(value: Rational) -> float:
    """Scores and means: half up to 2 decimals."""
    return json_number(value, 2)


def json_share(value: Rational | None) -> float | None:
    """Shares in results: 4 decimals; ``None`` stays ``None``."""
    return None if value is None else json_number(value, 4)


def json_int_or_float(value: Rational, places: int = 2) -> int | float:
    """An integral value as a JSON integer, anything else half up to ``places`` decimals."""
    value = Fraction(value)
    if value.denominator == 1:
        return int(value)
    return json_number(value, places)


def percent(value: Rational) -> str:
    """A share for a message: 1/5 → "20%", 2/3 → "66.67%"."""
    shown = half_up(Fraction(value) * 100, 2)
    text = f"{float(shown):.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def fraction_text(value: Rational) -> str:
    """A number for a message: 2.5 → "2.5", 4 → "4", 2/3 → "2/3"."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    scaled = value * 10**4
    if scaled.denominator == 1:
        return f"{float(value):g}"
    return f"{value.numerator}/{value.denominator}"


def ratio_text(value: Rational) -> str:
    """A share as the notices write it: 1/5 → "1/5", 1 → "1"."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"
