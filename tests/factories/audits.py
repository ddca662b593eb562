"""Factories of the promotion audit area: a city's campaign and a person's case in it."""

import factory

from jijiao.audits.models import AuditCase, Campaign
from jijiao.common import clock
from jijiao.orgs.models import Unit
from tests.factories import AccountFactory, OfficeFactory, PersonFactory


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    office = factory.SubFactory(OfficeFactory, office_level=Unit.OfficeLevel.CITY)
    year = 2025
    title = factory.LazyAttribute(lambda o: f"{o.year}年度晋升学分审核")
    policy_id = "wenzhou-2023"
    policy_hash = "0" * 64
    state = Campaign.State.OPEN
    opened_by = factory.SubFactory(AccountFactory)
    opened_at = factory.LazyFunction(clock.now)


class AuditCaseFactory(factory.django.DjangoModelFactory):
    """A person's case, still with their unit (draft unless ``status`` says)."""

    class Meta:
        model = AuditCase

    campaign = factory.SubFactory(CampaignFactory)
    person = factory.SubFactory(PersonFactory)
    unit = factory.LazyAttribute(lambda o: o.person.unit)
    status = AuditCase.Status.DRAFT
    # The chain a case fixes when it is opened, here for a unit directly under the city.
    chain = factory.LazyAttribute(
        lambda o: [
            {"stage": "unit", "office": o.unit.pk, "name": o.unit.name},
            {"stage": "city", "office": o.campaign.office.pk, "name": o.campaign.office.name},
        ]
    )
    current_office = factory.LazyAttribute(lambda o: o.unit)
    created_by = factory.SubFactory(AccountFactory)
    created_at = factory.LazyFunction(clock.now)
