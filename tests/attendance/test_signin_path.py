"""The QR sign-in's request path, pinned: what each query is for, and nothing more.

A signed-in trainee opening the rotating code's URL costs, beyond the session (read from the
cache) and the account (Django's authentication):

1. one SELECT — the open window of the session, its session and project (for the page), whether
   the trainee registered, and the trainee's name;
2. one INSERT … ON CONFLICT DO NOTHING — the Scan, accepted; the database's unique constraint
   on (window, person) for accepted scans is what keeps a second one out, even concurrently;

and a repeat one more INSERT: the scan kept as a duplicate, with its reason. On PostgreSQL all of
it is one statement (``WITH assessed AS (SELECT …), accepted AS (INSERT …), repeated AS (INSERT
… WHERE NOT EXISTS …)``), prepared once per connection, so a scan or a repeat is one round trip.
No session write (the idle stamp is a minute's), no transaction around them: each statement
commits alone.
"""

import datetime as dt
import itertools

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jijiao.attendance.models import Scan
from jijiao.attendance.tokens import session_token
from jijiao.common import clock
from tests.attendance.conftest import register, trainee

pytestmark = pytest.mark.django_db

SIGN_IN_TIME = dt.datetime(2025, 5, 20, 8, 30, tzinfo=clock.SHANGHAI)


def statements(captured) -> list[str]:
    """Each statement as its verb and its own table (not a subquery's)."""
    out = []
    for query in captured:
        if query["sql"].startswith("WITH assessed AS ("):
            out.append("SELECT attendance_checkwindow, INSERT attendance_scan or its repeat")
            continue
        depth, words = 0, []
        for word in query["sql"].replace('"', "").split():
            if depth == 0:
                words.append(word)
            depth += word.count("(") - word.count(")")
        verbs = ("FROM", "INTO", "UPDATE")
        table = next(w2 for w1, w2 in itertools.pairwise(words) if w1 in verbs)
        out.append(f"{words[0]} {table.split('(')[0]}")
    return out


def test_what_a_scan_and_its_repeat_cost(client, offline_session, city_hospital):
    account = trainee("t_wang", "王晓", city_hospital)
    register(account, offline_session)
    with time_machine.travel(SIGN_IN_TIME, tick=False):
        client.force_login(account)
        url = f"/attendance/c/{session_token(offline_session.pk)}/"
        with CaptureQueriesContext(connection) as first:
            page = client.get(url).content.decode()
        with CaptureQueriesContext(connection) as again:
            repeat = client.get(url).content.decode()
    assert "<h1>签到成功</h1>" in page and f"王晓，{offline_session}" in page
    assert "<h1>已签到过</h1>" in repeat and "王晓 在本时段已签到，重复扫码不重复记录" in repeat
    reads = ["SELECT orgs_account", "SELECT attendance_checkwindow"]
    if connection.vendor == "postgresql":
        one = "SELECT attendance_checkwindow, INSERT attendance_scan or its repeat"
        assert statements(first) == ["SELECT orgs_account", one]
        assert statements(again) == ["SELECT orgs_account", one]
    else:
        assert statements(first) == [*reads, "INSERT attendance_scan"]
        assert statements(again) == [*reads, "INSERT attendance_scan", "INSERT attendance_scan"]
    scans = Scan.objects.order_by("pk").values_list("outcome", "reason_code", "person__name")
    assert list(scans) == [("accepted", "", "王晓"), ("duplicate", "SCAN_DUPLICATE", "王晓")]


def test_a_refused_scan_keeps_its_reason_with_the_name(client, offline_session, city_hospital):
    """Not registered: the same one SELECT says so, and the Scan keeps why."""
    account = trainee("t_zhou", "周宁", city_hospital)
    with time_machine.travel(SIGN_IN_TIME, tick=False):
        client.force_login(account)
        response = client.get(f"/attendance/c/{session_token(offline_session.pk)}/")
    assert response.status_code == 400
    assert f"周宁 未报名{offline_session}" in response.content.decode()
    scan = Scan.objects.get()
    assert (scan.outcome, scan.reason_code, scan.person.name) == (
        "refused",
        "SCAN_NOT_REGISTERED",
        "周宁",
    )
