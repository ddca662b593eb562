"""The pack reference (``docs/packs.md``), generated from the schema.

Every section and key a pack may set, its type and allowed values, the facts its rules may
select on, what each rule checks (the rule function's docstring), the shipped packs that set it
with their clause, and the worked packs of ``packs/worked/`` with their examples.
``jijiao policy reference`` prints it; a test fails when ``docs/packs.md`` is stale.
"""

import inspect
import json
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jijiao.engine.packs import schema
from jijiao.engine.packs.loader import load_policy, shipped_pack_ids
from jijiao.engine.packs.rule_names import rule_name
from jijiao.engine.packs.schema import FACTS, PACK, SECTION_FACTS, ListOf, Node, Scalar, Table
from jijiao.engine.packs.schema.sections import EXAMPLE
from jijiao.engine.rules import application, attendance, execution, filing, vocab, workflow

WORKED_DIR = Path(__file__).parent / "worked"

# Rules whose check is not one function of a CHECKS table: what they check.
_OTHER_RULES = {
    "ATT_CAPACITY": "报名人数不超过计划招生人数（整期一条结果）。",
    "CRD_LATE_ENTRY": "超过录入期限后录入，须有证明（proof）；有则按 allowed_severity 提示。",
    "CRD_LATE_ENTRY_PLEDGE": "超过录入期限后录入，须有承诺书；有则按 allowed_severity 提示。",
    "CRD_ENTRY_CLOSED": "超过最终期限，不再受理录入。",
    "CRD_REVIEW_CLOSED": "超过 until 所定日期，不再审核。",
    "CRD_EVIDENCE_MISSING": "该类活动须有 evidence.kinds 所列的证明材料。",
    "ANN_TOTAL": "年度学分合计 ≥ min。",
    "ANN_CLASS1": "年度Ⅰ类学分 ≥ min（适用Ⅰ/Ⅱ类划分的年度）。",
    "ANN_CLASS2": "年度Ⅱ类学分 ≥ min（适用Ⅰ/Ⅱ类划分的年度）。",
    "ANN_PUBLIC_HOURS": "给出人事部门的公需科目学时时，≥ min。",
    "AUD_YEAR_NONCOMPLIANT": "审核窗口内每一年均达标（或免于达标）。",
    "AUD_REMOTE_SHARE": "窗口内远程Ⅰ类学分占Ⅰ类学分的比例 ≤ max_share。",
    "AUD_NATIONAL_CREDITS": "unit_levels 所列级别单位的人员，窗口内国家级Ⅰ类学分 ≥ min。",
    "AUD_EVIDENCE_MISSING": "窗口内每条记录有 evidence.kinds 所列的证明材料。",
}

# Settings (not rules) of a section: what they decide and the clause that asked for them.
_SETTING_NOTES = {
    ("attendance", "eligibility_list"): (
        '线上（或线上线下结合）期次的学分授予名单的排序：`online_order = "minutes_desc"` '
        "按累计在线学习时长从高到低（安阳市继委2022年项目通知 五、六：学员数据表请按累计学时数"
        "从高到低排序），`registration`（默认）按报名先后。"
    ),
}

_SETTING_NOTES[("compliance", "annual_proof")] = (
    "年度合格证明上写明它视同完成当年度人社部门专业科目 `professional_hours` 学时的培训要求"
    "（长沙市继续医学教育管理办法（试行）第九条：视同完成当年度省人力资源社会保障厅 60 学时"
    "专业科目培训要求）；不设则不写。"
)

