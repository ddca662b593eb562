"""Accepting an execution report grants credits: the office is asked first, and a POST that
skips the question grants nothing."""

import datetime as dt

from jijiao.credits.models import LedgerEntry
from jijiao.execution.models import ExecutionReport
from tests.execution.conftest import END
from tests.execution.helpers import travel
from tests.execution.test_reports import submitted


def test_accepting_a_report_asks_how_many_will_be_granted_and_changes_nothing_until_confirmed(
    client, hospital_admin, wenzhou_office, held, people
):
    submitted(hospital_admin, held)
    client.force_login(wenzhou_office)
    url = f"/execution/sessions/{held.pk}/review/"
    with travel(END + dt.timedelta(days=5)):
        asked = client.post(url, {"action": "accept"}).content.decode()
        assert f"将为符合条件的 {len(people)} 名学员授予 6.0 学分" in asked
        assert "授予后只能作废，不能撤回" in asked
        assert ExecutionReport.objects.get(session=held).state == "submitted"
        assert not LedgerEntry.objects.filter(source_type="session").exists()
        assert client.post(url, {"action": "accept", "confirmed": "yes"}).status_code == 302
    assert ExecutionReport.objects.get(session=held).state == "accepted"
    assert LedgerEntry.objects.filter(source_type="session").count() == len(people)
