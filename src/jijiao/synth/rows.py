"""The big tables of a generated province, sent with COPY: people (ID numbers as the application
stores them), their employments, the ledger rows of every year, exemptions.

Each person's rows of a year are spread over the table as real entries would be: the year is
written kind by kind (national projects for everyone, then provincial …), so a person's rows are
never next to each other. The ledger's indexes are dropped while the rows go in and built again
after (a fresh province only)."""

import datetime as dt
import json
import random
import time
from collections.abc import Callable

from django.db import connection

from jijiao.common import clock
from jijiao.orgs.models import Employment, Person
from jijiao.orgs.synthetic import synthetic_id_number
from jijiao.synth.world import CITIES, World

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程"
GIVEN = "伟芳娜敏静磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉兰萍红梅丽鹏辉建国志强文斌"
SERIES = ["医师"] * 40 + ["护理"] * 35 + ["药师"] * 8 + ["技师"] * 10 + ["其他"] * 7
LEVELS = ["初级"] * 40 + ["中级"] * 35 + ["副高"] * 17 + ["正高"] * 8
IN_UNIT = ("全院业务学习", "科内业务学习", "大查房", "病例讨论")
PERSONAL = ("论文", "综述", "进修", "科研", "报告")
EXEMPTIONS = ("resident_training", "gp_transfer_training", "long_study")
COURSES = 400
EXEMPT_SHARE = 0.015

# (kind, mean rows per person and year, credits to choose from): about five rows a year.
KINDS = [
    ("national", 0.3, ("4", "6", "8", "10")),
    ("provincial", 1.0, ("2", "4", "6")),
    ("city", 0.6, ("2", "3", "4")),
    ("remote", 0.6, ("1", "2", "3")),
    ("in_unit", 2.6, ("3", "4", "5", "6", "8")),
    ("personal", 0.4, ("3", "5", "8", "10")),
]

LEDGER_COLUMNS = [
    "person_id", "unit_id", "year", "activity_date", "credit_class", "credit_level", "source",
    "activity_type", "title", "project_number", "hours", "credits", "entry_method", "remote",
    "details", "status", "chain", "stage_index", "current_office_id", "valid", "void_reason",
    "voided_at", "policy_id", "policy_hash", "entry_findings", "source_type", "source_id",
    "entered_by_id", "entered_at", "decided_at",
]  # fmt: skip


