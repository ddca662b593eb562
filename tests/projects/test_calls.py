import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from jijiao.audit_log.models import AuditEntry
from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.policy.access import get_policy
from jijiao.projects.domain.calls import call_close, call_extend, call_open
from jijiao.projects.models import Call

SHANGHAI = clock.SHANGHAI
pytestmark = pytest.mark.django_db


def _open(by, office, **kw):
    return call_open(
        by=by,
        office=office,
        title="关于开展2025年度温州市市级继续医学教育项目申报工作的通知",
        level="city",
        year=2025,
        policy_id="wenzhou-2025",
        **kw,
    )


def test_window_defaults_to_the_packs_app_window_both_ends(wenzhou_office, wenzhou_office_unit):
    call = _open(wenzhou_office, wenzhou_office_unit)
    assert call.opens_at == dt.datetime(2025, 1, 20, 12, 0, tzinfo=SHANGHAI)
    assert call.closes_at == dt.datetime(2025, 2, 27, 17, 0, tzinfo=SHANGHAI)
    assert call.policy_hash == get_policy("wenzhou-2025").content_hash
    assert call.accepts_at(dt.datetime(2025, 2, 27, 17, 0, tzinfo=SHANGHAI))
    assert not call.accepts_at(dt.datetime(2025, 2, 27, 17, 0, 1, tzinfo=SHANGHAI))
    assert call.accepts_at(dt.datetime(2025, 1, 20, 12, 0, tzinfo=SHANGHAI))
    assert not call.accepts_at(dt.datetime(2025, 1, 20, 11, 59, 59, tzinfo=SHANGHAI))


def test_a_unit_admin_cannot_open_a_call(hospital_admin, wenzhou_office_unit):
    with pytest.raises(PermissionDenied):
        _open(hospital_admin, wenzhou_office_unit)


def test_a_county_office_cannot_open_a_call_for_the_city_office(
    lucheng_office, wenzhou_office_unit
):
    with pytest.raises(PermissionDenied):
        _open(lucheng_office, wenzhou_office_unit)


def test_pack_without_a_window_needs_the_dates_typed(wenzhou_office, wenzhou_office_unit):
    with pytest.raises(DomainError) as caught:
        call_open(
            by=wenzhou_office,
            office=wenzhou_office_unit,
            title="国家级项目",
            level="national",
            year=2024,
            policy_id="national-2024",
        )
    assert "未规定national项目的申报时间" in caught.value.message


@time_machine.travel(dt.datetime(2025, 2, 20, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_extend_and_close_are_logged_with_their_reasons(wenzhou_office, wenzhou_office_unit):
    call = _open(wenzhou_office, wenzhou_office_unit)
    later = dt.datetime(2025, 3, 3, 17, 0, tzinfo=SHANGHAI)
    call_extend(by=wenzhou_office, call=call, closes_at=later, reason="春节假期顺延")
    call.refresh_from_db()
    assert call.closes_at == later
    call_close(by=wenzhou_office, call=call, reason="申报数量已满")
    call.refresh_from_db()
    assert call.state == Call.State.CLOSED
    assert call.closes_at == dt.datetime(2025, 2, 20, 9, 0, tzinfo=SHANGHAI)
    actions = list(
        AuditEntry.objects.filter(object_type="projects.call")
        .order_by("id")
        .values_list("action", "data__reason")
    )
    assert actions == [
        ("call.opened", None),
        ("call.extended", "春节假期顺延"),
        ("call.closed", "申报数量已满"),
    ]


def test_extension_must_move_the_deadline_later(wenzhou_office, wenzhou_office_unit):
    call = _open(wenzhou_office, wenzhou_office_unit)
    with pytest.raises(DomainError) as caught:
        call_extend(
            by=wenzhou_office,
            call=call,
            closes_at=dt.datetime(2025, 2, 1, tzinfo=SHANGHAI),
            reason="误操作",
        )
    assert caught.value.message == "延期后的截止时间须晚于原截止时间"


def test_call_pages_for_the_office(client, wenzhou_office, wenzhou_office_unit):
    call = _open(wenzhou_office, wenzhou_office_unit)
    client.force_login(wenzhou_office)
    listing = client.get("/projects/calls/")
    assert call.title in listing.content.decode()
    detail = client.get(f"/projects/calls/{call.pk}/").content.decode()
    assert "2025-01-20 12:00 至 2025-02-27 17:00" in detail
    assert "wenzhou-2025" in detail


def test_office_opens_a_call_through_the_form(client, wenzhou_office, wenzhou_office_unit):
    client.force_login(wenzhou_office)
    response = client.post(
        "/projects/calls/new/",
        {
            "title": "2025 年市级项目申报",
            "level": "city",
            "year": 2025,
            "kind": "project",
            "policy_id": "wenzhou-2025",
            "paper_deadline": "2025-03-05T17:00",
        },
    )
    call = Call.objects.get()
    assert response.status_code == 302
    assert call.paper_deadline == dt.datetime(2025, 3, 5, 17, 0, tzinfo=SHANGHAI)
