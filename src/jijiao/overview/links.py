"""Addresses of the overview's pages for a scope (or a group's scope) and filters."""

from functools import cache, lru_cache
from urllib.parse import quote_plus

from django.urls import get_script_prefix, reverse


@cache
def _path(name: str, what: str, prefix: str) -> str:
    # An office's page holds thousands of addresses (a province's 500 units, each figure's
    # list): each path is reversed once per process and script prefix.
    return reverse(name, args=[what] if what else None)


@lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    return quote_plus(text)


def urlencode(params: dict) -> str:
    """``urllib.parse.urlencode`` of a flat dict, as fast as the page needs it (a province's page
    writes some ten thousand addresses): whole numbers as they are, the names and words quoted
    once a process."""
    return "&".join(
        f"{_quoted(str(k))}={v if type(v) is int else _quoted(str(v))}" for k, v in params.items()
    )


def overview_url(params: dict) -> str:
    return _path("overview:home", "", get_script_prefix()) + "?" + urlencode(params)


def list_url(what: str, params: dict, **filters) -> str:
    query = dict(params)
    query.update({k: v for k, v in filters.items() if v is not None})
    return _path("overview:list", what, get_script_prefix()) + "?" + urlencode(query)