_SECTION_NAMES = {
    "credits": "学分（按项目级别）",
    "numbering": "项目编号（按项目级别）",
    "application": "项目申报 APP_*（按项目级别）",
    "filing": "举办报备 FIL_*（按项目级别）",
    "execution": "执行情况上报 EXE_*（按项目级别，工作流）",
    "attendance": "考勤 ATT_*",
    "scoring": "执行情况评分（附件4）",
    "credit_entry": "学分录入 CRD_*",
    "evidence": "证明材料",
    "compliance": "年度学分达标 ANN_*",
    "audit": "晋升学分审核 AUD_*",
    "sanctions": "处理规则 SAN_*（由事件提议，经办公室确认）",
    "remote": "远程教育机构备案：platforms 所列的学习平台（web 电脑端、mobile 手机端）均须提供",
    "inspection": (
        "现场督导：督导期次数不少于 min_rate × 当年公布的 levels 级别、formats 方式项目数"
        "（向上取整；导入的项目无举办方式，按线下计）；"
        "只能督导已报备的期次，故分批抽取直至达到该数"
    ),
    "notifications": "消息提醒（无通知规定；系统默认提前 7 天起提醒）",
    "unit_accounts": (
        "单位账号申请：scans 为须随申请上传的扫描件（form 加盖公章的申请信息表、licence 加盖公章的"
        "执业许可证、legal_representative_id 法人身份证、agent_id 委托办理人身份证），"
        "monthly_cutoff 为每月受理截止日，此后递交的顺延至下月受理"
        "（长沙市继续医学教育管理办法（试行）第十四条：每月 25 日前递交）"
    ),
    "routing": (
        "申报的分流：tcm = true 时中医类项目由另设的中医主管处室受理、评审和决定，"
        "继教办发布申报通知时须指定该处室，申报人在申报书中勾选“中医类项目”"
        "（长沙市继续医学教育管理办法（试行）第七条：市卫生健康委中医处负责中医类继续医学教育"
        "项目申报审核）"
    ),
    "transfers": (
        "人员调动：forced_proofs 为市继教办对已注销且无人管理的机构的人员强制调出时"
        "须上传并保存的证明（deregistration 原注销机构的发证单位开具的注销证明，"
        "intake 现单位开具的调入证明；长沙市继续医学教育管理办法（试行）第十八条）"
    ),
    "password_reset": (
        "单位管理员账号的密码重置（由发证机构办理：区县发证的单位由区县卫健局，其余由市继教办）："
        "stamped_request = true 时须上传加盖本单位公章的申请说明材料，随重置记录保存"
        "（长沙市继续医学教育管理办法（试行）第十七条）"
    ),
    "plans": (
        "市级继续医学教育计划（半年一报）：deadlines 为各半年计划的提交截止日（MM-DD），"
        "继教办发布计划申报时不填截止时间即取当年下一个截止日当天 24 时"
        "（长沙市继续医学教育管理办法（试行）第十一条：每年 3 月 31 日、7 月 31 日前）"
    ),
}


def _describe_rule(code: str) -> str:
    checks: dict[str, Any] = {**application.CHECKS, **filing.CHECKS, **execution.CHECKS}
    checks.update(attendance.ATTENDEE_CHECKS)
    checks.update(workflow.CHECKS)
    function = checks.get(code)
    if function is None:
        return _OTHER_RULES.get(code, "")
    doc = inspect.getdoc(function) or ""
    first = " ".join(doc.split("\n\n", 1)[0].split())
    return first.removeprefix(f"{code}: ")


def type_text(node: Node) -> str:
    """A key's type in the reference: a scalar's label, ``数组：…`` or ``表（…）``."""
    if isinstance(node, Scalar):
        return node.label
    if isinstance(node, ListOf):
        return f"数组：{type_text(node.item)}"
    keys = "、".join(f"`{k}`" for k in node.fields if k not in ("cite", "secondary", "note"))
    required = sorted(node.required - {"cite"})
    extra = f"；必填 {'、'.join(required)}" if required else ""
    return f"表（{keys}{extra}）" if keys else "表"


def _uses() -> dict[tuple[str, ...], list[tuple[str, str]]]:
    """Rule path without level → ``[(pack, cite)]`` for the shipped packs that set it."""
    found: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for pack_id in shipped_pack_ids():
        policy = load_policy(pack_id)
        for path in schema.rule_paths():
            table = policy.get(*path)
            if table is None or policy.source(*path) != pack_id:
                continue
            key = tuple(p for p in path if p not in vocab.LEVELS)
            entry = (pack_id, table.get("cite", ""))
            if entry not in found.setdefault(key, []):
                found[key].append(entry)
    return found


def _rules(section: str, node: Table) -> Iterator[tuple[str, Table]]:
    level_keyed = set(node.fields) <= set(vocab.LEVELS) and node.fields
    inner = node.fields[vocab.LEVELS[0]] if level_keyed else node
    if isinstance(inner, Table):
        for code, child in inner.fields.items():
            if isinstance(child, Table) and child.is_rule:
                yield code, child


