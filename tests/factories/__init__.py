"""factory_boy factories: the orgs area here, each other area in its own module
(``tests.factories.projects`` …). Personas in conftest.py build on these."""

import datetime as dt
import itertools

import factory

from jijiao.common import clock, idnumbers
from jijiao.orgs.models import (
    Account,
    Department,
    Division,
    Person,
    RoleAssignment,
    Unit,
    UnitAccountApplication,
)
from jijiao.orgs.synthetic import synthetic_id_number

_sequence = itertools.count(1)


def next_id_number(region: str = "330302", *, birth=dt.date(1980, 5, 1), female=False) -> str:
    return synthetic_id_number(region, birth, next(_sequence), female=female)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试医院{n}")
    kind = Unit.Kind.HOSPITAL
    division = factory.LazyFunction(lambda: Division.objects.get(code="330302"))
    grade = "二级"


class OfficeFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"测试卫健局{n}")
    kind = Unit.Kind.OFFICE
    office_level = Unit.OfficeLevel.COUNTY
    grade = ""


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"科室{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"人员{n}")
    unit = factory.SubFactory(UnitFactory)
    title_series = "医师"
    title_level = "中级"
    specialty = "03-01"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        number = kwargs.pop("id_number", None) or next_id_number()
        person = model_class(*args, **kwargs)
        person.set_id_number(number)
        person.save()
        return person


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda o: o.username)
    password_changed_at = factory.LazyFunction(clock.now)
    password = factory.PostGenerationMethodCall("set_password", "Test@pass123")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class UnitAccountApplicationFactory(factory.django.DjangoModelFactory):
    """A hospital in 鹿城区 applying for its admin account (seed 003 附件3), as submitted."""

    class Meta:
        model = UnitAccountApplication

    class Params:
        agent_id_number = factory.LazyFunction(next_id_number)

    unit_name = factory.Sequence(lambda n: f"申请单位{n}")
    unit_kind = Unit.Kind.HOSPITAL
    division = factory.LazyFunction(lambda: Division.objects.get(code="330302"))
    licence_number = factory.Sequence(lambda n: f"PDY{n:08d}")
    legal_representative = "陈立"
    agent_name = "李超"
    agent_phone = "13900000000"
    agent_id_masked = factory.LazyAttribute(lambda o: idnumbers.mask(o.agent_id_number))
    agent_id_encrypted = factory.LazyAttribute(lambda o: idnumbers.encrypt(o.agent_id_number))
    state = UnitAccountApplication.State.SUBMITTED
    submitted_at = factory.LazyFunction(clock.now)


def grant(account: Account, role: str, unit: Unit | None = None, department=None) -> Account:
    RoleAssignment.objects.create(
        account=account, role=role, unit=unit, department=department, granted_at=clock.now()
    )
    if hasattr(account, "_jijiao_roles"):
        del account._jijiao_roles
    return account
