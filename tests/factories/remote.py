"""Factories of the remote area: a provider's filing with the city and its courses."""

import factory

from jijiao.common import clock
from jijiao.orgs.models import Discipline, Unit
from jijiao.remote.models import Course, Provider
from tests.factories import OfficeFactory, UnitFactory


class ProviderFactory(factory.django.DjangoModelFactory):
    """A provider in ``state`` (registered unless said)."""

    class Meta:
        model = Provider

    unit = factory.SubFactory(UnitFactory, kind=Unit.Kind.REMOTE_PROVIDER, grade="")
    office = factory.SubFactory(OfficeFactory)
    recognised_by = Provider.Recognition.PROVINCIAL
    platform_web = "https://learn.example.cn/"
    platform_mobile = "继教学习小程序"
    contact_name = "王敏"
    contact_phone = "0577-88880000"
    state = Provider.State.REGISTERED


class CourseFactory(factory.django.DjangoModelFactory):
    """A provincial course of a registered provider, in ``state`` (approved unless said)."""

    class Meta:
        model = Course

    provider = factory.SubFactory(ProviderFactory)
    title = factory.Sequence(lambda n: f"远程课程{n}")
    discipline = factory.LazyFunction(lambda: Discipline.objects.order_by("code").first())
    level = Course.Level.PROVINCIAL
    hours = 3
    credits = 1
    presence_interval_seconds = 600
    presence_window_seconds = 60
    state = Course.State.APPROVED
    created_at = factory.LazyFunction(clock.now)
