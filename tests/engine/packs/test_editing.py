"""The editor's view of the schema: every table a pack may hold is offered, typed text becomes
the value the schema wants, and a pack written back reads the same."""

import datetime as dt
import tomllib

import pytest

from jijiao.engine.packs import editing, schema
from jijiao.engine.packs.loader import PACKS_DIR, shipped_pack_ids
from jijiao.engine.packs.rule_names import rule_name
from jijiao.engine.packs.toml_text import LiteralError


def test_every_rule_of_the_schema_is_a_place():
    keys = {place.key for place in editing.places()}
    assert {".".join(path) for path in schema.rule_paths()} <= keys
    assert "application.city.APP_DISCIPLINE_SCOPE" in keys
    assert "credits.city" in keys and "audit" in keys and "evidence.kinds" in keys
    assert "sanctions.*" in keys and "credit_entry.groups.*" in keys


def test_a_rule_lists_severity_and_cite_first_and_cases_last():
    place = editing.find_place("application.city.APP_DISCIPLINE_SCOPE")
    names = [name for name, _ in place.fields()]
    assert names[:3] == ["severity", "cite", "enabled"]
    assert names[-1] == "cases"
    assert {"allowed", "excluded", "related"} <= set(names)
    assert place.title == (
        "市级 · 学科范围：项目学科在本次受理的学科内（含密切相关学科），不在不受理的学科内 "
        "APP_DISCIPLINE_SCOPE"
    )


def test_every_rule_has_a_chinese_name():
    assert {code for code in schema.known_codes() if not rule_name(code)} == set()


def test_typed_text_becomes_the_value_the_schema_wants():
    scope = dict(editing.find_place("application.city.APP_DISCIPLINE_SCOPE").fields())
    assert editing.read_value(scope["allowed"], "06, 03-10、13") == ["06", "03-10", "13"]
    assert editing.read_value(scope["allowed"], '["06", "17"]') == ["06", "17"]
    assert editing.read_value(scope["cite"], "专项通知 一") == "专项通知 一"
    assert editing.read_value(scope["cite"], "2025") == "2025"
    assert editing.read_value(scope["enabled"], "false") is False
    related = editing.read_value(scope["related"], '[["06", "03-10"]]')
    assert related == [["06", "03-10"]]
    age = dict(editing.find_place("application.city.APP_PI_AGE").fields())
    assert editing.read_value(age["max"], "55") == 55
    share = dict(editing.find_place("application.city.APP_PI_TEACHING_SHARE").fields())
    assert editing.read_value(share["min_share"], "1/5") == "1/5"
    window = dict(editing.find_place("application.city.APP_WINDOW").fields())
    assert editing.read_value(window["end"], "2026-02-27") == dt.date(2026, 2, 27)
    assert editing.read_value(age["max"], "老") == "老"  # the schema then names the key
    with pytest.raises(LiteralError, match="不是有效的 TOML 写法"):
        editing.read_value(age["cases"], "[{ when = ")


def test_one_of_keys_offer_their_values():
    age = dict(editing.find_place("application.city.APP_PI_AGE").fields())
    assert editing.options(age["severity"]) == ("error", "warning")
    assert editing.options(age["enabled"]) == ("true", "false")
    assert editing.options(age["max"]) == ()


@pytest.mark.parametrize("pack_id", shipped_pack_ids())
def test_every_shipped_pack_reads_back_the_same_after_writing(pack_id):
    data = tomllib.loads((PACKS_DIR / f"{pack_id}.toml").read_text(encoding="utf-8"))
    assert tomllib.loads(editing.dump_pack(data)) == data


def test_setting_and_removing_a_table():
    text = 'id = "x"\ntitle = "X"\nextends = "wenzhou-2025"\n'
    path = ("application", "city", "APP_DISCIPLINE_SCOPE")
    added = editing.text_with_table(text, path, {"cite": "通知 一", "allowed": ["06"]})
    assert added.endswith(
        '[application.city.APP_DISCIPLINE_SCOPE]\ncite = "通知 一"\nallowed = ["06"]\n'
    )
    assert editing.text_with_table(added, path, {}) == text


def test_the_reference_beside_the_form():
    reference = editing.place_reference(editing.find_place("application.city.APP_PI_AGE"))
    assert reference["name"] == "项目负责人年龄（周岁）不超过上限"
    assert reference["section"] == "项目申报 APP_*（按项目级别）"
    assert reference["checks"]
    assert ("max", "整数", False) in reference["keys"]
    assert ("unit.category", "单位类别（城区、郊区、县、乡镇）") in reference["facts"]
    assert any(pack == "wenzhou-2025" for pack, _ in reference["uses"])
    _source, example = reference["example"]
    assert tomllib.loads(example)["application"]["city"]["APP_PI_AGE"]["max"] > 0
    unused = editing.place_reference(editing.find_place("application.city.APP_DISCIPLINE_SCOPE"))
    assert unused["uses"] == [] and unused["example"] is None
