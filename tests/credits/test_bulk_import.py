"""Bulk import of ledger rows from CSV: all rows or none, every problem with its row and column,
idempotent on each row's natural key, one audit entry with the counts.

These run on whichever database the suite runs on: the batched ORM path on SQLite, the COPY path
on PostgreSQL (``test_bulk_import_postgres.py`` checks that path is the one taken)."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from jijiao.audit_log.models import AuditEntry
from jijiao.common.sheets import SheetProblem
from jijiao.credits.domain.bulk_import import ledger_rows_import
from jijiao.credits.import_csv import HEADERS, category
from jijiao.credits.models import ApprovalStep, LedgerEntry
from jijiao.credits.transcript import person_year
from jijiao.orgs.models import Role, Unit
from tests.credits.conftest import at
from tests.factories import AccountFactory, OfficeFactory, PersonFactory, UnitFactory, grant

pytestmark = pytest.mark.django_db


def csv_file(rows, *, headers=HEADERS, encoding="utf-8-sig") -> io.BytesIO:
    lines = [",".join(headers)] + [",".join(f'"{v}"' for v in row) for row in rows]
    return io.BytesIO(("\r\n".join(lines) + "\r\n").encode(encoding))


def line(
    person,
    *,
    day="2023-05-12",
    category="Ⅰ类（国家级）",
    kind="项目",
    title="心衰诊疗进展",
    hours="6",
    credits="2",
    number="2023-03-01-001（国）",
    id_number=None,
    name=None,
):
    return [
        id_number or person.reveal_id_number(),
        name or person.name,
        day,
        category,
        kind,
        title,
        hours,
        credits,
        number,
    ]


def history(staff, nurse_wang):
    """Three rows of two people: a national project, a class II row, a remote course."""
    return [
        line(staff[0]),
        line(
            staff[0],
            day="2023-06-01",
            category="Ⅱ类",
            kind="病例讨论",
            title="疑难病例讨论",
            hours="",
            credits="0.5",
            number="",
        ),
        line(
            nurse_wang,
            day="2023-09-30",
            category="I类省级",
            kind="远程",
            title="护理安全",
            credits="1.5",
            number="YC-2023-018",
        ),
    ]


def run(by, office, content, **kw):
    with at("2023-11-20"):
        return ledger_rows_import(by=by, office=office, stream=content, **kw)


@pytest.fixture
def world(wenzhou_office, wenzhou_office_unit, staff, nurse_wang, credit_year_2023):
    return wenzhou_office, wenzhou_office_unit


def test_import_adds_approved_rows_with_their_trail_and_one_audit_entry(
    world, staff, nurse_wang, city_hospital, lucheng_hospital
):
    by, office = world
    outcome = run(
        by, office, csv_file(history(staff, nurse_wang)), filename="旧平台.csv", source="旧继教平台"
    )
    assert (outcome.ok, outcome.rows, outcome.created, outcome.existing) == (True, 3, 3, 0)
    rows = LedgerEntry.objects.order_by("activity_date")
    assert [
        (e.person_id, e.unit_id, e.year, str(e.activity_date), e.credit_class, e.credit_level)
        for e in rows
    ] == [
        (staff[0].pk, city_hospital.pk, 2023, "2023-05-12", "I", "national"),
        (staff[0].pk, city_hospital.pk, 2023, "2023-06-01", "II", "unit"),
        (nurse_wang.pk, lucheng_hospital.pk, 2023, "2023-09-30", "I", "provincial"),
    ]
    assert [(e.activity_type, e.title, e.project_number, e.hours, e.credits) for e in rows] == [
        ("项目", "心衰诊疗进展", "2023-03-01-001（国）", Decimal("6.00"), Decimal("2.0")),
        ("病例讨论", "疑难病例讨论", "", None, Decimal("0.5")),
        ("远程", "护理安全", "YC-2023-018", Decimal("6.00"), Decimal("1.5")),
    ]
    assert {(e.status, e.source, e.entry_method, e.valid, e.policy_id) for e in rows} == {
        ("approved", "import", "import", True, "wenzhou-2023")
    }
    assert {(e.entered_by_id, e.source_type, len(e.source_id)) for e in rows} == {
        (by.pk, "import", 32)
    }
    steps = ApprovalStep.objects.order_by("entry__activity_date")
    assert [(s.action, s.to_status, s.actor_id, s.data["line"]) for s in steps] == [
        ("granted", "approved", by.pk, 2),
        ("granted", "approved", by.pk, 3),
        ("granted", "approved", by.pk, 4),
    ]
    assert steps[0].reason == "自旧继教平台导入（旧平台.csv）"
    (audit,) = AuditEntry.objects.filter(action="credits.ledger_imported")
    assert audit.actor_id == by.pk and audit.object_id == str(office.pk)
    assert {k: audit.data[k] for k in ("file", "rows", "created", "existing")} == {
        "file": "旧平台.csv",
        "rows": 3,
        "created": 3,
        "existing": 0,
    }
    assert (audit.data["years"], audit.data["packs"]) == ([2023], ["wenzhou-2023"])
    assert staff[0].reveal_id_number() not in str(audit.data)


def test_imported_rows_count_on_the_transcript(world, staff, nurse_wang):
    by, office = world
    run(by, office, csv_file(history(staff, nurse_wang)))
    with at("2023-11-20"):
        year = person_year(staff[0], 2023)
    assert (year.class1_national, year.class2, year.total) == (
        Decimal("2.0"),
        Decimal("0.5"),
        Decimal("2.5"),
    )


def test_second_import_of_the_same_file_inserts_nothing(world, staff, nurse_wang):
    by, office = world
    first = run(by, office, csv_file(history(staff, nurse_wang)))
    second = run(by, office, csv_file(history(staff, nurse_wang)))
    assert (first.created, first.existing) == (3, 0)
    assert (second.ok, second.rows, second.created, second.existing) == (True, 3, 0, 3)
    assert LedgerEntry.objects.count() == 3
    assert ApprovalStep.objects.count() == 3
    audits = AuditEntry.objects.filter(action="credits.ledger_imported").order_by("id")
    assert [(a.data["created"], a.data["existing"]) for a in audits] == [(3, 0), (0, 3)]


def test_a_file_with_one_new_row_adds_only_that_row(world, staff, nurse_wang):
    by, office = world
    rows = history(staff, nurse_wang)
    run(by, office, csv_file(rows))
    corrected = [*rows[:2], [*rows[2][:7], "9", rows[2][8]], line(staff[1])]
    outcome = run(by, office, csv_file(corrected))
    assert (outcome.created, outcome.existing) == (1, 3)
    assert LedgerEntry.objects.get(person=nurse_wang).credits == Decimal("1.5")
    assert LedgerEntry.objects.filter(person=staff[1]).count() == 1


def test_a_bad_id_number_rejects_the_whole_file_with_its_row_and_writes_nothing(
    world, staff, nurse_wang
):
    by, office = world
    good = staff[1].reveal_id_number()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    rows = [*history(staff, nurse_wang), line(staff[1], id_number=bad)]
    outcome = run(by, office, csv_file(rows))
    assert not outcome.ok
    assert (outcome.created, outcome.problem_count) == (0, 1)
    assert outcome.problems == [SheetProblem(5, "证件号码", "身份证号校验位不正确，请核对")]
    assert str(outcome.problems[0]) == "第 5 行“证件号码”：身份证号校验位不正确，请核对"
    assert bad not in str(outcome.problems[0])
    assert LedgerEntry.objects.count() == 0
    assert ApprovalStep.objects.count() == 0
    assert not AuditEntry.objects.filter(action="credits.ledger_imported").exists()


def test_every_problem_is_reported_with_row_and_column(world, staff, nurse_wang, wenzhou_office):
    by, office = world
    stranger = "11010519491231002X"
    rows = [
        line(staff[0]),
        line(staff[1], id_number=stranger),
        line(staff[2], name="钱二"),
        line(staff[3], day="2023-13-01"),
        line(staff[3], day="2022-05-01"),
        line(staff[3], day="2023-12-01"),
        line(staff[4], credits="1.25"),
        line(staff[4], credits="二", hours="-1", category="三类"),
        line(staff[0]),
        line(nurse_wang, kind="开会"),
    ]
    outcome = run(by, office, csv_file(rows))
    assert [(p.row, p.column, p.message) for p in outcome.problems] == [
        (3, "证件号码", "系统中没有该证件号码的人员"),
        (4, "姓名", "与证件号码对应的人员姓名不一致"),
        (5, "授分日期", "日期“2023-13-01”无法识别，请写成 2023-10-12"),
        (6, "授分日期", "2022 年度尚未在“学分年度设置”中设置政策包"),
        (7, "授分日期", "授分日期晚于今天"),
        (8, "学分", "“1.25”不是有效的学分（非负数，最多 1 位小数）"),
        (9, "学分", "“二”不是有效的学分（非负数，最多 1 位小数）"),
        (9, "学分类别", "“三类”须为 Ⅰ类（国家级）、Ⅰ类（省级）、Ⅰ类（市级）或 Ⅱ类"),
        (9, "学时", "“-1”不是有效的学时（非负数，最多 2 位小数）"),
        (10, "活动名称", "与第 2 行是同一人的同一活动（日期、类别、类型、名称、项目编号均相同）"),
        (11, "活动类型", "“开会”不是可导入的活动类型"),
    ]
    assert outcome.problem_count == 11
    assert LedgerEntry.objects.count() == 0


def test_people_outside_the_office_jurisdiction_are_refused(world, staff):
    by, office = world
    hangzhou = OfficeFactory(name="杭州市继教办", office_level=Unit.OfficeLevel.CITY)
    elsewhere = PersonFactory(name="吴六", unit=UnitFactory(supervisor=hangzhou))
    outcome = run(by, office, csv_file([line(staff[0]), line(elsewhere)]))
    assert [(p.row, p.column, p.message) for p in outcome.problems] == [
        (3, "证件号码", "该人员当前不在本市继教办管辖的单位")
    ]
    assert LedgerEntry.objects.count() == 0


def test_missing_columns_and_empty_files_are_refused(world, staff):
    by, office = world
    outcome = run(by, office, csv_file([["x"]], headers=["证件号码", "姓名"]))
    assert [str(p) for p in outcome.problems] == [
        "第 1 行：缺少列：授分日期、学分类别、活动名称、学分"
    ]
    outcome = run(by, office, csv_file([]))
    assert [str(p) for p in outcome.problems] == ["文件：文件中没有任何数据行"]


def test_a_gbk_file_from_excel_reads_the_same(world, staff, nurse_wang):
    by, office = world
    outcome = run(by, office, csv_file(history(staff, nurse_wang), encoding="gb18030"))
    assert (outcome.ok, outcome.created) == (True, 3)
    assert set(LedgerEntry.objects.values_list("title", flat=True)) == {
        "心衰诊疗进展",
        "疑难病例讨论",
        "护理安全",
    }


def test_columns_in_another_order_and_without_the_optional_ones(world, staff):
    by, office = world
    headers = ["姓名", "学分", "活动名称", "学分类别", "授分日期", "证件号码", "项目编号"]
    row = [
        staff[0].name,
        "3",
        "学习班",
        "Ⅰ类（市级）",
        "2023/07/01",
        staff[0].reveal_id_number(),
        "WZ-2023-9",
    ]
    outcome = run(by, office, csv_file([row], headers=headers))
    assert outcome.created == 1
    entry = LedgerEntry.objects.get()
    assert (entry.activity_type, entry.credit_level, entry.hours, str(entry.activity_date)) == (
        "项目",
        "city",
        None,
        "2023-07-01",
    )


def test_only_the_city_office_imports(world, staff, hospital_admin, lucheng_office):
    _, office = world
    for account in (hospital_admin, lucheng_office):
        with pytest.raises(PermissionDenied):
            run(account, office, csv_file([line(staff[0])]))
    other_city = OfficeFactory(name="杭州市继教办", office_level=Unit.OfficeLevel.CITY)
    hangzhou = grant(AccountFactory(username="hangzhou"), Role.CITY_OFFICE, other_city)
    with pytest.raises(PermissionDenied):
        run(hangzhou, office, csv_file([line(staff[0])]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ⅰ类（国家级）", ("I", "national")),
        ("I类(省级)", ("I", "provincial")),
        ("一类 市级", ("I", "city")),
        ("Ⅱ类", ("II", "unit")),
        ("II类（市级）", ("II", "city")),
        ("Ⅰ类", None),
        ("Ⅲ类", None),
    ],
)
def test_category_words(text, expected):
    assert category(text) == expected


def test_the_command_imports_a_file_and_refuses_a_bad_one(world, staff, nurse_wang, tmp_path):
    by, office = world
    good = tmp_path / "history.csv"
    good.write_bytes(csv_file(history(staff, nurse_wang)).getvalue())
    out = io.StringIO()
    with at("2023-11-20"):
        call_command(
            "import_ledger", str(good), "--office", office.name, "--by", by.username, stdout=out
        )
    assert out.getvalue().strip() == "共 3 行：新导入 3 条，已存在 0 条"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file([line(staff[1], credits="x")]).getvalue())
    errors = io.StringIO()
    with at("2023-11-20"), pytest.raises(CommandError, match="共 1 处问题，整份文件未导入"):
        call_command(
            "import_ledger", str(bad), "--office", office.name, "--by", by.username, stderr=errors
        )
    assert errors.getvalue().strip() == "第 2 行“学分”：“x”不是有效的学分（非负数，最多 1 位小数）"
    assert LedgerEntry.objects.count() == 3
