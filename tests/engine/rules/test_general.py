"""The general rules notices keep using, written as pack data and run through
``jijiao precheck --policy PACK.toml``: discipline lists, declared fields and attachments,
past-project facts, enrolment per project, no change after approval, 学时 not shortened."""

import pytest

from tests.engine.packs.test_selectors import by_code, precheck_cli
from tests.engine.rules.documents import clean_application

# 某市 2026 年专项培训项目申报通知（测试用文本）：“本次申报限于全科医学（03-13）、儿科学（06）、
# 急诊医学（03-12）、老年医学（03-15）、康复医学（17）五个学科；与上述学科密切相关的学科
# （如内科学 03 与全科医学）亦可申报。项目负责人须签署承诺书并作为附件上传。
# 申报书须填写联系人及联系电话。”
FIVE_DISCIPLINES = """
id = "special-call-2026"
title = "某市2026年专项培训项目申报"
extends = "wenzhou-2025"

[application.city.APP_DISCIPLINE_SCOPE]
cite = "某市专项培训通知 一"
severity = "error"
allowed = ["03-13", "06", "03-12", "03-15", "17"]
related = [["03-13", "03-06"]]

[application.city.APP_ATTACHMENT_MISSING]
cite = "某市专项培训通知 二"
severity = "error"
attachments = [{ key = "pi_pledge", label = "项目负责人签字承诺书" }]

[application.city.APP_FIELD_MISSING]
cite = "某市专项培训通知 二"
severity = "error"
fields = [
  { key = "contact", label = "联系人" },
  { key = "phone", label = "联系电话", pattern = "[0-9-]{7,20}" },
]
"""


def special(tmp_path, capsys, monkeypatch, **changes):
    doc = clean_application()
    doc["project"]["fields"] = {"contact": "王某", "phone": "0577-88880000"}
    doc["attachments"] = [{"kind": "pi_pledge", "name": "承诺书.pdf"}]
    for key, value in changes.items():
        if key in doc["project"]:
            doc["project"][key] = value
        else:
            doc[key] = value
    return by_code(
        precheck_cli(tmp_path, capsys, monkeypatch, "application", FIVE_DISCIPLINES, doc)
    )


@pytest.mark.parametrize("discipline", ["03-13", "06-01", "06", "03-12", "03-15", "17-02", "03-06"])
def test_the_five_disciplines_and_a_closely_related_one_are_accepted(
    tmp_path, capsys, monkeypatch, discipline
):
    found = special(tmp_path, capsys, monkeypatch, discipline=discipline)
    assert not {"APP_DISCIPLINE_SCOPE", "APP_ATTACHMENT_MISSING", "APP_FIELD_MISSING"} & set(found)


@pytest.mark.parametrize("discipline", ["04-01", "03-01", "19-01"])
def test_another_discipline_is_refused(tmp_path, capsys, monkeypatch, discipline):
    found = special(tmp_path, capsys, monkeypatch, discipline=discipline)
    assert found["APP_DISCIPLINE_SCOPE"] == (
        "error",
        f"项目学科 {discipline} 不在本次申报的学科范围内（限：03-13、06、03-12、03-15、17）"
        "（某市专项培训通知 一）",
    )


def test_without_the_signed_pledge_the_application_is_refused(tmp_path, capsys, monkeypatch):
    found = special(tmp_path, capsys, monkeypatch, discipline="03-13", attachments=[])
    assert found["APP_ATTACHMENT_MISSING"] == (
        "error",
        "缺少附件：项目负责人签字承诺书（某市专项培训通知 二）",
    )
    other = [{"kind": "other", "name": "日程.pdf"}]
    found = special(tmp_path, capsys, monkeypatch, discipline="03-13", attachments=other)
    assert "APP_ATTACHMENT_MISSING" in found


def test_declared_fields_must_be_filled_and_well_formed(tmp_path, capsys, monkeypatch):
    found = special(
        tmp_path, capsys, monkeypatch, discipline="03-13", fields={"phone": "0577-1234567"}
    )
    assert found["APP_FIELD_MISSING"] == ("error", "申报书未填写：联系人（某市专项培训通知 二）")
    doc_fields = {"contact": "王某", "phone": "不详"}
    found = special(tmp_path, capsys, monkeypatch, discipline="03-13", fields=doc_fields)
    assert found["APP_FIELD_MISSING"] == (
        "error",
        "填写格式不符：联系电话「不详」（某市专项培训通知 二）",
    )


