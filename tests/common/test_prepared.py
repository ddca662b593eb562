"""Statements prepared once per connection (common/prepared.py): on PostgreSQL the database
keeps their plan, the test suite still counts them, and they run inside the caller's
transaction; elsewhere, or switched off, the ordinary cursor."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from jijiao.common.prepared import prepared_cursor
from jijiao.orgs.models import Division

pytestmark = pytest.mark.django_db

QUERY = "SELECT count(*) FROM orgs_division WHERE name = %s"


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def count_named(name: str) -> int:
    with prepared_cursor() as cursor:
        cursor.execute(QUERY, [name])
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_on_postgresql_the_statement_is_prepared_once_and_still_counted():
    with CaptureQueriesContext(connection) as captured:
        assert count_named("无此地") == 0
        assert count_named("无此地") == 0
    written = "SELECT count(*) FROM orgs_division WHERE name = '无此地'"
    assert [q["sql"] for q in captured] == [written, written]
    assert prepared_statements().count(QUERY.replace("%s", "$1")) == 1


@pytest.mark.postgres
def test_a_prepared_statement_sees_the_callers_uncommitted_rows():
    with transaction.atomic():
        Division.objects.create(code="999901", name="测试县", level="county")
        assert count_named("测试县") == 1
        transaction.set_rollback(True)
    assert count_named("测试县") == 0


@pytest.mark.postgres
def test_switched_off_for_a_pooler_nothing_is_prepared(settings):
    settings.DB_PREPARED_STATEMENTS = False
    assert count_named("无此地") == 0
    assert QUERY.replace("%s", "$1") not in prepared_statements()


def test_on_any_database_it_answers_as_the_ordinary_cursor():
    Division.objects.create(code="999902", name="测试区", level="county")
    assert count_named("测试区") == 1
