"""Selectors: a rule's values chosen by facts of the person, the unit or the project (``cases``),
each kind run through ``jijiao precheck --policy PACK.toml``."""

import copy
import json

import pytest

from jijiao.cli import main
from jijiao.engine.packs import PolicyError, load_pack_text
from tests.engine.rules.documents import clean_application


def precheck_cli(tmp_path, capsys, monkeypatch, kind, pack_text, document):
    """``jijiao precheck KIND --policy tmp/pack.toml -`` → the printed JSON object."""
    pack = tmp_path / "pack.toml"
    pack.write_text(pack_text, encoding="utf-8")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(json.dumps(document)))
    code = main(["precheck", kind, "--policy", str(pack), "-"])
    out = capsys.readouterr()
    assert code == 0, out.err + out.out
    return json.loads(out.out)


def by_code(output):
    return {f["code"]: (f["severity"], f["message"]) for f in output["findings"]}


# 某省规定（测试用文本）：“城区单位专业技术人员每年不少于 25 学分，县（市）单位不少于 20 学分，
# 乡镇卫生院不少于 15 学分。”
THREE_MINIMUMS = """
id = "province-categories"
title = "按单位类别的年度学分要求（测试）"
extends = "national-2024"

[compliance.ANN_TOTAL]
cite = "某省继续医学教育规定 第八条"
severity = "error"
min = 25

[[compliance.ANN_TOTAL.cases]]
when = { "unit.category" = "county" }
min = 20

[[compliance.ANN_TOTAL.cases]]
when = { "unit.category" = "township" }
min = 15

[compliance.ANN_CLASS1]
cite = "某省继续医学教育规定 第八条"
enabled = false

[compliance.ANN_CLASS2]
cite = "某省继续医学教育规定 第八条"
enabled = false
"""


def annual(credits, **person):
    record = {"year": 2022, "class": "II", "level": "unit", "credits": credits}
    return {
        "year": 2022,
        "person": person,
        "records": [{**record, "status": "approved", "valid": True}],
    }


@pytest.mark.parametrize(
    ("category", "credits", "status"),
    [
        ("city_centre", 24, "noncompliant"),
        ("city_centre", 25, "compliant"),
        ("suburban", 24, "noncompliant"),  # no case of its own: the default 25
        ("county", 19, "noncompliant"),
        ("county", 20, "compliant"),
        ("township", 14, "noncompliant"),
        ("township", 15, "compliant"),
        (None, 24, "noncompliant"),  # category absent: the default
    ],
)
def test_three_annual_minimums_by_unit_category(
    tmp_path, capsys, monkeypatch, category, credits, status
):
    person = {"unit_category": category} if category else {}
    out = precheck_cli(
        tmp_path,
        capsys,
        monkeypatch,
        "annual-compliance",
        THREE_MINIMUMS,
        annual(credits, **person),
    )
    assert out["result"]["status"] == status
    if status == "noncompliant":
        minimum = {"county": 20, "township": 15}.get(category, 25)
        assert out["findings"] == [
            {
                "code": "ANN_TOTAL",
                "severity": "error",
                "message": f"2022 年学分 {credits} 分，低于 {minimum} 分"
                "（某省继续医学教育规定 第八条）",
                "subject": "2022",
            }
        ]


AGE_BY = """
id = "age-by"
title = "负责人年龄按条件（测试）"
extends = "wenzhou-2025"

[application.city.APP_PI_AGE]
cite = "测试 一.1"
max = 55

[[application.city.APP_PI_AGE.cases]]
when = {{ {when} }}
max = 60
"""


