"""Instances read by hand-written SQL (common.rows) are the ORM's instances, field by field,
on SQLite and on PostgreSQL: dates in Asia/Shanghai, JSON, files, nullable keys."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jijiao.common import clock, rows
from jijiao.jobs.models import Job
from jijiao.orgs.models import Account

pytestmark = pytest.mark.django_db


def _values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_an_account_read_by_primary_key_equals_the_orm_s(hospital_admin):
    Account.objects.filter(pk=hospital_admin.pk).update(
        locked_until=dt.datetime(2025, 3, 1, 8, 30, tzinfo=clock.SHANGHAI), failed_logins=3
    )
    read = rows.by_pk(Account, hospital_admin.pk)
    assert _values(read) == _values(Account.objects.get(pk=hospital_admin.pk))
    assert read.locked_until == dt.datetime(2025, 3, 1, 8, 30, tzinfo=clock.SHANGHAI)
    assert read.person_id is None and read.failed_logins == 3
    assert not read._state.adding


def test_json_and_file_columns_come_back_as_the_orm_gives_them(hospital_admin, city_hospital):
    job = Job.objects.create(
        kind="staff_import",
        token="t" * 32,
        started_by=hospital_admin,
        organisation=city_hospital,
        params={"年份": 2025, "rows": [1, 2]},
        created_at=clock.now(),
        problems=[{"row": 3, "message": "身份证号不正确"}],
        source="jobs/a.xlsx",
    )
    read = rows.by_pk(Job, str(job.pk))
    assert _values(read) == _values(Job.objects.get(pk=job.pk))
    assert read.params == {"年份": 2025, "rows": [1, 2]}
    assert read.problems[0]["message"] == "身份证号不正确"
    assert read.source.name == "jobs/a.xlsx"


def test_an_unknown_primary_key_reads_nothing(hospital_admin):
    assert rows.by_pk(Account, hospital_admin.pk + 1000) is None


def test_only_the_named_columns_are_read_and_the_rest_load_when_first_used(hospital_admin):
    some = rows.columns(Account, "t", only=("username", "locked_until"))
    assert some.names == ("id", "username", "locked_until")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {some.select} FROM orgs_account t WHERE t.id = %s", [hospital_admin.pk]
        )
        read = some.build(cursor.fetchone())
    assert (read.pk, read.username) == (hospital_admin.pk, hospital_admin.username)
    assert "failed_logins" in read.get_deferred_fields()
    with CaptureQueriesContext(connection) as loaded:
        assert read.failed_logins == 0
    assert len(loaded) == 1


def test_naming_a_field_the_model_lacks_is_refused():
    with pytest.raises(ValueError, match="nickname"):
        rows.columns(Account, "t", only=("nickname",))
