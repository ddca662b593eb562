"""The inspection sample: at least the rate of the population, drawn reproducibly.

``random.Random(seed).sample`` over the population in a fixed order (session ids ascending):
the same seed and population always give the same sample, so the draw can be re-done and
checked by anyone (the seed is stored with the draw). Not for secrets — a fair lot.
"""

import math
import random
from decimal import Decimal
from fractions import Fraction


def sample_size(population: int, rate: Decimal) -> int:
    """⌈rate × population⌉ — "不少于 10%"; a non-empty population gives at least one."""
    if population <= 0:
        return 0
    return max(1, min(population, math.ceil(Decimal(population) * rate)))


def target_size(base: int, rate: Fraction) -> int:
    """⌈rate × base⌉: how many sessions a year's supervision must reach ("不低于公布数的 10%")."""
    return math.ceil(Fraction(base) * rate) if base > 0 else 0


def draw_sample(population: list[int], rate: Decimal, seed: str) -> list[int]:
    return draw_count(population, sample_size(len(population), rate), seed)


def draw_count(population: list[int], count: int, seed: str) -> list[int]:
    """``count`` ids of ``population`` (all of them when fewer), reproducible from ``seed``."""
    ordered = sorted(population)
    chosen = random.Random(seed).sample(ordered, min(count, len(ordered)))
    return sorted(chosen)
