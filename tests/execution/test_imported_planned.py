"""Imported national projects and 附件4 1.2.4 (issue 19, item 5): the planned days (face-to-face)
or 学时 (remote) come from the imported list when it gives them, otherwise from what the host
entered when planning and filing the session."""

import datetime as dt
from decimal import Decimal

import pytest

from jijiao.execution.facts import score_documents
from jijiao.projects.domain.imports import publication_list_import
from jijiao.projects.models import PublishedProject
from tests.execution.helpers import plan_and_file
from tests.projects.excel import list_book, national_row

pytestmark = pytest.mark.django_db


def _import(office, office_unit, hospital, *rows):
    return publication_list_import(
        by=office,
        office=office_unit,
        level="national",
        year=2024,
        content=list_book(list(rows)),
        filename="2024年国家级项目.xlsx",
    )


@pytest.fixture
def imported(wenzhou_office, wenzhou_office_unit, city_hospital):
    outcome = _import(
        wenzhou_office,
        wenzhou_office_unit,
        city_hospital,
        national_row(
            "2024-03-01-001（国）", "心力衰竭诊疗进展学习班", city_hospital.name, 举办天数=3
        ),
        national_row("2024-03-01-002（国）", "心电图远程培训", city_hospital.name, 学时="12学时"),
        national_row("2024-03-01-003（国）", "高血压管理学习班", city_hospital.name),
    )
    assert outcome.ok, outcome.problems
    return {p.number[-6:-3]: p for p in PublishedProject.objects.filter(year=2024)}


def test_the_list_import_keeps_the_planned_days_and_hours(imported):
    assert (imported["001"].planned_days, imported["001"].planned_hours) == (Decimal("3"), None)
    assert (imported["002"].planned_days, imported["002"].planned_hours) == (None, Decimal("12"))
    assert (imported["003"].planned_days, imported["003"].planned_hours) == (None, None)


def test_a_planned_figure_that_is_not_a_number_refuses_the_list(
    wenzhou_office, wenzhou_office_unit, city_hospital
):
    outcome = _import(
        wenzhou_office,
        wenzhou_office_unit,
        city_hospital,
        national_row(
            "2024-03-01-001（国）", "心力衰竭诊疗进展学习班", city_hospital.name, 举办天数="三天"
        ),
    )
    assert [(p.row, p.column, p.message) for p in outcome.problems] == [
        (2, "举办天数", "“三天”应为数字，如 3 或 1.5")
    ]


def test_1_2_4_compares_the_lists_days_else_the_filed_ones(
    hospital_admin, wenzhou_office, imported
):
    def planned(project, days):
        session = plan_and_file(
            hospital_admin,
            wenzhou_office,
            project,
            "national-2024",
            start=dt.date(2024, 6, 10),
            end=dt.date(2024, 6, 9 + days),
            filed_on=dt.date(2024, 5, 20),
        )
        return score_documents(session)[1]["planned"]

    assert planned(imported["001"], 2)["days"] == 3
    assert planned(imported["003"], 2)["days"] == 2
    assert planned(imported["002"], 1)["hours"] == 12


def test_the_office_sees_them_and_the_host_starts_from_them(
    client, wenzhou_office, hospital_admin, imported
):
    client.force_login(wenzhou_office)
    listed = client.get(f"/projects/records/lists/{imported['001'].publication_id}/")
    page = listed.content.decode()
    assert "计划天数／学时" in page and "3 天" in page and "12 学时" in page
    client.force_login(hospital_admin)
    form = client.get(f"/hosting/projects/{imported['001'].pk}/sessions/new/").content.decode()
    assert 'name="days" value="3' in form
