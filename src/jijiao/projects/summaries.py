"""A unit's yearly execution summary (seed 000 附件3/附件4: 立项获批总数及年度办班情况汇总),
filled from the data, and the office's overview of every unit for a year.

Approved projects are the unit's past projects of the year and level (imported or recorded)
plus projects published for it that have no such record, decided by their sessions' reports
(jijiao.execution.history); what nothing decides yet is shown apart as "执行情况未登记".
"""

import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from jijiao.orgs.models import Unit
from jijiao.projects.facts import years_behind
from jijiao.projects.models import Level, Track


@dataclass
class Line:
    name: str
    number: str
    leader_name: str
    track: str
    online: bool = False
    credited_persons: int | None = None
    reason: str = ""
    excused: bool = False


@dataclass
class UnitYearSummary:
    unit: Unit
    year: int
    level: str
    held: list[Line] = field(default_factory=list)
    not_held: list[Line] = field(default_factory=list)
    unrecorded: list[Line] = field(default_factory=list)

    def of(self, lines: list[Line], track: str) -> list[Line]:
        return [line for line in lines if line.track == track]

    @property
    def approved(self) -> int:
        return len(self.held) + len(self.not_held) + len(self.unrecorded)

    @property
    def credited_persons(self) -> int:
        return sum(line.credited_persons or 0 for line in self.held)

    @property
    def held_share(self) -> Decimal | None:
        """已完成数占比 in percent, one decimal; ``None`` with nothing approved."""
        if not self.approved:
            return None
        share = Decimal(100 * len(self.held)) / self.approved
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def not_held_share(self) -> Decimal | None:
        share = self.held_share
        return None if share is None else Decimal(100) - share

    def track_counts(self, track: str) -> tuple[int, int, int]:
        """(approved, held, not held) of one track, as the form's lines 1 and 2."""
        held, not_held = len(self.of(self.held, track)), len(self.of(self.not_held, track))
        return held + not_held + len(self.of(self.unrecorded, track)), held, not_held


def summaries(units, year: int, level: str) -> list[UnitYearSummary]:
    """The summary of each unit with any approved project of the year and level, from the one
    history (held / not held / excused / not yet recorded) the execution app serves through
    :func:`jijiao.projects.facts.years_behind` — the same outcomes the quota reads."""
    return years_behind().year_summaries(list(units), year, level)


def unit_year_summary(unit: Unit, year: int, level: str) -> UnitYearSummary:
    found = summaries([unit], year, level)
    return found[0] if found else UnitYearSummary(unit, year, level)


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}"


def summary_xlsx(summary: UnitYearSummary) -> bytes:
    """The 附件3/附件4 form filled in: the counts, then the four tables of the seed (held new,
    held re-filed, not held new, not held re-filed), then any project not yet recorded."""
    level_label = Level(summary.level).label
    short = level_label.removesuffix("级")
    book = Workbook()
    sheet = book.active
    sheet.title = f"{summary.year}年度办班情况"
    bold = Font(bold=True)
    sheet.append(
        [f"{summary.year}年度  {level_label}继续医学教育项目立项获批总数及年度办班情况汇总"]
    )
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [f"举办单位名称：{summary.unit.name}（加盖公章）", "", "", "填表时间：    年  月  日"]
    )
    new, refiling = summary.track_counts(Track.NEW), summary.track_counts(Track.REFILING)
    sheet.append(
        [
            f"{level_label}继教项目（新立项+备案项目）共获批（{summary.approved}）项，"
            f"已完成数占比（{_percent(summary.held_share)}）%，"
            f"未完成数占比（{_percent(summary.not_held_share)}）%"
        ]
    )
    sheet.append(
        [
            f"1.获批新立项项目总数（{new[0]}）项 已举办项目数（{new[1]}）项 "
            f"未举办项目数（{new[2]}）项"
        ]
    )
    sheet.append(
        [
            f"2.获批备案项目总数（{refiling[0]}）项 已举办项目数（{refiling[1]}）项 "
            f"未举办项目数（{refiling[2]}）项"
        ]
    )
    sheet.append(
        [
            f"{summary.year}年度共计完成{short}级继教项目（{len(summary.held)}）项，"
            f"授予学分人数共计（{summary.credited_persons}）人"
        ]
    )

    def table(title: str, headers: list[str], lines: list[Line], values) -> None:
        sheet.append([])
        sheet.append(["序号", title, *headers, "举办方式：线上/线下"])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for index, line in enumerate(lines, start=1):
            sheet.append([index, line.name, *values(line), "线上" if line.online else "线下"])
        if not lines:
            sheet.append(["", "（无）"])

    held_headers = ["项目编号", "项目负责人姓名", "授予学分人数（人）"]
    not_held_headers = ["项目编号", "项目负责人姓名", "未举办原因"]

    def held_values(line):
        return [line.number, line.leader_name, line.credited_persons]

    def not_held_values(line):
        excused = "（理由正当）" if line.excused else ""
        return [line.number, line.leader_name, f"{line.reason}{excused}"]

    for track, label in ((Track.NEW, "新立项"), (Track.REFILING, "备案项目")):
        table(
            f"已举办项目名称（{label}）", held_headers, summary.of(summary.held, track), held_values
        )
    sheet.append([])
    sheet.append([f"{summary.year}年度共计未举办{short}级继教项目（{len(summary.not_held)}）项"])
    for track, label in ((Track.NEW, "新立项"), (Track.REFILING, "备案项目")):
        table(
            f"未举办项目名称（{label}）",
            not_held_headers,
            summary.of(summary.not_held, track),
            not_held_values,
        )
    if summary.unrecorded:
        sheet.append([])
        sheet.append([f"已公布但尚未登记举办情况的项目（{len(summary.unrecorded)}）项"])
        table(
            "项目名称",
            ["项目编号", "项目负责人姓名", "说明"],
            summary.unrecorded,
            lambda line: [line.number, line.leader_name, "执行情况未登记"],
        )
    sheet.append([])
    sheet.append(["填表人姓名：", "", "联系方式："])
    for letter, width in zip("ABCDEF", (8, 44, 24, 16, 30, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


OVERVIEW_HEADERS = [
    "单位",
    "获批总数",
    "其中新立项",
    "其中备案",
    "已举办",
    "未举办",
    "其中理由正当",
    "执行情况未登记",
    "已完成数占比(%)",
    "授予学分人数",
]


def overview_rows(items: list[UnitYearSummary]) -> list[list]:
    return [
        [
            s.unit.name,
            s.approved,
            s.track_counts(Track.NEW)[0],
            s.track_counts(Track.REFILING)[0],
            len(s.held),
            len(s.not_held),
            sum(1 for line in s.not_held if line.excused),
            len(s.unrecorded),
            _percent(s.held_share),
            s.credited_persons,
        ]
        for s in items
    ]
