"""``make bench``: speed as ratios against a baseline measured in the same run.

Absolute figures are printed as goals only; nothing here is asserted (shared, noisy machines).
Each case times the operation and a baseline doing the smallest comparable work, and reports
operation / baseline.
"""

import datetime as dt
import json
import os
import sys
from collections.abc import Callable

from bench.timing import case, measure

__all__ = ["case", "main", "measure"]


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jijiao.settings")
    import django

    django.setup()
    from jijiao.common import idnumbers
    from jijiao.orgs.synthetic import synthetic_id_number

    number = synthetic_id_number("330302", dt.date(1980, 1, 1), 1, female=False)
    token = idnumbers.encrypt(number)
    rows = [
        case(
            "id number: validate",
            lambda: idnumbers.parse(number),
            lambda: number.upper(),
            "< 20 µs",
        ),
        case(
            "id number: encrypt",
            lambda: idnumbers.encrypt(number),
            lambda: idnumbers.lookup_hash(number),
            "< 50 µs",
        ),
        case(
            "id number: decrypt",
            lambda: idnumbers.decrypt(token),
            lambda: idnumbers.lookup_hash(number),
            "< 50 µs",
        ),
    ]
    for extra in _optional_cases():
        rows.append(extra())
    if "--json" in sys.argv:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


def _optional_cases() -> list[Callable[[], dict]]:
    """Cases of other areas register in bench/cases_*.py as ``CASES``; names given on the
    command line (``make bench BENCH_ARGS=http``) keep only those modules (``cases_http``)."""
    import importlib
    import pkgutil

    import bench

    wanted = [a for a in sys.argv[1:] if not a.startswith("--")]
    found = []
    for module in pkgutil.iter_modules(bench.__path__):
        if module.name.startswith("cases_") and (
            not wanted or module.name.removeprefix("cases_") in wanted
        ):
            found += importlib.import_module(f"bench.{module.name}").CASES
    return found


if __name__ == "__main__":
    sys.exit(main())
