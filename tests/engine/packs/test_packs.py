"""Policy packs: schema errors, inheritance with provenance, content hash, coverage of rules.md."""

import hashlib
import os
import re
from pathlib import Path

import pytest

from jijiao.engine.packs import (
    PackSource,
    PolicyError,
    chain_resolvers,
    load_pack_text,
    load_policy,
    load_with,
    shipped_pack_ids,
    shipped_resolver,
)
from jijiao.engine.packs.loader import PACKS_DIR
from jijiao.engine.packs.model import canonical_json
from jijiao.engine.packs.schema import known_codes, rule_paths
from jijiao.engine.rules import application, attendance, execution, filing, workflow

SHIPPED = [
    "anyang-2022",
    "changsha-2022",
    "henan-2022",
    "hunan-2022",
    "national-2024",
    "wenzhou-2023",
    "wenzhou-2025",
    "zhejiang-2023",
]
RULES_MD = (
    Path(os.environ.get("JIJIAO_SHARED_DIR", Path(__file__).resolve().parents[3].parent / "shared"))
    / "spec"
    / "rules.md"
)


def error_of(text: str, pack_id: str = "test-pack") -> PolicyError:
    with pytest.raises(PolicyError) as caught:
        load_pack_text(pack_id, text, origin=f"db:{pack_id}")
    return caught.value


# ------------------------------------------------------------------ shipped packs


def test_the_product_ships_the_packs_of_rules_md_and_their_provinces():
    assert shipped_pack_ids() == SHIPPED


@pytest.mark.parametrize(
    ("pack", "chain"),
    [
        ("national-2024", ("national-2024",)),
        ("wenzhou-2025", ("wenzhou-2025", "zhejiang-2023", "national-2024")),
        ("wenzhou-2023", ("wenzhou-2023", "zhejiang-2023", "national-2024")),
        ("changsha-2022", ("changsha-2022", "hunan-2022", "national-2024")),
        ("anyang-2022", ("anyang-2022", "henan-2022", "national-2024")),
    ],
)
def test_each_city_pack_extends_its_province_and_the_national_pack(pack, chain):
    assert load_policy(pack).chain == chain


@pytest.mark.parametrize("pack", SHIPPED)
def test_every_rule_in_a_shipped_pack_cites_its_notice_and_has_a_severity(pack):
    policy = load_policy(pack)
    for path in rule_paths():
        table = policy.get(*path)
        if table is not None:
            assert table["cite"], path
            assert table["severity"] in ("error", "warning"), path


def test_every_code_of_rules_md_is_set_by_some_shipped_pack():
    if not RULES_MD.is_file():
        pytest.skip(f"{RULES_MD} not found (set JIJIAO_SHARED_DIR)")
    documented = set(re.findall(r"`([A-Z]{3}_[A-Z0-9_]+)`", RULES_MD.read_text(encoding="utf-8")))
    shipped = set()
    for pack in SHIPPED:
        policy = load_policy(pack)
        shipped |= {path[-1] for path in rule_paths() if policy.get(*path) is not None}
    assert documented - shipped == set()
    assert documented <= known_codes()


def test_every_code_the_schema_knows_has_a_rule_function():
    implemented = set(application.CHECKS) | set(filing.CHECKS) | set(execution.CHECKS)
    implemented |= set(attendance.ATTENDEE_CHECKS) | {"ATT_CAPACITY"} | set(workflow.CHECKS)
    implemented |= {"CRD_LATE_ENTRY", "CRD_LATE_ENTRY_PLEDGE", "CRD_ENTRY_CLOSED"}
    implemented |= {"CRD_REVIEW_CLOSED", "CRD_EVIDENCE_MISSING"}
    implemented |= {"ANN_TOTAL", "ANN_CLASS1", "ANN_CLASS2", "ANN_PUBLIC_HOURS"}
    implemented |= {"AUD_YEAR_NONCOMPLIANT", "AUD_REMOTE_SHARE", "AUD_NATIONAL_CREDITS"}
    implemented |= {"AUD_EVIDENCE_MISSING"}
    assert known_codes() == implemented


def test_wenzhou_2025_values_come_from_rules_md():
    policy = load_policy("wenzhou-2025")
    assert policy.rule("application", "city", "APP_PI_AGE").get("max") == 55
    assert policy.rule("application", "city", "APP_WINDOW").get("start").isoformat() == (
        "2025-01-20T12:00:00+08:00"
    )
    assert policy.get("credits", "city", "max_per_project") == 2.5
    assert policy.rule("application", "city", "APP_OWN_UNIT_TEACHER_SHARE").severity == "warning"


