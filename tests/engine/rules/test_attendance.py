"""ATT_* rules: per-attendee eligibility, and the session's capacity finding."""

import pytest

from jijiao.engine.rules.attendance import Attendance, Interval, merged_minutes
from jijiao.engine.rules.parse import parse_document
from tests.engine.rules.documents import precheck

ONLINE = {
    "format": "online",
    "days": 1.5,
    "start": "2022-06-01T08:00:00+08:00",
    "end": "2022-06-02T12:00:00+08:00",
    "capacity": 200,
    "discipline": "03-01",
}
OFFLINE = {**ONLINE, "format": "offline"}


def check(session, attendees, pack="anyang-2022"):
    return precheck("attendance", {"session": session, "attendees": attendees}, pack)


@pytest.mark.parametrize(("minutes", "eligible"), [(360, True), (359, False)])
def test_online_one_and_a_half_days_need_six_hours(minutes, eligible):
    findings, result = check(ONLINE, [{"id": "p1", "online_minutes": minutes}])
    assert findings == []
    assert result["required_minutes"] == 360
    if eligible:
        assert result["eligible"] == ["p1"]
    else:
        assert result["ineligible"] == [{"id": "p1", "codes": ["ATT_ONLINE_DURATION"]}]


def test_watched_intervals_are_merged_before_counting():
    intervals = [
        {"start": "2022-06-01T08:00:00+08:00", "end": "2022-06-01T12:00:00+08:00"},
        {"start": "2022-06-01T11:00:00+08:00", "end": "2022-06-01T13:00:00+08:00"},
    ]
    _, result = check({**ONLINE, "days": 1}, [{"id": "p1", "watch_intervals": intervals}])
    assert result["eligible"] == ["p1"]  # 5 h merged ≥ 4 h, not 6 h summed


def test_merged_minutes_counts_an_overlap_once():
    doc = parse_document(
        Attendance,
        {
            "attendees": [
                {
                    "watch_intervals": [
                        {"start": "2022-06-01T08:00:00+08:00", "end": "2022-06-01T09:00:00+08:00"},
                        {"start": "2022-06-01T08:30:00+08:00", "end": "2022-06-01T09:30:00+08:00"},
                    ]
                }
            ]
        },
    )
    assert merged_minutes(doc.attendees[0].watch_intervals) == 90
    assert merged_minutes([Interval()]) == 0


def test_online_duration_is_not_set_by_the_national_pack():
    _, result = check(ONLINE, [{"id": "p1", "online_minutes": 10}], pack="national-2024")
    assert result["required_minutes"] is None
    assert result["eligible"] == ["p1"]


def test_offline_needs_a_sign_in_and_a_later_sign_out():
    attendees = [
        {
            "id": "a",
            "sign_in": "2022-06-01T07:55:00+08:00",
            "sign_out": "2022-06-02T12:05:00+08:00",
        },
        {"id": "b", "sign_in": "2022-06-01T07:55:00+08:00", "sign_out": None},
        {"id": "c", "sign_out": "2022-06-02T12:05:00+08:00"},
        {"id": "d", "sign_in": "2022-06-01T09:00:00+08:00", "sign_out": "2022-06-01T01:00:00Z"},
    ]
    _, result = check(OFFLINE, attendees)
    assert result["required_minutes"] is None
    assert result["eligible"] == ["a"]
    assert result["ineligible"] == [
        {"id": "b", "codes": ["ATT_NO_SIGN_OUT"]},
        {"id": "c", "codes": ["ATT_NO_SIGN_IN"]},
        {"id": "d", "codes": ["ATT_NO_SIGN_OUT"]},
    ]


def test_a_grant_for_an_overlapping_session_costs_the_credit_touching_does_not():
    touching = {"start": "2022-06-02T12:00:00+08:00", "end": "2022-06-02T17:00:00+08:00"}
    overlapping = {"start": "2022-06-02T11:59:00+08:00", "end": "2022-06-02T17:00:00+08:00"}
    attendees = [
        {"id": "t", "online_minutes": 400, "other_grants": [touching]},
        {"id": "o", "online_minutes": 400, "other_grants": [overlapping]},
    ]
    _, result = check(ONLINE, attendees)
    assert result["eligible"] == ["t"]
    assert result["ineligible"] == [{"id": "o", "codes": ["ATT_OVERLAP"]}]


@pytest.mark.parametrize(
    ("end", "overlaps"),
    [
        ("2022-06-01T08:00:00+08:00", False),  # ends as this session starts
        ("2022-06-01T00:00:00Z", False),  # the same instant in UTC
        ("2022-06-01T08:01:00+08:00", True),
        ("2022-06-01T00:01:00Z", True),
    ],
)
def test_a_grant_that_ends_when_the_session_starts_only_touches_it(end, overlaps):
    grant = {"start": "2022-05-31T08:00:00+08:00", "end": end}
    findings, result = check(ONLINE, [{"id": "p", "online_minutes": 360, "other_grants": [grant]}])
    assert findings == []
    assert result["eligible"] == ([] if overlaps else ["p"])
    assert result["ineligible"] == ([{"id": "p", "codes": ["ATT_OVERLAP"]}] if overlaps else [])


@pytest.mark.parametrize(("days", "required"), [(1, 240), (1.5, 360), (2, 480)])
def test_online_minutes_required_are_240_per_day(days, required):
    attendees = [
        {"id": "ok", "online_minutes": required},
        {"id": "short", "online_minutes": required - 1},
    ]
    findings, result = check({**ONLINE, "days": days}, attendees)
    assert findings == []
    assert result["required_minutes"] == required
    assert result["eligible"] == ["ok"]
    assert result["ineligible"] == [{"id": "short", "codes": ["ATT_ONLINE_DURATION"]}]


def test_discipline_mismatch_is_a_warning_about_the_attendee():
    attendees = [{"id": "p", "online_minutes": 400, "discipline": "14-01"}]
    findings, result = check(ONLINE, attendees)
    assert findings == []
    assert result["eligible"] == ["p"]
    assert result["warnings"] == [{"id": "p", "codes": ["ATT_DISCIPLINE_MISMATCH"]}]


def test_non_health_professionals_earn_nothing_in_anyang():
    attendees = [{"id": "p", "online_minutes": 400, "is_health_professional": False}]
    _, result = check(ONLINE, attendees)
    assert result["ineligible"] == [{"id": "p", "codes": ["ATT_NOT_HEALTH_PROFESSIONAL"]}]


def test_registrations_above_capacity_are_a_session_warning():
    session = {**ONLINE, "capacity": 1}
    findings, _ = check(session, [{"id": "a", "online_minutes": 400}, {"id": "b"}])
    [finding] = findings
    assert (finding.code, finding.severity, finding.subject) == (
        "ATT_CAPACITY",
        "warning",
        "session",
    )
    assert finding.message.startswith("报名 2 人，超过计划招生 1 人")


def test_registrations_equal_to_capacity_are_fine():
    findings, _ = check({**ONLINE, "capacity": 2, "registrations": 2}, [])
    assert findings == []
