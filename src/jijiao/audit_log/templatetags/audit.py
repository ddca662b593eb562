"""The audit log's words on other pages (``{% load audit %}``): ``{{ e.action|action_label }}``."""

from django import template

from jijiao.audit_log.vocab import label

register = template.Library()


@register.filter
def action_label(action) -> str:
    return label(str(action))