def _settings(node: Table) -> list[tuple[str, Node]]:
    level_keyed = set(node.fields) <= set(vocab.LEVELS) and node.fields
    inner = node.fields[vocab.LEVELS[0]] if level_keyed else node
    if not isinstance(inner, Table):
        return []
    return [
        (key, child)
        for key, child in inner.fields.items()
        if not (isinstance(child, Table) and child.is_rule)
        and key not in ("cite", "secondary", "note")
    ]


INTRO = """# 政策包参考（policy packs）

> 本文件由 `jijiao policy reference > docs/packs.md` 从政策包的模式
> （`src/jijiao/engine/packs/schema/`）生成，请勿手改；测试会在它过期时失败。

一份政策包是一个 TOML 文件：某地某年的通知写成数据。`extends` 指向所继承的政策包，表按键合并，
其他值（包括数组）整体替换。规则表（如 `[application.city.APP_PI_AGE]`）须有 `cite`（通知及条款，
显示在每条提示里）和 `severity`（`error` 阻止，`warning` 提示；可继承）；
`enabled = false` 关闭继承来的规则；`secondary = true` 表示取值为转引；`note` 为说明。
按项目级别的节（`application`、`filing`、`execution`、`credits`、`numbering`）下先写级别
`national`、`provincial` 或 `city`，某级别的规则不会用于其他级别。

试用一份尚未保存的政策包：`jijiao precheck KIND --policy 路径/pack.toml 文档.json`
（`extends` 按内置政策包解析，无需数据库）；内置政策包用标识，如 `--policy wenzhou-2025`。
"""

CASES = """## 按条件取值（`cases`）

任何规则的取值——下限、上限、比例、期限、时间窗、`severity`、`enabled`——都可以随人员、单位或项目的
事实而不同：在规则表下写有序的 `[[…cases]]`，每项有 `when`（事实 → 取值或取值数组）和此时适用的值。
自上而下取第一个 `when` 全部成立的一项；都不成立、或所需事实缺失时，用规则表本身的值（默认）。
`when` 里的事实名含点，须加引号。政策包页面把这些条件列成表。

```toml
[compliance.ANN_TOTAL]
cite = "某省继续医学教育规定 第八条"
severity = "error"
min = 25                                   # 默认：城区等

[[compliance.ANN_TOTAL.cases]]
when = { "unit.category" = "county" }
min = 20

[[compliance.ANN_TOTAL.cases]]
when = { "unit.category" = "township", "person.title" = ["初级", "中级"] }
min = 15
```

旧写法 `[compliance.county_staff.ANN_TOTAL]` 等同于 `when = { "unit.county_level" = true }` 的一项，
仍然有效。

### 可选择的事实

| 事实 | 含义 | 取值 | 从哪里读 |
|---|---|---|---|
"""


EXAMPLES = """## 例子（`[[examples]]`）

政策包应能证明它说的就是通知说的（issue 22）：每个例子是一份预审文档和通知原文对它的结论，
`cite` 写明给出这一结论的通知及条款。政策包页面列出例子，“试算”按该政策包运行全部例子，
逐个显示通过或未通过及不同之处（命令行：`jijiao policy examples 政策包标识或文件`）；
测试对每个内置政策包运行它们（内置政策包自设的每条规则都有例子）；
有例子未通过的政策包不能用作申报通知或学分年度的政策包。例子属于政策包本身，不被继承，
也不计入内容哈希。

```toml
[[examples]]
name = "负责人 56 周岁"
note = "提交之日已满 56 周岁，超过 55 周岁"
cite = "温继委办发〔2025〕1号 一.1"
kind = "application"
like = "申报书齐全"                          # 以本包或所继承政策包中这个例子的文档为基础
set = { "pi.birth_date" = "1969-02-09" }     # 改动文档中的位置（"courses[0].minutes" 等）
fires = ["APP_PI_AGE"]
```

结论的判断：`fires` 中的每条规则都出现在结果中（考勤含学员的 `ineligible`、`warnings`），
`not_fires` 中的都不出现；`ok` 与结果一致；`result` 中写出的键与结果的相应键相等。

| 键 | 类型 |
|---|---|
"""


