"""Sanctions tell their own people (mail outbox): the late report's proposal reaches the city
that decides it, its confirmation the unit's administrators — nobody else."""

import pytest
from django.core import mail

from jijiao.hosting.domain.sanctions import sanction_confirm
from jijiao.hosting.models import Sanction
from jijiao.notifications.models import Message
from tests.execution.test_years_behind import late_city_report  # noqa: F401  (fixture)
from tests.notifications.test_sanctions_and_jobs import (
    everyone,  # noqa: F401  (fixture)
    mailed,
    told,
)

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("everyone")
def test_a_late_report_tells_the_city_of_the_proposal_and_the_confirmation_tells_the_unit(
    wenzhou_office, hospital_admin, django_capture_on_commit_callbacks, request
):
    with django_capture_on_commit_callbacks(execute=True):
        request.getfixturevalue("late_city_report")
    [proposal] = Sanction.objects.all()
    assert told(kind="sanction") == {
        "wenzhou_office": ["处理建议待确认：温州市第一人民医院·取消单位下一年度同专业申报资格"]
    }
    message = Message.objects.get(kind="sanction")
    assert "取消 2023 年度 03-01 专业项目申报资格" in message.body
    assert "举办结束后 11 天才上报执行情况" in message.body
    assert "安阳市继委2022年项目通知" in message.body
    assert "请在“处理与考核”中逐项确认或撤销" in message.body
    assert message.url == "/execution/sanctions/"
    assert ["wenzhou_office@example.org"] in [m.to for m in mail.outbox if "处理建议" in m.subject]
    assert len([m for m in mail.outbox if "处理建议" in m.subject]) == 1

    Message.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sanction_confirm(by=wenzhou_office, sanction=proposal, reason="逾期上报属实")
    # A unit-wide sanction: the unit's administrators; the office that confirmed is not told.
    assert told() == {
        "hospital_admin": ["处理决定：取消单位下一年度同专业申报资格（温州市第一人民医院）"]
    }
    confirmed = Message.objects.get()
    assert "确认理由：逾期上报属实" in confirmed.body
    assert confirmed.url == f"/units/{proposal.unit_id}/"
    assert mailed() == [["hospital_admin@example.org"]]
