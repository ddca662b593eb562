"""The public list of published projects: no login, filters, the Excel of the national list."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from jijiao.common import clock
from tests.factories.projects import PublicationListFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "项目编号",
    "项目名称",
    "申办单位",
    "项目负责人",
    "举办起止日期",
    "举办地点",
    "授予学分",
    "教学对象",
    "拟招生人数",
    "备注",
]


@pytest.fixture
def published(wenzhou_office, wenzhou_office_unit, city_hospital, pi_zhang_person):
    pi_zhang_person.phone = "13900001111"
    pi_zhang_person.save()

    def listing(level, year):
        return PublicationListFactory(
            level=level,
            year=year,
            title=f"{year} {level}",
            office=wenzhou_office_unit,
            published_at=clock.now(),
            published_by=wenzhou_office,
            imported=False,
        )

    rows = [
        (
            "city",
            2025,
            "2025-03-01-001",
            "基层心血管病规范化诊疗培训班",
            "温州市第一人民医院",
            "03-01",
        ),
        ("city", 2025, "2025-06-01-001", "儿童哮喘规范化管理培训班", "鹿城区人民医院", "06-01"),
        (
            "national",
            2024,
            "2024-04-05-012（国）",
            "骨质疏松性骨折诊治进展",
            "浙江大学医学院附属第二医院",
            "04-05",
        ),
    ]
    lists = {}
    for level, year, number, name, host, discipline in rows:
        key = (level, year)
        lists.setdefault(key, listing(level, year))
        PublishedProjectFactory(
            publication=lists[key],
            level=level,
            year=year,
            number=number,
            name=name,
            host_name=host,
            host=city_hospital if host == "温州市第一人民医院" else None,
            leader_name="张建华" if host == "温州市第一人民医院" else "某某",
            dates="2025-05-10至2025-05-12" if level == "city" else "",
            venue="本院学术报告厅",
            credits="2.5",
            audience="基层医务人员",
            enrollment=120,
            note="共 2 期" if number.endswith("001") else "",
            discipline=discipline,
        )


def numbers(page: str) -> list[str]:
    return re.findall(r"<tr><td>([^<]+)</td><td>", page)


def test_public_list_needs_no_login_and_filters(client, published):
    page = client.get("/projects/public/").content.decode()
    assert numbers(page) == ["2025-03-01-001", "2025-06-01-001", "2024-04-05-012（国）"]
    assert numbers(client.get("/projects/public/?level=national").content.decode()) == [
        "2024-04-05-012（国）"
    ]
    assert numbers(client.get("/projects/public/?year=2025&discipline=06").content.decode()) == [
        "2025-06-01-001"
    ]
    assert numbers(client.get("/projects/public/?unit=鹿城").content.decode()) == ["2025-06-01-001"]
    assert numbers(client.get("/projects/public/?q=张建华").content.decode()) == ["2025-03-01-001"]
    assert numbers(client.get("/projects/public/?q=骨折").content.decode()) == [
        "2024-04-05-012（国）"
    ]


def test_export_has_exactly_the_national_columns_and_never_the_phone(client, published):
    response = client.get("/projects/public/?year=2025&export=xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert list(rows[1]) == [
        "2025-03-01-001",
        "基层心血管病规范化诊疗培训班",
        "温州市第一人民医院",
        "张建华",
        "2025-05-10至2025-05-12",
        "本院学术报告厅",
        2.5,  # a number cell, not the text "2.5"
        "基层医务人员",
        120,
        "共 2 期",
    ]
    assert len(rows) == 3
    assert "13900001111" not in str(rows)


def test_public_list_query_count_does_not_grow_with_rows(client, published):
    client.get("/projects/public/?q=张建华")
    with CaptureQueriesContext(connection) as one:
        client.get("/projects/public/?q=张建华")
    with CaptureQueriesContext(connection) as three:
        page = client.get("/projects/public/").content.decode()
    assert len(numbers(page)) == 3
    assert len(three) == len(one)
