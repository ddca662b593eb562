"""Sessions within the number approved; changes after filing recorded with their reason."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from jijiao.audit_log.models import AuditEntry
from jijiao.common.errors import DomainError
from jijiao.hosting.domain.filing import filing_submit
from jijiao.hosting.domain.sessions import session_update
from jijiao.hosting.models import SessionChange
from tests.hosting.conftest import START, at, make_session, ready_to_file

pytestmark = pytest.mark.django_db


def test_sessions_are_numbered_within_the_number_approved(hospital_admin, city_project):
    first = make_session(hospital_admin, city_project, "anyang-2022")
    second = make_session(
        hospital_admin, city_project, "anyang-2022", start=START + dt.timedelta(days=30)
    )
    assert (first.sequence, second.sequence) == (1, 2)
    with pytest.raises(DomainError, match="批准举办 2 期，已安排 2 期"):
        make_session(hospital_admin, city_project, "anyang-2022")


def test_imported_project_needs_a_known_pack(hospital_admin, city_project):
    with pytest.raises(DomainError, match="未知的政策包：nowhere-2025"):
        make_session(hospital_admin, city_project, "nowhere-2025")


def test_another_units_admin_cannot_plan_a_session(lucheng_admin, city_project):
    with pytest.raises(PermissionDenied):
        make_session(lucheng_admin, city_project, "anyang-2022")


def test_changes_before_filing_are_not_recorded(hospital_admin, city_project):
    session = make_session(hospital_admin, city_project, "anyang-2022")
    changes = session_update(by=hospital_admin, session=session, fields={"venue": "新院区报告厅"})
    assert changes == []
    assert SessionChange.objects.count() == 0


def test_changed_venue_after_filing_is_recorded_with_its_reason(hospital_admin, city_project):
    session = make_session(hospital_admin, city_project, "anyang-2022")
    with at(dt.date(2025, 5, 1)):
        ready_to_file(hospital_admin, session)
        filing_submit(by=hospital_admin, session=session)
    with pytest.raises(DomainError, match="变更举办地点须填写变更原因"):
        session_update(by=hospital_admin, session=session, fields={"venue": "新院区报告厅"})
    with at(dt.date(2025, 5, 12)):
        session_update(
            by=hospital_admin,
            session=session,
            fields={"venue": "新院区报告厅", "capacity": 150},
            reason="原报告厅装修",
        )
    change = SessionChange.objects.get()
    assert (change.field, change.before, change.after, change.reason) == (
        "venue",
        "本院学术报告厅",
        "新院区报告厅",
        "原报告厅装修",
    )
    assert change.by == hospital_admin
    entry = AuditEntry.objects.get(action="session.changed")
    assert entry.data["recorded"] == ["venue"]
    assert entry.data["after"] == {"venue": "新院区报告厅", "capacity": "150"}


def test_changed_dates_and_teachers_are_recorded_per_field(hospital_admin, city_project):
    session = make_session(hospital_admin, city_project, "anyang-2022")
    with at(dt.date(2025, 5, 1)):
        ready_to_file(hospital_admin, session)
        filing_submit(by=hospital_admin, session=session)
        session_update(
            by=hospital_admin,
            session=session,
            fields={
                "starts_at": START + dt.timedelta(days=1),
                "ends_at": START + dt.timedelta(days=1, hours=8),
                "teachers": "张建华\n林海",
            },
            reason="专家行程调整",
        )
    rows = list(SessionChange.objects.values_list("field", "before", "after"))
    assert rows == [
        ("starts_at", "2025-05-20 09:00", "2025-05-21 09:00"),
        ("ends_at", "2025-05-20 17:00", "2025-05-21 17:00"),
        ("teachers", "张建华、陈志强", "张建华、林海"),
    ]
