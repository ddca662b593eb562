"""Addresses of the overview's pages for a scope (or a group's scope) and filters."""

from urllib.parse import urlencode

from django.urls import reverse


def overview_url(params: dict) -> str:
    return reverse("overview:home") + "?" + urlencode(params)


def list_url(what: str, params: dict, **filters) -> str:
    query = dict(params)
    query.update({k: v for k, v in filters.items() if v is not None})
    return reverse("overview:list", args=[what]) + "?" + urlencode(query)
