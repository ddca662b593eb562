"""The idle timeout, exact to the minute, with the session read from the cache and written at
most once a minute."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jijiao.common import clock
from tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


def at(hour: int, minute: int, second: int = 0) -> dt.datetime:
    return dt.datetime(2025, 3, 3, hour, minute, second, tzinfo=clock.SHANGHAI)


def signed_in(client) -> bool:
    response = client.get("/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def session_statements(client) -> list[str]:
    """The statements on ``django_session`` of one signed-in request."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return [q["sql"].split()[0] for q in captured if "django_session" in q["sql"]]


@pytest.fixture
def clerk_client(client, city_hospital):
    """Logged in at 09:00:00."""
    with time_machine.travel(at(9, 0), tick=False):
        client.force_login(AccountFactory(username="clerk"))
    return client


def test_the_session_is_read_from_the_cache_and_written_once_a_minute(clerk_client):
    with time_machine.travel(at(9, 0, 5), tick=False) as traveller:
        assert session_statements(clerk_client) == []
        traveller.move_to(at(9, 0, 59))
        assert session_statements(clerk_client) == []
        traveller.move_to(at(9, 1, 0))  # the login's stamp is a minute old
        assert session_statements(clerk_client) == ["UPDATE"]
        traveller.move_to(at(9, 1, 59))
        assert session_statements(clerk_client) == []
        traveller.move_to(at(9, 2, 0))
        assert session_statements(clerk_client) == ["UPDATE"]


@pytest.mark.parametrize(
    ("last", "probe", "still_in"),
    [
        (at(9, 0, 59), at(9, 30, 59), True),  # idle 30:00
        (at(9, 0, 0), at(9, 30, 59), True),  # idle 30:59, within the minute
        (at(9, 0, 59), at(9, 31, 0), False),  # idle 30:01
        (at(9, 0, 0), at(9, 31, 0), False),  # idle 31:00
    ],
)
def test_logged_out_after_more_than_30_minutes_idle_and_at_most_31(
    clerk_client, last, probe, still_in
):
    """A request at 09:00:59 writes no stamp (the login's is younger than a minute)."""
    with time_machine.travel(last, tick=False) as traveller:
        assert signed_in(clerk_client)
        traveller.move_to(probe)
        assert signed_in(clerk_client) is still_in
