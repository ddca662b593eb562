"""Permissions of the inbox as named predicates: a message is its recipient's alone."""

import rules


@rules.predicate
def is_recipient(user, message) -> bool:
    return message is not None and message.recipient_id == user.pk


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


rules.add_perm("notifications.open_message", is_recipient)
rules.add_perm("notifications.use_inbox", is_signed_in)
