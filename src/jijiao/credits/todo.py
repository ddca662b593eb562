"""The workbench items of credits: rows waiting at one of the account's offices before the
year's review closes, returned rows to correct, and a person's own year — credits against the
requirement, and certificates issued lately."""

import datetime as dt
from collections import Counter

from django.db.models import Count
from django.urls import reverse

from jijiao.common import clock
from jijiao.common.errors import DomainError
from jijiao.common.todo import Todo, end_of_day
from jijiao.credits.chain import city_office_of, lock_date
from jijiao.credits.models import Certificate, CreditYear
from jijiao.credits.queries import returned_for_user, review_queue_for_user
from jijiao.credits.transcript import credits_text, person_year
from jijiao.orgs import roles
from jijiao.policy.access import policy_memo

RECENT_CERTIFICATE_DAYS = 30


def _review_deadlines(user, years: set[int]) -> dict[int, dt.datetime]:
    """The day each year's review closes for the account's city (its own date or the pack's)."""
    unit = next((a.unit for a in roles.active_roles(user) if a.unit_id), None)
    try:
        city = city_office_of(unit) if unit is not None else None
    except DomainError:
        city = None
    if city is None:
        return {}
    policy = policy_memo()
    deadlines = {}
    for credit_year in CreditYear.objects.filter(office=city, year__in=years):
        pack = policy(credit_year.policy_id)
        day = lock_date(credit_year, pack, credit_year.year) if pack else credit_year.locks_on
        if day is not None:
            deadlines[credit_year.year] = end_of_day(day, clock.SHANGHAI)
    return deadlines


def _approver_items(user) -> list[Todo]:
    waiting = Counter(
        {
            (row["year"], row["current_office__name"]): row["n"]
            for row in review_queue_for_user(user)
            .order_by()
            .values("year", "current_office__name")
            .annotate(n=Count("pk"))
        }
    )
    if not waiting:
        return []
    deadlines = _review_deadlines(user, {year for year, _ in waiting})
    return [
        Todo(
            kind="待审核的学分",
            title=f"{office} {year} 年度有 {n} 条学分待审核",
            url=reverse("credits:review") + f"?year={year}",
            deadline=deadlines.get(year),
            note="审核截止",
        )
        for (year, office), n in sorted(waiting.items())
    ]


def _returned_items(user) -> list[Todo]:
    return [
        Todo(
            kind="被退回的学分",
            title=f"{entry.year} 年度“{entry.title}”被退回，请修改后重新提交",
            url=reverse("credits:entry", args=[entry.pk]),
        )
        for entry in returned_for_user(user)[:50]
    ]


def _own_items(user, now) -> list[Todo]:
    if not user.person_id:
        return []
    person = user.person
    items = []
    transcript = person_year(person, now.year)
    if transcript.standing is not None and transcript.status != "exempt":
        if transcript.status == "compliant":
            title = f"{now.year} 年度学分已达标：共 {credits_text(transcript.total)} 学分"
        else:
            shortfall = "；".join(transcript.failures) or "尚未达标"
            title = f"{now.year} 年度已获 {credits_text(transcript.total)} 学分：{shortfall}"
        items.append(
            Todo(
                kind="本年度学分",
                title=title,
                url=reverse("credits:person", args=[person.pk]) + f"?year={now.year}",
                deadline=end_of_day(dt.date(now.year, 12, 31), clock.SHANGHAI),
                note="年度结束",
            )
        )
    since = now - dt.timedelta(days=RECENT_CERTIFICATE_DAYS)
    recent = Certificate.objects.filter(person=person, issued_at__gte=since)
    for certificate in recent.select_related("entry").order_by("-issued_at")[:20]:
        # What the certificate is for, not its code (a code is no title; the PDF carries it).
        if certificate.entry_id is None:  # the annual proof, printed from its own page
            title = f"{certificate.year} 年度合格证明已出具，可下载打印"
            url = reverse("credits:annual_proof", args=[person.pk, certificate.year])
        else:
            title = f"“{certificate.entry.title}”的学分证书已发放，可下载打印"
            url = reverse("credits:certificate", args=[certificate.code])
        items.append(Todo(kind="新发放的学分证书", title=title, url=url))
    return items


def todos_for(user, now) -> list[Todo]:
    return _approver_items(user) + _returned_items(user) + _own_items(user, now)
