"""Factories of the policy area: a pack an office wrote, extending a shipped one."""

import hashlib

import factory

from jijiao.common import clock
from jijiao.policy.models import StoredPack
from tests.factories import AccountFactory, OfficeFactory


class StoredPackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoredPack

    pack_id = factory.Sequence(lambda n: f"office-pack-{n}")
    title = factory.LazyAttribute(lambda o: f"办公室政策包 {o.pack_id}")
    extends = "wenzhou-2025"
    text = factory.LazyAttribute(
        lambda o: f'id = "{o.pack_id}"\ntitle = "{o.title}"\nextends = "{o.extends}"\n'
    )
    content_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.text.encode()).hexdigest())
    office = factory.SubFactory(OfficeFactory)
    created_at = factory.LazyFunction(clock.now)
    created_by = factory.SubFactory(AccountFactory)
    updated_at = factory.LazyAttribute(lambda o: o.created_at)
