"""The overview's figures as one workbook, a sheet per table of the page (same numbers)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from jijiao.overview.figures_compliance import people_list
from jijiao.overview.queries.compliance import STATUSES
from jijiao.overview.queries.projects import STAGES


def _value(value):
    if value is None:
        return ""
    if hasattr(value, "as_tuple"):  # Decimal
        return float(value)
    return value


def _sheet(book: Workbook, title: str, headers: list[str], rows) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row in rows:
        sheet.append([_value(v) for v in row])
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(
            10, len(header) * 2 + 2
        )
    sheet.freeze_panes = "A2"


def _compliance_rows(rows) -> list[list]:
    return [[r.label, r.people, *[n for n, _url in r.counts], r.rate] for r in rows]


def overview_workbook(scope, compliance: dict, projects: dict, credits: dict) -> bytes:
    book = Workbook()
    book.remove(book.active)
    head = ["分组", "人数", *[label for _k, label in STATUSES], "达标率(%)"]
    _sheet(
        book,
        "学分达标",
        head,
        _compliance_rows([*compliance["groups"], compliance["total"]]),
    )
    _sheet(book, "达标-按职称", head, _compliance_rows(compliance["titles"]))
    _sheet(book, "达标-按单位类别", head, _compliance_rows(compliance["categories"]))
    _sheet(book, "达标-近五年", head, _compliance_rows(compliance["trend"]))
    _sheet(
        book,
        "未达标人员",
        ["单位", "科室", "姓名", "职称", "总学分", "Ⅰ类", "其中远程", "Ⅱ类", "未达到", "说明"],
        [
            [
                s.unit_name,
                s.department_name,
                s.name,
                s.title_label,
                s.total,
                s.class1,
                s.class1_remote,
                s.class2,
                s.short_labels,
                "；".join(s.messages),
            ]
            for s in people_list(scope, status="noncompliant")
        ],
    )
    _sheet(
        book,
        "项目执行",
        [
            "分组",
            *[label for _k, label in STAGES],
            "执行率(%)",
            "举办期次",
            "报名人次",
            "每期平均人数",
            "单位外学员占比(%)",
            "省外学员占比(%)",
            "平均执行评分",
            "评分期次",
            "满意度(%)",
            "评价份数",
            "督导期次",
            "存在违规",
            "处理决定",
        ],
        [
            [
                g.label,
                *[n for n, _url in g.stages],
                g.rate,
                g.sessions,
                g.trainees,
                g.per_session,
                g.outside_unit,
                g.outside_province,
                g.score,
                g.scored,
                g.satisfied,
                g.answers,
                g.inspections,
                g.violations,
                g.sanctions,
            ]
            for g in [*projects["groups"], projects["total"]]
        ],
    )
    _sheet(
        book,
        "项目-按级别",
        ["级别", *[label for _k, label in STAGES]],
        [[level["label"], *[n for n, _url in level["stages"]]] for level in projects["levels"]],
    )
    _sheet(
        book,
        "各月举办期次",
        ["月份", "期次"],
        [[f"{m}月", n] for m, n in projects["months"]],
    )
    _sheet(
        book,
        "执行评分各项",
        ["项目", "名称", "平均分"],
        [[code, name, value] for code, name, value in projects["items"]],
    )
    _sheet(
        book,
        "学分来源",
        ["来源", "Ⅰ类(条)", "Ⅱ类(条)", "学分合计"],
        [[p["label"], *[n for n, _url in p["counts"]], p["credits"]] for p in credits["paths"]],
    )
    _sheet(
        book,
        "审核中学分",
        ["环节", *[label for _k, label, _l, _h in credits["ages"]]],
        [[p["label"], *[n for n, _url in p["ages"]]] for p in credits["pending"]],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