@pytest.mark.parametrize(
    ("when", "unit", "pi", "max_age"),
    [
        ('"unit.category" = ["county", "township"]', {"category": "township"}, {}, 60),
        ('"unit.category" = ["county", "township"]', {"category": "city_centre"}, {}, 55),
        ('"unit.level" = "二级"', {"level": "二级"}, {}, 60),
        ('"unit.level" = "二级"', {"level": "三级"}, {}, 55),
        ('"unit.division" = "330300"', {"division": "330302"}, {}, 60),
        ('"unit.division" = "330300"', {"division": "330102"}, {}, 55),
        ('"unit.county_level" = true', {"county_level": True}, {}, 60),
        ('"unit.county_level" = true', {"county_level": False}, {}, 55),
        ('"person.title" = "正高"', {}, {"title": "正高"}, 60),
        ('"person.title" = "正高"', {}, {"title": "副高"}, 55),
        ('"person.title_series" = "护理"', {}, {"title_series": "护理"}, 60),
        ('"person.title_series" = "护理"', {}, {"title_series": "医师"}, 55),
        ('"person.job_type" = "护士"', {}, {"job_type": "护士"}, 60),
        ('"person.job_type" = "护士"', {}, {}, 55),
        ('"project.format" = "online"', {}, {}, 55),
        ('"project.level" = "city"', {}, {}, 60),
        ('"unit.category" = "county", "person.title" = "副高"', {"category": "county"}, {}, 55),
    ],
)
def test_each_fact_selects_the_maximum_age(tmp_path, capsys, monkeypatch, when, unit, pi, max_age):
    doc = clean_application()
    doc["unit"].update(unit)
    doc["pi"].update(pi)
    doc["pi"]["birth_date"] = "1967-01-01"  # 58 on 2025-02-10
    out = precheck_cli(tmp_path, capsys, monkeypatch, "application", AGE_BY.format(when=when), doc)
    found = by_code(out).get("APP_PI_AGE")
    if max_age == 55:
        assert found == ("error", "项目负责人年龄 58 周岁，超过 55 周岁上限（测试 一.1）")
    else:
        assert found is None


VALUES_BY = """
id = "values-by"
title = "各类取值按条件（测试）"
extends = "wenzhou-2025"

[application.city.APP_ENROLLMENT_LIMIT]
cite = "测试 一.4"
formats = ["offline", "blended", "online"]

[[application.city.APP_ENROLLMENT_LIMIT.cases]]
when = { "project.format" = "online" }
max = 500
severity = "warning"

[application.city.APP_OWN_UNIT_TEACHER_SHARE]
cite = "测试 一.2"

[[application.city.APP_OWN_UNIT_TEACHER_SHARE.cases]]
when = { "unit.category" = "township" }
min_share = "1/2"
severity = "error"

[application.city.APP_WINDOW]
cite = "测试 三.1"

[[application.city.APP_WINDOW.cases]]
when = { "unit.category" = "township" }
end = 2025-03-10T17:00:00+08:00

[application.city.APP_SESSION_LIMIT]
cite = "测试 一.5"
enabled = false

[[application.city.APP_SESSION_LIMIT.cases]]
when = { "unit.county_level" = true }
enabled = true
max = 1

[application.city.APP_NAME_BANNED_WORD]
cite = "测试"

[[application.city.APP_NAME_BANNED_WORD.cases]]
when = { "unit.category" = "township" }
enabled = false
"""


def run_values(tmp_path, capsys, monkeypatch, change):
    doc = clean_application()
    change(doc)
    return by_code(precheck_cli(tmp_path, capsys, monkeypatch, "application", VALUES_BY, doc))


def test_a_case_sets_the_maximum_and_the_severity(tmp_path, capsys, monkeypatch):
    def online(doc):
        doc["project"].update(format="online", enrollment_per_session=300)

    assert "APP_ENROLLMENT_LIMIT" not in run_values(tmp_path, capsys, monkeypatch, online)

    def online_many(doc):
        doc["project"].update(format="online", enrollment_per_session=600)

    found = run_values(tmp_path, capsys, monkeypatch, online_many)["APP_ENROLLMENT_LIMIT"]
    assert found == ("warning", "每期计划招生 600 人，超过 500 人上限（测试 一.4）")

    def offline(doc):
        doc["project"].update(enrollment_per_session=300)

    found = run_values(tmp_path, capsys, monkeypatch, offline)["APP_ENROLLMENT_LIMIT"]
    assert found == ("error", "每期计划招生 300 人，超过 200 人上限（测试 一.4）")


