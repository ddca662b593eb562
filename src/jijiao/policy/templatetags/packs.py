"""Packs by their titles (``{% load packs %}``): ``{{ call.policy_id|pack_title }}``."""

from django import template

from jijiao.policy.access import pack_title as _pack_title

register = template.Library()


@register.filter
def pack_title(pack_id) -> str:
    return _pack_title(str(pack_id)) if pack_id else ""