EXCLUDED = """
id = "excluded-call"
title = "不受理部分学科"
extends = "wenzhou-2025"

[application.city.APP_DISCIPLINE_SCOPE]
cite = "测试 一"
severity = "warning"
excluded = ["19", "03-06"]
"""


def test_an_excluded_discipline_is_flagged_with_the_packs_severity(tmp_path, capsys, monkeypatch):
    doc = clean_application()
    found = by_code(precheck_cli(tmp_path, capsys, monkeypatch, "application", EXCLUDED, doc))
    assert found["APP_DISCIPLINE_SCOPE"] == (
        "warning",
        "项目学科 03-06 属于本次不受理的学科（03-06）（测试 一）",
    )
    doc["project"]["discipline"] = "03-01"
    found = by_code(precheck_cli(tmp_path, capsys, monkeypatch, "application", EXCLUDED, doc))
    assert "APP_DISCIPLINE_SCOPE" not in found


PAST = """
id = "past-call"
title = "备案须为上年度已批准并举办的项目"
extends = "zhejiang-2023"

[application.city.APP_PAST_PROJECT]
cite = "测试 二"
severity = "error"
tracks = ["refiling"]
years_before = [1]
needs = ["approved", "held"]
match = "name_or_number"

[application.provincial.APP_PAST_PROJECT]
cite = "测试 三"
severity = "warning"
tracks = ["new"]
years = [2024]
needs = ["approved"]
match = "name"
mode = "forbidden"
"""


def past_doc(track, history, level="city", **project):
    doc = clean_application()
    doc["project"].update(track=track, level=level, year=2025, **project)
    doc["history"] = history
    return doc


def test_refiling_needs_a_project_approved_and_held_last_year(tmp_path, capsys, monkeypatch):
    name = "基层慢病管理适宜技术培训班"
    held = {"year": 2024, "name": name, "approved": True, "held": True}
    run = lambda doc: by_code(precheck_cli(tmp_path, capsys, monkeypatch, "application", PAST, doc))  # noqa: E731
    assert "APP_PAST_PROJECT" not in run(past_doc("refiling", [held]))
    not_held = {**held, "held": False}
    assert run(past_doc("refiling", [not_held]))["APP_PAST_PROJECT"] == (
        "error",
        "备案项目须为 2024 年已批准且已举办的同名或同编号项目，未找到相应记录（测试 二）",
    )
    two_years = {**held, "year": 2023}
    assert "APP_PAST_PROJECT" in run(past_doc("refiling", [two_years]))
    by_number = {"year": 2024, "number": "2024-03-06-007", "approved": True, "held": True}
    renamed = past_doc(
        "refiling", [by_number], name="改名后的培训班", previous_number="2024-03-06-007"
    )
    assert "APP_PAST_PROJECT" not in run(renamed)
    assert "APP_PAST_PROJECT" not in run(past_doc("new", [not_held]))  # only re-filing


def test_a_project_approved_before_is_not_applied_for_again_as_new(tmp_path, capsys, monkeypatch):
    name = "基层慢病管理适宜技术培训班"
    approved = {"year": 2024, "name": name, "number": "2024-P-1", "approved": True}
    doc = past_doc("new", [approved], level="provincial")
    found = by_code(precheck_cli(tmp_path, capsys, monkeypatch, "application", PAST, doc))
    assert found["APP_PAST_PROJECT"] == (
        "warning",
        f"2024 年已有已批准的同名项目「{name}」（测试 三）",
    )
    doc = past_doc("new", [], level="provincial")
    found = by_code(precheck_cli(tmp_path, capsys, monkeypatch, "application", PAST, doc))
    assert "APP_PAST_PROJECT" not in found


ENROLMENT = """
id = "enrolment-caps"
title = "每期与每项目招生上限"
extends = "wenzhou-2025"

[application.city.APP_ENROLLMENT_LIMIT]
cite = "测试 一.4"
severity = "warning"
max = 100

[application.city.APP_PROJECT_ENROLLMENT_LIMIT]
cite = "测试 一.4"
severity = "warning"
max = 300
formats = ["offline", "blended"]
"""