def test_a_case_sets_a_share(tmp_path, capsys, monkeypatch):
    def outside(doc):  # 2 of 4 teachers from the unit: below 2/3, not below 1/2
        doc["courses"][1]["teacher"]["own_unit"] = False

    assert run_values(tmp_path, capsys, monkeypatch, outside)["APP_OWN_UNIT_TEACHER_SHARE"][0] == (
        "warning"
    )

    def township(doc):
        outside(doc)
        doc["unit"]["category"] = "township"

    assert "APP_OWN_UNIT_TEACHER_SHARE" not in run_values(tmp_path, capsys, monkeypatch, township)


def test_a_case_sets_a_window(tmp_path, capsys, monkeypatch):
    def late(doc):
        doc["submitted_at"] = "2025-03-05T10:00:00+08:00"

    assert "APP_WINDOW" in run_values(tmp_path, capsys, monkeypatch, late)

    def township_late(doc):
        late(doc)
        doc["unit"]["category"] = "township"

    assert "APP_WINDOW" not in run_values(tmp_path, capsys, monkeypatch, township_late)


def test_a_case_switches_a_rule_on_or_off(tmp_path, capsys, monkeypatch):
    def three_sessions(doc):
        doc["project"]["sessions"] = 3

    assert "APP_SESSION_LIMIT" not in run_values(tmp_path, capsys, monkeypatch, three_sessions)

    def county(doc):
        three_sessions(doc)
        doc["unit"]["county_level"] = True

    found = run_values(tmp_path, capsys, monkeypatch, county)["APP_SESSION_LIMIT"]
    assert found == ("error", "计划举办 3 期，超过每年 1 期上限（测试 一.5）")

    def banned(doc):
        doc["project"]["name"] = "中国基层慢病管理培训班"

    assert "APP_NAME_BANNED_WORD" in run_values(tmp_path, capsys, monkeypatch, banned)

    def township(doc):
        banned(doc)
        doc["unit"]["category"] = "township"

    assert "APP_NAME_BANNED_WORD" not in run_values(tmp_path, capsys, monkeypatch, township)


FILING_BY = """
id = "filing-by"
title = "报备期限按单位类别（测试）"
extends = "anyang-2022"

[filing.city.FIL_LATE]
cite = "测试 六"

[[filing.city.FIL_LATE.cases]]
when = { "unit.category" = ["county", "township"] }
min_days = 5
"""


def test_a_filing_deadline_by_the_host_units_category(tmp_path, capsys, monkeypatch):
    doc = {
        "project": {"level": "city", "name": "培训班", "number": "2022-1", "host": "某院"},
        "session": {"start": "2022-06-10", "end": "2022-06-11", "venue": "本院"},
        "filed_on": "2022-06-03",
    }
    out = precheck_cli(tmp_path, capsys, monkeypatch, "filing", FILING_BY, doc)
    assert by_code(out)["FIL_LATE"] == ("error", "举办前 7 天报备，应至少提前 10 天（测试 六）")
    assert out["result"]["required_days"] == 10
    county = {**doc, "unit": {"category": "county"}}
    out = precheck_cli(tmp_path, capsys, monkeypatch, "filing", FILING_BY, county)
    assert "FIL_LATE" not in by_code(out)


ATTENDANCE_BY = """
id = "attendance-by"
title = "线上学习时长按岗位（测试）"
extends = "anyang-2022"

[attendance.ATT_ONLINE_DURATION]
cite = "测试 五"

[[attendance.ATT_ONLINE_DURATION.cases]]
when = { "person.job_type" = "管理" }
minutes_per_day = 120
"""


def test_an_attendees_own_facts_select_the_duration(tmp_path, capsys, monkeypatch):
    session = {"format": "online", "days": 1}
    attendees = [
        {"id": "a", "online_minutes": 150, "is_health_professional": True},
        {"id": "b", "online_minutes": 150, "is_health_professional": True, "job_type": "管理"},
    ]
    doc = {"session": session, "attendees": attendees}
    out = precheck_cli(tmp_path, capsys, monkeypatch, "attendance", ATTENDANCE_BY, doc)
    assert out["result"]["eligible"] == ["b"]
    assert out["result"]["ineligible"] == [{"id": "a", "codes": ["ATT_ONLINE_DURATION"]}]


AUDIT_BY = """
id = "audit-by"
title = "国家级学分要求按单位类别（测试）"
extends = "wenzhou-2023"

[audit.AUD_NATIONAL_CREDITS]
cite = "测试"

[[audit.AUD_NATIONAL_CREDITS.cases]]
when = { "unit.category" = "township" }
enabled = false
"""


