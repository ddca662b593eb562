"""Where a message goes besides the inbox: e-mail by default; SMS or WeChat when a deployment
plugs a channel in.

A channel is any class with ``name`` and ``send(recipient, text)`` (:class:`Channel`); the same
:class:`Text` goes to every channel. ``JIJIAO_NOTIFY_CHANNELS`` lists the dotted paths of the
channels to use (default: only :class:`EmailChannel`); no SMS or WeChat channel is called unless
a deployment names one there.
"""

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Text:
    """What a person is told: a subject line, the body and the full link."""

    subject: str
    body: str
    link: str = ""

    def plain(self) -> str:
        """The whole message as plain text (an e-mail body, an SMS, a WeChat template's text)."""
        return self.body + (f"\n\n查看：{self.link}" if self.link else "")


class Channel(Protocol):
    """A sender. ``wants(recipient, kind)`` says whether this person gets this kind here."""

    name: str

    def wants(self, recipient, kind: str, email_on: bool) -> bool: ...

    def send(self, recipient, text: Text) -> None: ...


class EmailChannel:
    """E-mail through Django's mail backend (SMTP in the JIJIAO_EMAIL_* settings; the console
    backend by default). Only to an account with an address, for kinds it has not switched off."""

    name = "email"

    def wants(self, recipient, kind: str, email_on: bool) -> bool:
        return email_on and bool(recipient.email)

    def send(self, recipient, text: Text) -> None:
        send_mail(
            subject=f"【继教】{text.subject}",
            message=text.plain(),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[recipient.email],
        )


def configured_channels() -> list[Channel]:
    return [import_string(path)() for path in settings.NOTIFY_CHANNELS]
