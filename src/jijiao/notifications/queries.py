"""What a person sees of the inbox: their own messages only."""

from jijiao.notifications.kinds import Kind
from jijiao.notifications.models import Message, Preference


def messages_for_user(user):
    return Message.objects.filter(recipient=user)


def unread_count(user) -> int:
    """One query (the recipient/read_at index)."""
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()


def email_preferences(user) -> list[tuple[str, str, bool]]:
    """``(kind, label, email on)`` for every kind; no stored row means on."""
    off = set(Preference.objects.filter(account=user, email=False).values_list("kind", flat=True))
    return [(kind.value, kind.label, kind.value not in off) for kind in Kind]