def _examples_table() -> str:
    rows = [f"| `{key}` | {type_text(node)} |" for key, node in EXAMPLE.fields.items()]
    required = "、".join(f"`{key}`" for key in sorted(EXAMPLE.required))
    rows.append("")
    rows.append(f"必填：{required}；`document` 与 `like` 二者取一。")
    return "\n".join(rows) + "\n"


def _facts_table() -> str:
    rows = []
    for name, fact in FACTS.items():
        values = fact.node.label + ("（含其下属区划）" if fact.prefix else "")
        rows.append(f"| `{name}` | {fact.label} | {values} | {fact.reads} |")
    rows.append("")
    rows.append("### 各节规则可选择的事实")
    rows.append("")
    rows.append("| 节 | 事实 |")
    rows.append("|---|---|")
    for section, facts in SECTION_FACTS.items():
        shown = "、".join(f"`{f}`" for f in facts) if facts else "（不支持 `cases`）"
        rows.append(f"| `{section}` | {shown} |")
    return "\n".join(rows) + "\n"


def _sections() -> str:
    uses = _uses()
    out = ["## 各节与规则\n"]
    for section, node in PACK.fields.items():
        if section in schema.META_KEYS or not isinstance(node, Table):
            continue
        out.append(f"### `{section}` — {_SECTION_NAMES.get(section, section)}\n")
        settings = _settings(node)
        if node.extra is not None and not node.fields:
            out.append("| 键 | 类型 |")
            out.append("|---|---|")
            out.append(f"| 各条处理规则（代码自定） | {type_text(node.extra)} |")
            out.append("")
        if settings:
            out.append("| 键 | 类型 |")
            out.append("|---|---|")
            out += [f"| `{key}` | {type_text(child)} |" for key, child in settings]
            out.append("")
            for key, _ in settings:
                if (section, key) in _SETTING_NOTES:
                    out.append(f"`{key}`：{_SETTING_NOTES[(section, key)]}\n")
        for code, rule in _rules(section, node):
            out.append(f"#### `{code}` {rule_name(code)}\n")
            described = _describe_rule(code)
            if described:
                out.append(described + "\n")
            own = [
                (k, v)
                for k, v in rule.fields.items()
                if k not in ("severity", "enabled", "cite", "secondary", "note", "cases")
            ]
            if own:
                out.append("| 键 | 类型 |")
                out.append("|---|---|")
                out += [f"| `{key}` | {type_text(child)} |" for key, child in own]
                out.append("")
            facts = SECTION_FACTS.get(section, ())
            if "cases" in rule.fields and facts:
                out.append("可按条件取值（`cases`）。")
            used = uses.get((section, code)) or uses.get((section, "county_staff", code)) or []
            if used:
                shown = "；".join(f"`{pack}`（{cite}）" for pack, cite in used)
                out.append(f"内置政策包：{shown}")
            else:
                out.append("内置政策包：无（供新通知使用）")
            out.append("")
    return "\n".join(out)


def worked_packs() -> list[dict[str, Any]]:
    """The worked packs: ``{"name", "text", "examples": [{"kind", "document", "expect"}]}``."""
    packs = []
    for path in sorted(WORKED_DIR.glob("*.toml")):
        examples = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        packs.append(
            {"name": path.stem, "text": path.read_text(encoding="utf-8"), "examples": examples}
        )
    return packs


def _worked() -> str:
    out = ["## 完整示例\n"]
    out.append(
        "以下政策包与例子由测试从本文件中提取并运行（`tests/engine/packs/test_reference.py`）。\n"
    )
    for pack in worked_packs():
        title = tomllib.loads(pack["text"])["title"]
        out.append(f"### {title}\n")
        out.append(f"<!-- worked-pack: {pack['name']} -->")
        out.append("```toml")
        out.append(pack["text"].rstrip("\n"))
        out.append("```\n")
        out.append(f"<!-- worked-examples: {pack['name']} -->")
        out.append("```json")
        out.append(json.dumps(pack["examples"], ensure_ascii=False, indent=2))
        out.append("```\n")
    return "\n".join(out)


def reference_markdown() -> str:
    """The whole of ``docs/packs.md``."""
    parts = [INTRO, CASES + _facts_table(), EXAMPLES + _examples_table(), _sections(), _worked()]
    return "\n".join(parts).rstrip() + "\n"
