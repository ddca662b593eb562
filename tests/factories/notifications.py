"""Factories of the notifications area: a message in someone's inbox, unread."""

import factory

from jijiao.common import clock
from jijiao.notifications.kinds import Kind
from jijiao.notifications.models import Message
from tests.factories import AccountFactory


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    recipient = factory.SubFactory(AccountFactory)
    kind = Kind.APPLICATION
    title = factory.Sequence(lambda n: f"消息{n}")
    body = "您的申报已退回修改。"
    created_at = factory.LazyFunction(clock.now)
