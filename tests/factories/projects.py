"""Factories of the projects area: publication lists and their published projects."""

import factory

from jijiao.common import clock
from jijiao.projects.models import PublicationList, PublishedProject
from tests.factories import AccountFactory, OfficeFactory, UnitFactory


class PublicationListFactory(factory.django.DjangoModelFactory):
    """A list as an office publishes it — imported unless said otherwise."""

    class Meta:
        model = PublicationList

    level = "city"
    year = 2025
    title = factory.LazyAttribute(lambda o: f"{o.year}年项目")
    office = factory.SubFactory(OfficeFactory)
    published_at = factory.LazyFunction(clock.now)
    published_by = factory.SubFactory(AccountFactory)
    imported = True


class PublishedProjectFactory(factory.django.DjangoModelFactory):
    """A project on a published list, hosted by a unit of the system."""

    class Meta:
        model = PublishedProject

    publication = factory.SubFactory(
        PublicationListFactory,
        level=factory.SelfAttribute("..level"),
        year=factory.SelfAttribute("..year"),
    )
    level = "city"
    year = 2025
    number = factory.Sequence(lambda n: f"2025-03-01-{n:03d}")
    name = factory.Sequence(lambda n: f"继续医学教育项目{n}")
    host = factory.SubFactory(UnitFactory)
    host_name = factory.LazyAttribute(lambda o: o.host.name if o.host else "")
    leader_name = "张建华"
    venue = "本院学术报告厅"
    enrollment = 100
    discipline = "03-01"
