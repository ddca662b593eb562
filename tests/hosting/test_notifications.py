"""A filing's review is told to the host (whoever filed it and created the session), nobody
else: accepted, or returned with the reason and what to do."""

import datetime as dt

import pytest
from django.core import mail

from jijiao.hosting.domain.filing import filing_review
from jijiao.notifications.models import Message
from tests.hosting.conftest import START, make_session
from tests.hosting.test_filing import file_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def addresses(hospital_admin, wenzhou_office, pi_zhang, lucheng_admin):
    for account in (hospital_admin, wenzhou_office, pi_zhang, lucheng_admin):
        account.email = f"{account.username}@example.org"
        account.save(update_fields=["email"])


def test_accepted_and_returned_filings_reach_the_host_alone(
    hospital_admin, wenzhou_office, city_project, addresses, django_capture_on_commit_callbacks
):
    first = make_session(hospital_admin, city_project, "anyang-2022")
    second = make_session(
        hospital_admin, city_project, "anyang-2022", start=START + dt.timedelta(days=30)
    )
    file_on(hospital_admin, first, dt.date(2025, 5, 1))
    file_on(hospital_admin, second, dt.date(2025, 5, 1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        filing_review(by=wenzhou_office, session=first, accept=True)
        filing_review(by=wenzhou_office, session=second, accept=False, note="日程缺少授课教师")
    told = {m.url: m for m in Message.objects.all()}
    assert set(told) == {f"/hosting/sessions/{first.pk}/", f"/hosting/sessions/{second.pk}/"}
    assert {m.recipient for m in told.values()} == {hospital_admin}
    accepted, returned = (
        told[f"/hosting/sessions/{first.pk}/"],
        told[f"/hosting/sessions/{second.pk}/"],
    )
    assert accepted.title == f"“{first}”的举办报备已通过"
    assert returned.title == f"“{second}”的举办报备已退回"
    assert "意见：日程缺少授课教师" in returned.body and "修改报备后重新提交" in returned.body
    assert [m.to for m in mail.outbox] == [["hospital_admin@example.org"]] * 2
