"""Project numbers: one series per (level, year, discipline) counted under a row lock, one number
per level held by a unique constraint, a typed number already given refused in Chinese."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.projects.domain.applications import application_create
from jijiao.projects.domain.calls import call_open
from jijiao.projects.domain.intake import application_decide
from jijiao.projects.models import Application
from tests.factories.projects import PublishedProjectFactory
from tests.projects.conftest import PROJECT

SH = clock.SHANGHAI


def _national_call(office, office_unit):
    return call_open(
        by=office,
        office=office_unit,
        title="2025年国家级项目（测试）",
        level="national",
        year=2024,
        policy_id="national-2024",
        opens_at=dt.datetime(2025, 2, 1, tzinfo=SH),
        closes_at=dt.datetime(2025, 3, 1, tzinfo=SH),
    )


def _under_review(pi, call, count: int) -> list[Application]:
    made = []
    for n in range(count):
        application = application_create(
            by=pi, call=call, fields=dict(PROJECT, name=f"心血管新技术学习班{n + 1}")
        )
        Application.objects.filter(pk=application.pk).update(state="under_review")
        made.append(Application.objects.get(pk=application.pk))
    return made


def test_a_typed_number_already_given_is_refused_in_chinese(
    pi_zhang, pi_zhang_person, colleague, wenzhou_office, wenzhou_office_unit, in_window
):
    call = _national_call(wenzhou_office, wenzhou_office_unit)
    first, second = _under_review(pi_zhang, call, 2)
    application_decide(by=wenzhou_office, application=first, approve=True, reason="同意")
    assert first.number == "2024-03-01-001（国）"
    with pytest.raises(DomainError) as caught:
        application_decide(
            by=wenzhou_office,
            application=second,
            approve=True,
            reason="同意",
            number="2024-03-01-001（国）",
        )
    assert caught.value.message == "项目编号 2024-03-01-001（国） 已被使用，请填写未使用的编号"
    assert caught.value.field == "number"
    second.refresh_from_db()
    assert (second.state, second.number) == ("under_review", "")


def test_a_number_of_a_published_list_is_taken_and_the_series_steps_over_it(
    pi_zhang, pi_zhang_person, colleague, wenzhou_office, wenzhou_office_unit, in_window
):
    call = _national_call(wenzhou_office, wenzhou_office_unit)
    PublishedProjectFactory(
        publication__office=wenzhou_office_unit,
        publication__published_by=wenzhou_office,
        publication__title="已公布名单（导入）",
        level="national",
        year=2024,
        number="2024-03-01-001（国）",
        name="已公布项目",
        host=None,
        host_name="外院",
        leader_name="王五",
    )
    (application,) = _under_review(pi_zhang, call, 1)
    application_decide(by=wenzhou_office, application=application, approve=True, reason="同意")
    assert application.number == "2024-03-01-002（国）"


def test_the_database_refuses_a_second_application_with_the_same_number(
    pi_zhang, pi_zhang_person, colleague, wenzhou_office, wenzhou_office_unit, in_window
):
    call = _national_call(wenzhou_office, wenzhou_office_unit)
    first, second = _under_review(pi_zhang, call, 2)
    application_decide(by=wenzhou_office, application=first, approve=True, reason="同意")
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=second.pk).update(
            number=first.number, number_level="national"
        )


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_decisions_in_one_discipline_get_serials_001_to_020(
    pi_zhang, pi_zhang_person, colleague, wenzhou_office, wenzhou_office_unit, in_window
):
    call = _national_call(wenzhou_office, wenzhou_office_unit)
    applications = _under_review(pi_zhang, call, 20)
    start = threading.Barrier(20)
    failures: list[str] = []

    def decide(application):
        try:
            start.wait(10)
            application_decide(
                by=wenzhou_office, application=application, approve=True, reason="同意"
            )
        except Exception as error:  # every failure is the finding
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    numbers = sorted(Application.objects.filter(call=call).values_list("number", flat=True))
    assert numbers == [f"2024-03-01-{n:03d}（国）" for n in range(1, 21)]
