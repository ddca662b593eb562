"""Factories of the projects area: publication lists and their published projects; calls and
the applications under them, with their schedules."""

import datetime as dt

import factory

from jijiao.common import clock
from jijiao.engine.packs import load_policy
from jijiao.projects.models import Application, Call, CourseRow, PublicationList, PublishedProject
from tests.factories import AccountFactory, OfficeFactory, PersonFactory, UnitFactory


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


class CallFactory(factory.django.DjangoModelFactory):
    """A call an office opened under a pack (the window of wenzhou-2025's 2025 call)."""

    class Meta:
        model = Call

    title = factory.LazyAttribute(lambda o: f"{o.year}年市级继续医学教育项目申报")
    level = "city"
    year = 2025
    office = factory.SubFactory(OfficeFactory)
    policy_id = "wenzhou-2025"
    policy_hash = factory.LazyAttribute(lambda o: load_policy(o.policy_id).content_hash)
    opens_at = dt.datetime(2025, 1, 20, 12, tzinfo=clock.SHANGHAI)
    closes_at = dt.datetime(2025, 2, 27, 17, tzinfo=clock.SHANGHAI)
    opened_at = factory.LazyFunction(clock.now)
    opened_by = factory.SubFactory(AccountFactory)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application under a call, with the clean 申报书 of the precheck examples:
    a 12-学时 offline class in two sessions of 120, its PI teaching a quarter of the theory.
    ``courses`` (default True) adds the schedule: the PI, two own-unit teachers, one guest."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    unit = factory.SubFactory(UnitFactory)
    pi = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..unit"), title_level="正高")
    created_by = factory.SubFactory(AccountFactory)
    name = factory.Sequence(lambda n: f"基层慢病管理适宜技术培训班{n}")
    summary = "高血压、糖尿病基层规范化管理与适宜技术操作培训"
    discipline = "03-01"
    sessions = 2
    enrollment_per_session = 120
    venue = "本院学术报告厅"
    state = Application.State.SUBMITTED
    submitted_at = dt.datetime(2025, 2, 10, 10, tzinfo=clock.SHANGHAI)
    policy_id = factory.SelfAttribute("call.policy_id")
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)

    @factory.post_generation
    def courses(application, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        rows = [
            ("基层高血压规范化管理", "theory", application.pi.name, "正高", application.unit.name),
            ("糖尿病并发症筛查", "theory", "李某", "副高", application.unit.name),
            ("动态血压监测操作", "practical", "王某", "中级", application.unit.name),
            ("基层用药安全", "theory", "赵某", "正高", "外院"),
        ]
        for position, (topic, kind, name, title, unit) in enumerate(rows, start=1):
            CourseRow.objects.create(
                application=application,
                position=position,
                topic=topic,
                kind=kind,
                minutes=150,
                teacher_person=application.pi if name == application.pi.name else None,
                teacher_name=name,
                teacher_title=title,
                teacher_unit=unit,
                teacher_specialty="03-01",
            )