def person_id_number(index: int, region: str) -> str:
    """The ``index``-th person's number: births spread over forty years, unique per index."""
    day, rest = index % 14_600, index // 14_600
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=day)
    return synthetic_id_number(region, birth, (rest // 2) % 500, female=rest % 2 == 0)


def person_name(index: int) -> str:
    return (
        SURNAMES[index % len(SURNAMES)]
        + GIVEN[(index // len(SURNAMES)) % len(GIVEN)]
        + GIVEN[(index * 7) % len(GIVEN)]
    )


def copy_people(world: World, people: int, rng: random.Random, say: Callable) -> dict:
    """People with valid, encrypted ID numbers, titles, a unit and department, and their open
    employment; returns the first person id and each person's unit plan index."""
    placement = rng.choices(range(len(world.units)), weights=world.weights, k=people)
    fields = [f for f in Person._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f.column for f in fields)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY orgs_person ({columns}) FROM STDIN") as copy:
            for index in range(people):
                plan = world.units[placement[index]]
                person = Person(
                    name=person_name(index),
                    unit_id=plan.pk,
                    department_id=plan.departments[index % len(plan.departments)],
                    title_series=SERIES[index % len(SERIES)],
                    title_level=LEVELS[(index * 31) % len(LEVELS)],
                    education="本科",
                )
                person.set_id_number(person_id_number(index, plan.division))
                copy.write_row([getattr(person, f.attname) for f in fields])
                if index and index % 100_000 == 0:
                    say(f"人员 {index:,}（{time.perf_counter() - started:.0f} 秒）")
        cursor.execute("SELECT min(id), max(id) FROM orgs_person")
        first, last = cursor.fetchone()
        if last - first + 1 != people:
            raise RuntimeError("人员编号不连续：请使用一个新的空数据库")
        columns = "person_id, unit_id, started_on"
        with cursor.cursor.copy(f"COPY orgs_employment ({columns}) FROM STDIN") as copy:
            for index in range(people):
                plan = world.units[placement[index]]
                copy.write_row([first + index, plan.pk, dt.date(2010 + index % 12, 9, 1)])
    assert Employment._meta.db_table == "orgs_employment"
    say(f"{people:,} 人及其任职记录已写入（{time.perf_counter() - started:.0f} 秒）")
    return {"first_person": first, "placement": placement}


def _count(rng: random.Random, mean: float) -> int:
    whole = int(mean)
    return whole + (rng.random() < mean - whole)


class _Ledger:
    """Writes the rows of one kind for one year for everyone, as COPY text lines."""

    def __init__(self, world: World, first_person: int, placement: list[int], rng):
        self.world, self.first, self.placement, self.rng = world, first_person, placement, rng
        self.now = clock.now()
        self.entered_by = world.accounts["province"]
        self.city = {o: world.city_offices[i] for i, o in enumerate(range(len(CITIES)))}
        self.pack = {i: world.packs[office] for i, office in enumerate(world.city_offices)}

    def _status(self, kind: str) -> tuple[str, str, str]:
        """(status, valid, extra) — granted kinds are approved; entered kinds may wait."""
        roll = self.rng.random()
        if roll < 0.01:
            return "approved", "f", "void"
        if kind in ("in_unit", "personal"):
            if roll < 0.04:
                return "pending_unit", "t", ""
            if roll < 0.05:
                return "returned", "t", ""
            if roll < 0.06:
                return "rejected", "t", ""
        return "approved", "t", ""

    def lines(self, year: int, kind: str, mean: float, credits: tuple[str, ...]):
        rng, world = self.rng, self.world
        sessions = world.sessions.get((year, kind), [])
        for index, unit_index in enumerate(self.placement):
            count = _count(rng, mean)
            if not count:
                continue
            plan = world.units[unit_index]
            if kind in ("national", "provincial", "city"):
                picks = rng.sample(sessions, min(count, len(sessions)))
            elif kind == "remote":
                picks = rng.sample(range(COURSES), count)
            else:
                picks = range(count)
            for pick in picks:
                yield self._line(index, plan, year, kind, pick, credits)

    def _line(self, index, plan, year, kind, pick, credits) -> str:
        rng = self.rng
        month, day = 1 + rng.randrange(12), 1 + rng.randrange(28)
        date = f"{year}-{month:02d}-{day:02d}"
        at = f"{date} 10:00:00+08"
        pack_id, pack_hash = self.pack[plan.city]
        status, valid, extra = self._status(kind)
        credit = rng.choice(credits)
        number, source_type, source_id, hours, remote = "", "", "", r"\N", "f"
        chain, stage, office = "[]", "0", r"\N"
        if kind in ("national", "provincial", "city"):
            source_id, number, title, _ = pick
            source_type, source, method, activity = "session", "project", "attendance", "项目"
            klass, level = ("II", "city") if kind == "city" else ("I", kind)
            hours = str(int(credit) * 3)
        elif kind == "remote":
            title, source, method, activity = f"远程课程 C{pick:03d}", "remote", "manual", "远程"
            source_type, source_id = "remote", f"{self.world.provider}:C{pick:03d}:{year}"
            klass, level, remote = "I", "provincial", "t"
        elif kind == "in_unit":
            activity = IN_UNIT[rng.randrange(len(IN_UNIT))]
            title, source, method = f"{activity}（{month} 月）", "in_unit", "manual"
            klass, level = "II", "unit"
        else:
            activity = PERSONAL[rng.randrange(len(PERSONAL))]
            title, source, method = f"{activity}（个人学习）", "personal", "manual"
            klass, level = "II", "unit"
        if status == "pending_unit":
            office = str(plan.pk)
            city = self.world.city_offices[plan.city]
            chain = json.dumps(
                [{"stage": "unit", "office": plan.pk, "name": ""},
                 {"stage": "city", "office": city, "name": ""}]
            )  # fmt: skip
        decided = at if status in ("approved", "rejected") else r"\N"
        void_reason, voided_at = ("合成数据：作废", at) if extra == "void" else ("", r"\N")
        return "\t".join(
            (
                str(self.first + index), str(plan.pk), str(year), date, klass, level, source,
                activity, title, number, hours, credit, method, remote, "{}", status, chain,
                stage, office, valid, void_reason, voided_at, pack_id, pack_hash, "[]",
                source_type, source_id, str(self.entered_by), at, decided,
            )
        ) + "\n"  # fmt: skip


def _ledger_indexes(cursor) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'credits_ledgerentry'"
        " AND indexname <> 'credits_ledgerentry_pkey'"
    )
    return cursor.fetchall()


def copy_ledger(world: World, made: dict, rng: random.Random, say: Callable) -> int:
    """Every year's rows, kind by kind; the indexes dropped meanwhile and built again."""
    writer = _Ledger(world, made["first_person"], made["placement"], rng)
    columns = ", ".join(LEDGER_COLUMNS)
    total, started = 0, time.perf_counter()
    with connection.cursor() as cursor:
        indexes = _ledger_indexes(cursor)
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET session_replication_role = replica")  # no FK triggers meanwhile
        for year in world.years:
            with cursor.cursor.copy(f"COPY credits_ledgerentry ({columns}) FROM STDIN") as copy:
                buffer, size = [], 0
                for kind, mean, credits in KINDS:
                    for line in writer.lines(year, kind, mean, credits):
                        buffer.append(line)
                        if len(buffer) == 20_000:
                            copy.write("".join(buffer))
                            size += len(buffer)
                            buffer = []
                if buffer:
                    copy.write("".join(buffer))
                    size += len(buffer)
            total += size
            say(
                f"{year} 年度学分记录 {size:,} 条"
                f"（累计 {total:,}，{time.perf_counter() - started:.0f} 秒）"
            )
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        say(f"索引已重建（{time.perf_counter() - started:.0f} 秒）")
        cursor.execute("ANALYZE credits_ledgerentry")
        cursor.execute("ANALYZE orgs_person")
    return total


def copy_exemptions(world: World, made: dict, people: int, rng: random.Random) -> int:
    """视同完成 for about 1.5 % of the person-years."""
    now, by, first = clock.now(), world.accounts["province"], made["first_person"]
    columns = "person_id, year, exemption, exemption_reason, exemption_evidence, set_by_id, set_at"
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY credits_annualfacts ({columns}) FROM STDIN") as copy,
    ):
        for year in world.years:
            chosen = rng.sample(range(people), int(people * EXEMPT_SHARE))
            for index in sorted(chosen):
                kind = EXEMPTIONS[index % len(EXEMPTIONS)]
                copy.write_row([first + index, year, kind, "合成数据", "", by, now])
                count += 1
    return count
