"""The unread count in the header: one COUNT query per page, for a signed-in account only."""

from jijiao.notifications.queries import unread_count


def inbox(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_messages": unread_count(user)}
