"""Timing helpers shared by ``bench/__main__.py`` and the ``bench/cases_*.py`` modules.

A case times an operation and a baseline doing the smallest comparable work in the same run,
and reports operation / baseline; absolute figures are printed next to their goal, never
asserted.
"""

import statistics
import time
from collections.abc import Callable


def measure(fn: Callable[[], object], *, repeat: int = 5, number: int = 200) -> float:
    """Median over ``repeat`` rounds of the mean time of one call, in seconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


def case(name: str, operation: Callable, baseline: Callable, goal: str, **kw) -> dict:
    """Time ``operation`` and ``baseline`` (``measure``'s keywords), print and return the row."""
    op, base = measure(operation, **kw), measure(baseline, **kw)
    row = {
        "case": name,
        "ratio": round(op / base, 2),
        "op_us": round(op * 1e6, 1),
        "baseline_us": round(base * 1e6, 1),
        "goal": goal,
    }
    print(
        f"{name:<40} ratio {row['ratio']:>8.2f}   ({row['op_us']} µs vs {row['baseline_us']} µs)"
        f"   goal: {goal}"
    )
    return row


def note(text: str) -> None:
    """A line of detail under the case just printed."""
    print(f"{'':<4}{text}")
