"""Two packs compared key by key: every key one changes, with both values and both cites."""

import json

from jijiao.engine.packs.diff import SOURCE_KEYS, diff_values
from jijiao.engine.packs.loader import load_policy
from jijiao.engine.packs.model import plain
from tests.engine.test_cli import run_cli


def test_wenzhou_2025_against_national_2024_lists_every_key_wenzhou_changes():
    national, wenzhou = load_policy("national-2024"), load_policy("wenzhou-2025")
    rows = {row.path: row for row in diff_values(national.values, wenzhou.values)}
    changed_by_wenzhou = [
        path
        for path, pack in wenzhou.sources.items()
        if pack == "wenzhou-2025"
        and path[-1] not in SOURCE_KEYS
        and plain(wenzhou.get(*path)) != plain(national.get(*path))
    ]
    assert len(changed_by_wenzhou) > 20
    for path in changed_by_wenzhou:
        row = rows[path]
        assert row.left == plain(national.get(*path)), path
        assert row.right == plain(wenzhou.get(*path)), path
        assert row.right_cite, path  # every value wenzhou-2025 sets names its clause

    age = rows[("application", "city", "APP_PI_AGE", "max")]
    assert (age.left, age.right, age.change) == (None, 55, "added")
    assert (age.left_cite, age.right_cite) == ("", "温继委办发〔2025〕1号 一.1")
    enrolment = rows[("application", "city", "APP_ENROLLMENT_LIMIT", "max")]
    assert enrolment.right == 200 and enrolment.right_cite == "温继委办发〔2025〕1号 一.4"
    assert enrolment.key == "application.city.APP_ENROLLMENT_LIMIT.max"


def test_keys_both_packs_give_alike_are_not_listed_and_the_order_is_by_key():
    national = load_policy("national-2024")
    assert diff_values(national.values, national.values) == []
    wenzhou = load_policy("wenzhou-2025")
    rows = diff_values(national.values, wenzhou.values)
    assert [row.path for row in rows] == sorted(row.path for row in rows)
    assert all(row.path[-1] not in SOURCE_KEYS for row in rows)
    assert all(row.path[0] not in ("id", "title", "extends", "notice") for row in rows)


def test_a_value_one_side_lacks_is_removed_from_the_other_view():
    left = {"application": {"city": {"APP_PI_AGE": {"cite": "甲 一", "max": 55}}}}
    right = {"application": {"city": {"APP_PI_AGE": {"cite": "乙 二", "max": 50}}}}
    (row,) = diff_values(left, right)
    assert (row.left, row.right, row.left_cite, row.right_cite) == (55, 50, "甲 一", "乙 二")
    assert row.change == "changed"
    (gone,) = diff_values(left, {})
    assert gone.change == "removed" and gone.right is None and gone.right_cite == ""


def test_jijiao_policy_diff_prints_both_values_and_cites(capsys, monkeypatch):
    code, out = run_cli(capsys, monkeypatch, ["policy", "diff", "national-2024", "wenzhou-2025"])
    assert code == 0
    assert (
        "application.city.APP_PI_AGE.max: — → 55    # — → 温继委办发〔2025〕1号 一.1\n" in out.out
    )
    code, out = run_cli(
        capsys, monkeypatch, ["policy", "diff", "wenzhou-2023", "wenzhou-2025", "--json"]
    )
    rows = json.loads(out.out)
    assert (
        code == 0
        and rows
        and set(rows[0])
        == {
            "key",
            "change",
            "left",
            "right",
            "left_cite",
            "right_cite",
        }
    )
    code, out = run_cli(capsys, monkeypatch, ["policy", "diff", "national-2024", "nowhere-2000"])
    assert code == 2 and "未知的政策包：nowhere-2000" in out.err
