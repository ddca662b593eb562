from jijiao.notifications.models.messages import Message, Preference, SentReminder

__all__ = ["Message", "Preference", "SentReminder"]
