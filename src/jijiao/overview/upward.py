"""The workbook an office sends to the level above for a year (seed 003 第二十五条): the
qualified people (达标 and 不计达标) of every unit in its area, and the figures per unit —
people and compliance, projects approved to accepted. ID numbers are masked, as everywhere
outside the person's own pages."""

import io
from collections import Counter

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from jijiao.orgs.models import Person
from jijiao.overview.queries.compliance import STATUSES, Standing, rate, standings
from jijiao.overview.queries.projects import STAGES, project_rows, share

QUALIFIED = ("compliant", "exempt")
LIST_HEAD = ["序号", "单位", "科室", "姓名", "身份证号", "职称", "Ⅰ类学分", "Ⅱ类学分", "总学分"]
LIST_HEAD.append("达标情况")


def _sheet(book, title, headers, rows):
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row in rows:
        sheet.append([float(v) if hasattr(v, "as_tuple") else v for v in row])
    sheet.freeze_panes = "A2"
    return sheet


def upward_workbook(office, year: int, units) -> tuple[bytes, dict]:
    """The workbook and its figures (what the record keeps): units, people, qualified."""
    units = list(units)
    rows: list[Standing] = standings(year, units)
    masked = dict(
        Person.objects.filter(pk__in=[s.person_id for s in rows]).values_list("pk", "id_masked")
    )
    qualified = [s for s in rows if s.status in QUALIFIED]
    book = Workbook()
    book.remove(book.active)
    _sheet(
        book,
        "合格人员名单",
        LIST_HEAD,
        [
            [
                index,
                s.unit_name,
                s.department_name,
                s.name,
                masked.get(s.person_id, ""),
                s.title_label,
                s.class1,
                s.class2,
                s.total,
                s.status_label,
            ]
            for index, s in enumerate(qualified, start=1)
        ],
    )
    projects = project_rows(year, [u.pk for u in units])
    summary = []
    for unit in units:
        mine = [s for s in rows if s.unit_id == unit.pk]
        counts = Counter(s.status for s in mine)
        theirs = [p for p in projects if p.unit_id == unit.pk]
        stages = [sum(1 for p in theirs if p.at(key)) for key, _label in STAGES]
        summary.append(
            [
                unit.name,
                len(mine),
                *[counts[key] for key, _label in STATUSES],
                rate(counts),
                *stages,
                share(stages[-1], stages[0]),
            ]
        )
    counts = Counter(s.status for s in rows)
    stages = [sum(1 for p in projects if p.at(key)) for key, _label in STAGES]
    summary.append(
        [
            "合计",
            len(rows),
            *[counts[k] for k, _l in STATUSES],
            rate(counts),
            *stages,
            share(stages[-1], stages[0]),
        ]
    )
    _sheet(
        book,
        "汇总",
        [
            "单位",
            "人数",
            *[label for _k, label in STATUSES],
            "达标率(%)",
            *[label for _k, label in STAGES],
            "执行率(%)",
        ],
        summary,
    )
    cover = book.create_sheet("说明", 0)
    cover.append(["上报单位", office.name])
    cover.append(["年度", year])
    cover.append(["合格人数", len(qualified)])
    cover.append(["说明", "合格 = 达标与不计达标；只计审核通过且有效的学分；身份证号已脱敏。"])
    out = io.BytesIO()
    book.save(out)
    figures = {
        "units": len(units),
        "people": len(rows),
        "qualified": len(qualified),
        "statuses": {key: counts[key] for key, _l in STATUSES},
        "stages": dict(zip([k for k, _l in STAGES], stages, strict=True)),
    }
    return out.getvalue(), figures
