"""Generate a province once per scale and remember it (``jijiao manage synth``)."""

import json
import random
import time
from collections.abc import Callable

from django.db import connection, transaction

from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.orgs.models import Account, Person, Unit
from jijiao.synth.rows import copy_exemptions, copy_ledger, copy_people
from jijiao.synth.world import build_world

VERSION = 1
MARKER = "synth_world"


def _marker() -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER} (world jsonb NOT NULL)")
        cursor.execute(f"SELECT world FROM {MARKER}")  # noqa: S608 (a constant name)
        found = cursor.fetchone()
    if found is None:
        return None
    return found[0] if isinstance(found[0], dict) else json.loads(found[0])


def province(*, people: int, units: int, years: int, until: int | None, seed: int,
             say: Callable[[str], None]) -> dict:  # fmt: skip
    """The generated province of this scale: made now, or found from an earlier run.

    Refuses a database holding anything else (other people, another scale): a province is
    generated into an empty, migrated PostgreSQL database. Side effects: every table of the
    province, the marker table ``synth_world`` with the scale and what was made."""
    if connection.vendor != "postgresql":
        raise DomainError(
            "synth 需要 PostgreSQL 数据库（用 COPY 写入）：请设置 JIJIAO_DATABASE_URL"
        )
    until = until or clock.today().year - 1
    wanted = {"people": people, "units": units, "years": years, "until": until, "seed": seed,
              "version": VERSION}  # fmt: skip
    found = _marker()
    if found is not None and all(found.get(k) == v for k, v in wanted.items()):
        say(f"沿用已生成的省份：{people:,} 人，{found['rows']:,} 条学分记录")
        return found
    if found is not None or Person.objects.exists():
        raise DomainError(
            "该数据库中已有其他数据（另一规模的合成省份或真实数据）：请换一个新的空数据库再生成"
        )
    rng = random.Random(seed)
    span = list(range(until - years + 1, until + 1))
    started = time.perf_counter()
    with transaction.atomic():
        world = build_world(units=units, years=span, people=people, rng=rng)
        say(
            f"机构 {Unit.objects.count():,} 个，含 {units:,} 个医疗卫生单位；"
            f"年度 {span[0]}–{span[-1]}"
        )
        made = copy_people(world, people, rng, say)
        rows = copy_ledger(world, made, rng, say)
        exemptions = copy_exemptions(world, made, people, rng)
        say(f"视同完成 {exemptions:,} 人次")
        result = wanted | {
            "rows": rows,
            "exemptions": exemptions,
            "first_person": made["first_person"],
            "province_office": world.province_office,
            "largest_unit": world.units[0].pk,
            "accounts": world.accounts,
            "years_list": span,
            "seconds": round(time.perf_counter() - started, 1),
        }
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {MARKER}")  # noqa: S608
            cursor.execute(f"INSERT INTO {MARKER} VALUES (%s)", [json.dumps(result)])  # noqa: S608
    if not connection.in_atomic_block:  # VACUUM runs outside a transaction only
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE credits_ledgerentry")
    say(f"生成完毕：{people:,} 人，{rows:,} 条学分记录（{result['seconds']:.0f} 秒）")
    return result


def summaries(made: dict, say: Callable[[str], None]) -> dict[int, float]:
    """Recompute every year's compliance summaries of the whole province, as the job does;
    returns the seconds per year."""
    from jijiao.credits.domain.summaries import summaries_recompute

    by = Account.objects.get(pk=made["accounts"]["province"])
    office = Unit.objects.get(pk=made["province_office"])
    seconds = {}
    for year in made["years_list"]:
        started = time.perf_counter()
        count = summaries_recompute(by=by, organisation=office, year=year)
        seconds[year] = time.perf_counter() - started
        say(f"{year} 年度达标汇总 {count:,} 人（{seconds[year]:.1f} 秒）")
    return seconds