def test_a_levels_rules_never_apply_to_another_level():
    policy = load_policy("wenzhou-2025")
    assert "APP_PI_AGE" in policy.rules("application", "city")
    assert "APP_PI_AGE" not in policy.rules("application", "national")
    assert "APP_PI_TITLE" not in policy.rules("application", "city")
    # Only the sanctions, which every level applies, are set for provincial projects here.
    assert set(policy.rules("application", "provincial")) == {
        "APP_PI_BARRED",
        "APP_UNIT_DISCIPLINE_BARRED",
    }


def test_absent_values_mean_not_set_by_this_policy():
    policy = load_policy("national-2024")
    assert policy.get("credits", "city") is None
    assert policy.rule("compliance", "ANN_PUBLIC_HOURS") is None
    assert policy.get("credit_entry") is None


# ------------------------------------------------------------------ provenance


def test_provenance_names_the_pack_that_set_each_value():
    policy = load_policy("wenzhou-2025")
    assert policy.source("credits", "city", "credit_class") == "zhejiang-2023"
    assert policy.source("credits", "city", "max_per_project") == "wenzhou-2025"
    assert policy.source("credits", "national", "max_per_project") == "national-2024"
    assert policy.rule("application", "city", "APP_PI_AGE").source("max") == "wenzhou-2025"


def test_a_child_overriding_one_value_keeps_the_parents_siblings_and_their_source():
    policy = load_policy("anyang-2022")
    rule = policy.rule("filing", "national", "FIL_LATE")
    assert (rule.get("min_days"), rule.severity) == (14, "error")
    assert rule.source("severity") == "anyang-2022"
    assert policy.source("filing", "national", "FIL_SCENIC_VENUE", "severity") == "national-2024"


def test_describe_lists_every_effective_value_with_its_pack():
    described = load_policy("wenzhou-2025").describe()
    rows = {row["key"]: (row["value"], row["from"]) for row in described["values"]}
    assert rows["application.city.APP_PI_AGE.max"] == (55, "wenzhou-2025")
    assert rows['scoring.items."1.1.1".otherwise'] == (0, "national-2024")
    assert described["chain"] == ["wenzhou-2025", "zhejiang-2023", "national-2024"]


def test_policy_values_are_read_only():
    policy = load_policy("wenzhou-2025")
    with pytest.raises(TypeError):
        policy.values["credits"]["city"]["max_per_project"] = 99


# ------------------------------------------------------------------ content hash


def test_the_hash_is_the_sha256_of_the_canonical_effective_content():
    policy = load_policy("wenzhou-2025")
    expected = hashlib.sha256(canonical_json(policy.values).encode()).hexdigest()
    assert policy.content_hash == expected
    assert re.fullmatch(r"[0-9a-f]{64}", expected)


def test_the_hash_is_stable_and_ignores_the_packs_name():
    text = (PACKS_DIR / "wenzhou-2025.toml").read_text(encoding="utf-8")
    again = load_pack_text("wenzhou-2025", text)
    assert again.content_hash == load_policy("wenzhou-2025").content_hash
    renamed = load_pack_text(
        "wenzhou-copy", text.replace('id = "wenzhou-2025"', 'id = "wenzhou-copy"')
    )
    assert renamed.content_hash == again.content_hash


def test_the_hash_changes_when_a_value_changes():
    base = load_policy("wenzhou-2025")
    child = load_pack_text(
        "wenzhou-2026",
        """
id = "wenzhou-2026"
title = "温州 2026"
extends = "wenzhou-2025"

[application.city.APP_PI_AGE]
cite = "测试"
max = 56
""",
    )
    assert child.content_hash != base.content_hash
    assert child.rule("application", "city", "APP_PI_AGE").get("max") == 56
    assert child.rule("application", "city", "APP_PI_AGE").severity == "error"


# ------------------------------------------------------------------ schema errors


def test_an_unknown_key_names_the_file_the_key_and_the_reason():
    error = error_of(
        'id = "test-pack"\ntitle = "t"\n[application.city.APP_PI_AGE]\ncite = "x"\nmaxx = 55\n'
    )
    assert (error.origin, error.key, error.reason) == (
        "db:test-pack",
        "application.city.APP_PI_AGE.maxx",
        "未知的键（是否应为 max？）",
    )
    assert (
        str(error) == "db:test-pack: application.city.APP_PI_AGE.maxx: 未知的键（是否应为 max？）"
    )


def test_an_unknown_level_is_an_unknown_key():
    error = error_of('id = "test-pack"\ntitle = "t"\n[application.county.APP_PI_AGE]\ncite = "x"\n')
    assert error.key == "application.county"


def test_a_wrong_type_names_the_expected_type_and_the_value():
    error = error_of(
        'id = "test-pack"\ntitle = "t"\n[application.city.APP_PI_AGE]\ncite = "x"\nmax = "55"\n'
    )
    assert error.key == "application.city.APP_PI_AGE.max"
    assert error.reason == "应为整数，实际为字符串 '55'"


