"""Small helpers the credits views share."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from jijiao.credits.domain.common import Upload
from jijiao.orgs.models import Person
from jijiao.orgs.queries import people_for_user


def uploads(files) -> list[Upload]:
    return [Upload.of(f) for f in files or [] if f]


def visible_person(request, pk: int) -> Person:
    """A person whose credits the account may read; 404 otherwise."""
    return get_object_or_404(people_for_user(request.user), pk=pk)


def own_person(request) -> Person:
    if not request.user.person_id:
        raise Http404("该账号未关联人员")
    return request.user.person


def verify_url(request, code: str) -> str:
    return request.build_absolute_uri(reverse("credits:verify", args=[code]))


def year_param(request, default: int) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    return int(raw) if raw.isdigit() and 1990 <= int(raw) <= 2100 else default