def test_a_promotion_audit_rule_off_for_township_staff(tmp_path, capsys, monkeypatch):
    records = [
        {"year": year, "class": "II", "level": "unit", "credits": 25, "type": "院内活动"}
        for year in range(2018, 2023)
    ]
    for record in records:
        record.update(status="approved", valid=True, has_evidence=True, remote=False)
    person = {"unit_level": "三级"}
    doc = {"audit_year": 2023, "person": person, "records": records}
    out = precheck_cli(tmp_path, capsys, monkeypatch, "promotion-audit", AUDIT_BY, doc)
    assert "AUD_NATIONAL_CREDITS" in by_code(out)
    township = copy.deepcopy(doc)
    township["person"]["unit_category"] = "township"
    out = precheck_cli(tmp_path, capsys, monkeypatch, "promotion-audit", AUDIT_BY, township)
    assert "AUD_NATIONAL_CREDITS" not in by_code(out)


COUNTY_AS_CASE = """
id = "county-case"
title = "县级人员（按条件写法）"
extends = "national-2024"

[compliance.ANN_TOTAL]
cite = "测试"

[[compliance.ANN_TOTAL.cases]]
when = { "unit.county_level" = true }
min = 20
"""


def test_county_staff_is_one_case_of_a_selector():
    from jijiao.engine.rules.compliance import AnnualCompliance, check_annual
    from jijiao.engine.rules.parse import parse_document

    policy = load_pack_text("county-case", COUNTY_AS_CASE)
    doc = annual(20)
    doc["records"].append({**doc["records"][0], "class": "I", "credits": 5})
    doc["records"][0]["credits"] = 15
    county = {**doc, "person": {"county_level": True}}
    findings, result = check_annual(parse_document(AnnualCompliance, county), policy)
    assert findings == [] and result["status"] == "compliant"
    findings, _ = check_annual(parse_document(AnnualCompliance, doc), policy)
    assert [f.code for f in findings] == ["ANN_TOTAL"]


@pytest.mark.parametrize(
    ("table", "key", "reason"),
    [
        (
            'when = { "unit.colour" = "red" }\nmin = 20',
            "compliance.ANN_TOTAL.cases[0].when.unit.colour",
            "未知的键",
        ),
        (
            'when = { "unit.category" = "village" }\nmin = 20',
            'compliance.ANN_TOTAL.cases[0].when."unit.category"',
            "应为以下之一",
        ),
        ("min = 20", "compliance.ANN_TOTAL.cases[0]", "缺少必填的键：when"),
        (
            'when = { "unit.category" = "county" }\nmax = 20',
            "compliance.ANN_TOTAL.cases[0].max",
            "未知的键",
        ),
        (
            'when = { "project.level" = "city" }\nmin = 20',
            'compliance.ANN_TOTAL.cases[0].when."project.level"',
            "未知的键",
        ),
        ("when = {}\nmin = 20", "compliance.ANN_TOTAL.cases[0].when", "when 至少须有一个条件"),
    ],
)
def test_a_case_that_cannot_be_used_is_refused_naming_its_key(table, key, reason):
    text = f"""
id = "bad-case"
title = "有误"
extends = "national-2024"

[compliance.ANN_TOTAL]
cite = "测试"

[[compliance.ANN_TOTAL.cases]]
{table}
"""
    with pytest.raises(PolicyError) as caught:
        load_pack_text("bad-case", text)
    assert caught.value.key.replace('"', "") == key.replace('"', "")
    assert reason in caught.value.reason


def test_the_pack_page_table_lists_cases_then_the_default():
    policy = load_pack_text("province-categories", THREE_MINIMUMS)
    (table,) = policy.case_tables()
    assert table["key"] == "compliance.ANN_TOTAL"
    assert table["facts"] == [("unit.category", "单位类别（城区、郊区、县、乡镇）")]
    assert table["keys"] == ["min"]
    assert [(row["when"], row["values"]) for row in table["rows"]] == [
        ({"unit.category": "county"}, {"min": 20}),
        ({"unit.category": "township"}, {"min": 15}),
        ({}, {"min": 25}),
    ]
