"""The year's national and provincial lists, imported by the city office as the lists come
(an Excel file each, through the import the office's page uses): two national projects and a
provincial one of the demo's hospitals, and projects of hospitals elsewhere in the province."""

import io

from openpyxl import Workbook

from jijiao.common.errors import DomainError
from jijiao.demo.clockwork import at, day, load_day
from jijiao.demo.world import HOSPITALS, MARK, account, office
from jijiao.projects.domain.imports import publication_list_import
from jijiao.projects.sheets import LIST_COLUMNS


def list_file(rows: list[list]) -> bytes:
    book = Workbook()
    book.active.append([header for header, *_ in LIST_COLUMNS])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def load_lists() -> None:
    wz, city = account("wz_office"), office(0)
    year = load_day().year  # the projects of the load year (a call may open the year before)
    pi = account("pi_zhang").person.name
    first, lucheng, ruian = (h.name for h in HOSPITALS[:3])
    dates = f"{day(-40):%Y-%m-%d}至{day(-25):%Y-%m-%d}"
    lists = {
        "national": [
            [
                f"{year}-03-01-101（国）",
                "心力衰竭诊疗进展学习班",
                first,
                pi,
                dates,
                "温州",
                6,
                "心内科医师",
                200,
                "共 1 期",
            ],
            [
                f"{year}-03-01-102（国）",
                "胸痛中心规范化建设学习班",
                first,
                pi,
                dates,
                "温州",
                6,
                "急诊科、心内科医师",
                150,
                "共 1 期",
            ],
            [
                f"{year}-04-01-017（国）",
                "腹腔镜外科技术进展学习班",
                "浙江大学医学院附属第二医院",
                "李明",
                dates,
                "杭州",
                10,
                "外科医师",
                200,
                "",
            ],
        ],
        "provincial": [
            [
                f"{year}-03-13-201（省）",
                "基层全科医生慢病管理培训班",
                lucheng,
                "陈晓东",
                dates,
                "线上",
                4,
                "全科医生",
                300,
                "线上举办",
            ],
            [
                f"{year}-04-05-118（省）",
                "创伤骨科新进展研讨班",
                ruian,
                "周勇",
                dates,
                "瑞安",
                5,
                "骨科医师",
                120,
                "",
            ],
        ],
    }
    with at(day(-90)):
        for level, rows in lists.items():
            outcome = publication_list_import(
                by=wz,
                office=city,
                level=level,
                year=year,
                content=list_file(rows),
                filename=f"{year}年{'国家级' if level == 'national' else '省级'}项目{MARK}.xlsx",
            )
            if outcome.problems:
                raise DomainError("；".join(str(p) for p in outcome.problems))