def test_a_wrong_item_in_a_list_names_its_index():
    error = error_of(
        'id = "test-pack"\ntitle = "t"\n[application.city.APP_FORMAT_SUSPENDED]\n'
        'cite = "x"\nformats = ["online", "remote"]\n'
    )
    assert error.key == "application.city.APP_FORMAT_SUSPENDED.formats[1]"


def test_a_severity_outside_error_and_warning_is_refused():
    error = error_of(
        'id = "test-pack"\ntitle = "t"\n[attendance.ATT_CAPACITY]\ncite = "x"\nseverity = "fatal"\n'
    )
    assert error.key == "attendance.ATT_CAPACITY.severity"


def test_a_rule_without_its_citation_is_refused():
    error = error_of('id = "test-pack"\ntitle = "t"\n[application.city.APP_PI_AGE]\nmax = 55\n')
    assert (error.key, error.reason) == ("application.city.APP_PI_AGE", "缺少必填的键：cite")


def test_a_new_rule_without_a_severity_anywhere_in_its_chain_is_refused():
    error = error_of('id = "test-pack"\ntitle = "t"\n[application.city.APP_PI_AGE]\ncite = "x"\n')
    assert error.key == "application.city.APP_PI_AGE"
    assert "severity" in error.reason


def test_a_missing_parent_is_a_broken_extends():
    error = error_of('id = "test-pack"\ntitle = "t"\nextends = "zhejiang-2099"\n')
    assert (error.origin, error.key) == ("db:test-pack", "extends")
    assert "zhejiang-2099" in error.reason


def test_a_circular_extends_is_refused():
    texts = {
        "a-pack": 'id = "a-pack"\ntitle = "a"\nextends = "b-pack"\n',
        "b-pack": 'id = "b-pack"\ntitle = "b"\nextends = "a-pack"\n',
    }

    def resolver(pack_id):
        text = texts.get(pack_id)
        return None if text is None else PackSource(pack_id, f"db:{pack_id}", text)

    with pytest.raises(PolicyError) as caught:
        load_pack_text("a-pack", texts["a-pack"], resolver=resolver)
    assert caught.value.key == "extends"
    assert "成环" in caught.value.reason


def test_the_id_must_match_the_pack_id():
    error = error_of('id = "other"\ntitle = "t"\n')
    assert error.key == "id"


def test_toml_syntax_errors_name_the_origin():
    error = error_of("id = \n")
    assert error.origin == "db:test-pack"
    assert error.reason.startswith("TOML 语法错误")


def test_a_scoring_band_needs_exactly_one_comparison():
    error = error_of(
        'id = "test-pack"\ntitle = "t"\n[scoring.items."1.1.1"]\n'
        "bands = [{ ge = 14, lt = 20, points = 10 }]\n"
    )
    assert error.key == 'scoring.items."1.1.1".bands[0]'


# ------------------------------------------------------------------ office-authored packs


def test_a_stored_pack_extends_a_shipped_one_through_a_chained_resolver():
    stored = {
        "wenzhou-2026": 'id = "wenzhou-2026"\ntitle = "温州 2026"\nextends = "wenzhou-2025"\n'
        '[application.city.APP_PI_AGE]\ncite = "温继委办发〔2026〕1号 一.1"\nmax = 60\n'
    }

    def database(pack_id):
        text = stored.get(pack_id)
        return None if text is None else PackSource(pack_id, f"db:{pack_id}", text)

    policy = load_with("wenzhou-2026", chain_resolvers(database, shipped_resolver))
    assert policy.chain == ("wenzhou-2026", "wenzhou-2025", "zhejiang-2023", "national-2024")
    assert policy.rule("application", "city", "APP_PI_AGE").cite == "温继委办发〔2026〕1号 一.1"


def test_a_rule_can_be_switched_off_by_a_child_pack():
    child = load_pack_text(
        "wenzhou-lenient",
        'id = "wenzhou-lenient"\ntitle = "t"\nextends = "wenzhou-2025"\n'
        '[application.city.APP_PI_AGE]\ncite = "测试"\nenabled = false\n',
    )
    assert child.rule("application", "city", "APP_PI_AGE") is None


def test_an_error_in_a_pack_file_names_the_file(tmp_path):
    broken = tmp_path / "broken-2025.toml"
    broken.write_text(
        'id = "broken-2025"\ntitle = "t"\n[filing.city.FIL_LATE]\ncite = "x"\nmin_days = 1.5\n'
    )

    def files(pack_id):
        path = tmp_path / f"{pack_id}.toml"
        return PackSource(pack_id, str(path), path.read_text()) if path.exists() else None

    with pytest.raises(PolicyError) as caught:
        load_with("broken-2025", files)
    assert caught.value.origin == str(broken)
    assert caught.value.key == "filing.city.FIL_LATE.min_days"
    assert caught.value.reason == "应为整数，实际为数字 1.5"
