"""Addresses of the overview's pages for a scope (or a group's scope) and filters."""

from functools import cache
from urllib.parse import urlencode

from django.urls import get_script_prefix, reverse


@cache
def _path(name: str, what: str, prefix: str) -> str:
    # An office's page holds thousands of addresses (a province's 500 units, each figure's
    # list): each path is reversed once per process and script prefix.
    return reverse(name, args=[what] if what else None)


def overview_url(params: dict) -> str:
    return _path("overview:home", "", get_script_prefix()) + "?" + urlencode(params)


def list_url(what: str, params: dict, **filters) -> str:
    query = dict(params)
    query.update({k: v for k, v in filters.items() if v is not None})
    return _path("overview:list", what, get_script_prefix()) + "?" + urlencode(query)
