"""Factories of the jobs area: a job someone started, queued unless ``state`` says."""

import secrets

import factory

from jijiao.common import clock
from jijiao.jobs.models import Job
from tests.factories import AccountFactory


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    kind = "people_import"
    token = factory.LazyFunction(lambda: secrets.token_hex(16))
    started_by = factory.SubFactory(AccountFactory)
    created_at = factory.LazyFunction(clock.now)
    state = Job.State.QUEUED