@pytest.mark.parametrize(
    ("sessions", "per_session", "total", "expected"),
    [
        (2, 100, None, {}),
        (
            4,
            100,
            None,
            {"APP_PROJECT_ENROLLMENT_LIMIT": "线下项目计划招生共 400 人，超过每项目 300 人上限"},
        ),
        (2, 120, None, {"APP_ENROLLMENT_LIMIT": "每期计划招生 120 人，超过 100 人上限"}),
        (4, 100, 250, {}),
    ],
)
def test_enrolment_caps_per_session_and_per_project_are_warnings_as_principles(
    tmp_path, capsys, monkeypatch, sessions, per_session, total, expected
):
    doc = clean_application()
    doc["project"].update(sessions=sessions, enrollment_per_session=per_session)
    if total is not None:
        doc["project"]["enrollment_total"] = total
    out = precheck_cli(tmp_path, capsys, monkeypatch, "application", ENROLMENT, doc)
    found = {
        f["code"]: f["message"].removesuffix("（测试 一.4）")
        for f in out["findings"]
        if f["code"] in ("APP_ENROLLMENT_LIMIT", "APP_PROJECT_ENROLLMENT_LIMIT")
    }
    assert found == expected
    assert all(f["severity"] == "warning" for f in out["findings"] if f["code"] in found)


def filing_doc(**plan):
    approved = {
        "level": "city",
        "name": "基层慢病管理培训班",
        "number": "AY2022-001",
        "host": "安阳市某医院",
        "content": "高血压、糖尿病基层管理",
        "teachers": ["张某", "李某"],
        "hours": 12,
    }
    filed = {k: approved[k] for k in ("name", "number", "content", "teachers", "hours")}
    return {
        "project": approved,
        "session": {"start": "2022-06-20", "end": "2022-06-21", "venue": "本院"},
        "filed_on": "2022-06-01",
        "plan": {**filed, **plan},
    }


def test_anyang_filing_refuses_changes_after_approval(tmp_path, capsys, monkeypatch):
    from jijiao.engine.packs.loader import PACKS_DIR

    anyang = (PACKS_DIR / "anyang-2022.toml").read_text(encoding="utf-8")
    run = lambda doc: by_code(precheck_cli(tmp_path, capsys, monkeypatch, "filing", anyang, doc))  # noqa: E731
    assert not {"FIL_CHANGED_AFTER_APPROVAL", "FIL_HOURS_SHORTENED"} & set(run(filing_doc()))
    changed = run(filing_doc(name="基层慢病管理提高班", teachers=["张某", "王某"]))
    assert changed["FIL_CHANGED_AFTER_APPROVAL"] == (
        "error",
        "批准后擅自变更：项目名称「基层慢病管理培训班」→「基层慢病管理提高班」；"
        "授课教师（新增 王某；减少 李某）（安阳市继委2022年项目通知 三）",
    )
    content = run(filing_doc(content="医院管理"))["FIL_CHANGED_AFTER_APPROVAL"][1]
    assert content.startswith("批准后擅自变更：内容「高血压、糖尿病基层管理」→「医院管理」")
    assert "FIL_CHANGED_AFTER_APPROVAL" not in run(filing_doc(content="高血压、糖尿病\n基层 管理"))
    shorter = run(filing_doc(hours=9))
    assert shorter["FIL_HOURS_SHORTENED"] == (
        "error",
        "举办学时 9 少于批准的 12 学时（安阳市继委2022年项目通知 三）",
    )
    assert "FIL_HOURS_SHORTENED" not in run(filing_doc(hours=14))


def test_a_long_changed_content_is_shown_where_it_differs():
    from jijiao.engine.rules.filing import _changed

    approved = "一、高血压的规范化诊断与分级管理；二、糖尿病的药物治疗与随访；三、基层转诊指征"
    planned = approved.replace("三、基层转诊指征", "三、医保支付改革")
    assert _changed("content", approved, planned) == (
        "内容「…药物治疗与随访；三、基层转诊指征」→「…药物治疗与随访；三、医保支付改革」"
    )
    assert (
        _changed("content", approved, "")
        == "内容「一、高血压的规范化诊断与分级管理；二、糖尿病的药物治疗与随访…」→「（未填写）」"
    )
