"""Factories of the records area: records against people and units' past projects."""

import factory

from jijiao.common import clock
from jijiao.records.models import PastProject, PersonRecord
from tests.factories import AccountFactory, PersonFactory, UnitFactory


class PersonRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonRecord

    person = factory.SubFactory(PersonFactory)
    kind = PersonRecord.Kind.INTEGRITY
    date = factory.LazyFunction(clock.today)
    note = "科研诚信不良记录"
    recorded_by = factory.SubFactory(AccountFactory)
    recorded_at = factory.LazyFunction(clock.now)


class PastProjectFactory(factory.django.DjangoModelFactory):
    """A held city project of 2024 without a number, led by someone without an account (as
    an import or an earlier year's list leaves them)."""

    class Meta:
        model = PastProject

    unit = factory.SubFactory(UnitFactory)
    year = 2024
    level = "city"
    name = factory.Sequence(lambda n: f"历年项目{n}")
    leader_name = "张建华"
    held = True
