"""The inspection sample: at least the rate of the population, drawn reproducibly.

``random.Random(seed).sample`` over the population in a fixed order (session ids ascending):
the same seed and population always give the same sample, so the draw can be re-done and
checked by anyone (the seed is stored with the draw). Not for secrets — a fair lot.
"""

import math
import random
from decimal import Decimal


def sample_size(population: int, rate: Decimal) -> int:
    """⌈rate × population⌉ — "不少于 10%"; a non-empty population gives at least one."""
    if population <= 0:
        return 0
    return max(1, min(population, math.ceil(Decimal(population) * rate)))


def draw_sample(population: list[int], rate: Decimal, seed: str) -> list[int]:
    ordered = sorted(population)
    chosen = random.Random(seed).sample(ordered, sample_size(len(ordered), rate))
    return sorted(chosen)
