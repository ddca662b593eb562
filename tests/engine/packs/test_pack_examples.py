"""Worked examples kept with the packs (issue 22): every shipped pack's examples give what they
say, every rule a shipped pack sets has an example that fires it, and a pack whose example no
longer holds fails this very check."""

import shutil
from pathlib import Path

import pytest

from jijiao.engine.examples import failing_examples, run_examples
from jijiao.engine.packs import loader
from jijiao.engine.packs.loader import PackSource, load_pack_text, load_policy, shipped_pack_ids
from jijiao.engine.packs.schema import PolicyError, rule_paths
from jijiao.engine.rules import application, attendance, filing

# Rules the precheck runs on one document; the others (workflow EXE_*, ATT_WINDOW_*, the paper
# deadline, sanctions) are decided by the workflow, so no precheck example can show them.
CHECKED = {*application.CHECKS, *filing.CHECKS, *attendance.ATTENDEE_CHECKS, "ATT_CAPACITY"}
CHECKED_PREFIXES = ("ANN_", "AUD_", "CRD_")


def _resolver(directory: Path):
    def resolve(pack_id: str) -> PackSource | None:
        path = directory / f"{pack_id}.toml"
        if not path.is_file():
            return None
        return PackSource(pack_id, str(path), path.read_text(encoding="utf-8"))

    return resolve


def check_examples(pack_id: str, directory: Path = loader.PACKS_DIR) -> None:
    """The CI check: the pack has examples and each gives what it says."""
    policy = loader.load_with(pack_id, _resolver(directory))
    assert policy.examples, f"{pack_id} 没有例子"
    failing = [o for o in run_examples(policy) if not o.passed]
    assert not failing, "；".join(
        f"{pack_id} 的例子“{o.example.name}”：{'，'.join(o.differences)}" for o in failing
    )


@pytest.mark.parametrize("pack_id", shipped_pack_ids())
def test_every_shipped_packs_examples_give_what_they_say(pack_id):
    check_examples(pack_id)


@pytest.mark.parametrize("pack_id", shipped_pack_ids())
def test_every_rule_a_shipped_pack_sets_has_an_example(pack_id):
    """An example where it fires — or, where the pack alone cannot apply it (national-2024's
    APP_TEACHER_HOURS needs a 学时 length no national notice gives), one saying it does not."""
    policy = load_policy(pack_id)
    own = {
        path[-1]
        for path in rule_paths()
        if policy.get(*path) is not None and policy.source(*path) == pack_id
    }
    checkable = {c for c in own if c in CHECKED or c.startswith(CHECKED_PREFIXES)}
    shown = {code for e in policy.examples for code in (*e.fires, *e.not_fires)}
    assert checkable - shown == set()


def test_a_shipped_pack_with_a_broken_example_fails_the_check(tmp_path):
    shutil.copytree(loader.PACKS_DIR, tmp_path, dirs_exist_ok=True)
    pack = tmp_path / "wenzhou-2025.toml"
    text = pack.read_text(encoding="utf-8")
    # The notice says 55; a pack that says 60 no longer refuses the 56-year-old PI.
    pack.write_text(text.replace("max = 55", "max = 60", 1), encoding="utf-8")
    check_examples("national-2024", tmp_path)  # the others still pass
    with pytest.raises(AssertionError) as caught:
        check_examples("wenzhou-2025", tmp_path)
    assert "负责人 56 周岁" in str(caught.value)
    assert "应触发：项目负责人年龄（周岁）不超过上限 APP_PI_AGE，实际未触发" in str(caught.value)


DRAFT = """id = "draft"
title = "草稿"
extends = "wenzhou-2025"

[application.city.APP_PI_AGE]
cite = "草稿 一.1"
max = 50

[[examples]]
name = "负责人 52 周岁"
note = "新通知：不超过 50 周岁"
cite = "草稿 一.1"
kind = "application"
like = "申报书齐全"
fires = ["APP_PI_AGE"]

[[examples]]
name = "负责人 52 周岁通过"
note = "故意写错的例子"
cite = "草稿 一.1"
kind = "application"
like = "申报书齐全"
set = { "pi.name" = "李某" }
ok = true
not_fires = ["APP_PI_AGE"]
"""


def test_an_example_may_start_from_a_parents_and_the_failure_says_what_differed():
    policy = load_pack_text("draft", DRAFT)
    first, second = run_examples(policy)
    assert first.passed and first.label == "通过"
    assert first.example.document["pi"]["birth_date"] == "1972-05-01"
    assert not second.passed and second.label == "未通过"
    assert second.differences[0].startswith(
        "不应触发：项目负责人年龄（周岁）不超过上限 APP_PI_AGE，实际触发（"
    )
    assert second.differences[1] == "整体应通过，实际不通过"
    assert second.example.document["pi"]["name"] == "李某"
    assert failing_examples(policy) == [f"负责人 52 周岁通过：{second.differences[0]}"]


def test_examples_are_not_inherited_nor_part_of_the_content_hash():
    policy = load_pack_text("draft", DRAFT)
    assert [e.name for e in policy.examples] == ["负责人 52 周岁", "负责人 52 周岁通过"]
    without = load_pack_text("draft", DRAFT.split("[[examples]]")[0])
    assert without.examples == () and without.content_hash == policy.content_hash


@pytest.mark.parametrize(
    ("extra", "key", "reason"),
    [
        ('like = "没有这个"\nfires = ["APP_PI_AGE"]', "examples[0].like", "找不到例子"),
        ('like = "申报书齐全"', "examples[0]", "fires、not_fires、ok、result 至少其一"),
        ('fires = ["APP_PI_AGE"]', "examples[0]", "document（完整文档）或 like"),
        (
            'like = "申报书齐全"\nset = { "courses[9].minutes" = 1 }\nok = true',
            "examples[0].set",
            "文档中没有位置",
        ),
        ('like = "申报书齐全"\nfires = ["app_pi_age"]', "examples[0].fires[0]", "规则代码"),
    ],
)
def test_a_malformed_example_is_refused_naming_the_key(extra, key, reason):
    text = (
        'id = "draft"\ntitle = "草稿"\nextends = "wenzhou-2025"\n\n[[examples]]\n'
        'name = "甲"\nnote = "说明"\ncite = "草稿"\nkind = "application"\n' + extra + "\n"
    )
    with pytest.raises(PolicyError) as caught:
        load_pack_text("draft", text)
    assert caught.value.key == key
    assert reason in caught.value.reason


def test_example_names_are_unique_in_a_pack():
    twice = DRAFT + DRAFT[DRAFT.index("[[examples]]") :]
    with pytest.raises(PolicyError) as caught:
        load_pack_text("draft", twice)
    assert "例子名称重复" in caught.value.reason


def test_the_schemas_example_kinds_are_the_prechecks():
    from jijiao.engine.packs.schema.sections import EXAMPLE_KINDS
    from jijiao.engine.precheck import KINDS

    assert set(EXAMPLE_KINDS) == set(KINDS)
