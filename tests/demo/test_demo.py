"""The demo world: built step by step, each step once (a second run adds nothing), every unit
inside the city it belongs to, every login able to sign in."""

import pytest

from jijiao.audit_log.models import AuditEntry
from jijiao.demo import STEPS, load_demo
from jijiao.demo.world import DEMO_PASSWORD
from jijiao.orgs.models import Account, Person, Unit

pytestmark = pytest.mark.django_db


def test_minimal_loads_the_accounts_once(client):
    logins = load_demo(minimal=True)
    people, entries = Person.objects.count(), AuditEntry.objects.count()
    assert 190 <= people <= 210
    loaded = AuditEntry.objects.filter(action="demo.loaded").order_by("pk")
    loaded = loaded.values_list("data", flat=True)
    assert [d["step"] for d in loaded] == [s.name for s in STEPS if s.minimal]

    again = load_demo(minimal=True)
    assert (Person.objects.count(), AuditEntry.objects.count()) == (people, entries)
    assert again.accounts == logins.accounts
    usernames = {username for username, _ in logins.accounts}
    assert {"wz_office", "lc_office", "ra_office", "pi_zhang", "trainee_li"} <= usernames
    assert {f"h{i}_admin" for i in range(1, 6)} <= usernames
    for username in usernames:
        assert Account.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert client.login(username="trainee_li", password=DEMO_PASSWORD)


def test_every_demo_unit_lies_inside_the_city():
    load_demo(minimal=True)
    city = Unit.objects.get(name="温州市继续医学教育委员会办公室").division
    for unit in Unit.objects.exclude(pk__in=[]):
        division = unit.division
        while division is not None and division != city:
            division = division.parent
        assert division == city, unit.name
    grades = set(Unit.objects.filter(kind="hospital").values_list("grade", flat=True))
    assert grades == {"三级", "二级", "一级"}


def test_the_whole_world_loads_through_the_domain_functions_and_once():
    from jijiao.audits.models import AuditCase
    from jijiao.credits.models import Certificate, LedgerEntry
    from jijiao.execution.models import SessionScore
    from jijiao.hosting.models import Inspection, Sanction
    from jijiao.projects.models import Application
    from jijiao.remote.models import CompletionList, Course

    logins = load_demo()
    assert logins.refused == []
    entries = AuditEntry.objects.count()
    assert load_demo().refused == []
    assert AuditEntry.objects.count() == entries  # every step done: nothing added

    # Applications at every step of the open call, and the first call's published.
    states = set(Application.objects.values_list("state", flat=True))
    assert {"draft", "returned", "submitted", "recommended", "under_review", "approved"} <= states
    assert "rejected" in states
    # Two national sessions scored item by item (附件4), credits granted with certificates.
    scores = list(SessionScore.objects.all())
    assert len(scores) == 2 and all(s.items and s.facts for s in scores)
    statuses = set(LedgerEntry.objects.values_list("status", flat=True))
    assert {"approved", "pending_unit", "pending_city", "returned", "rejected"} <= statuses
    kinds = set(Certificate.objects.values_list("kind", flat=True))
    assert {"credit", "annual"} <= kinds
    # An inspection's finding and its sanction; a promotion case at each step.
    assert Inspection.objects.filter(violation=True).exists()
    assert Sanction.objects.filter(state="confirmed", inspection__isnull=False).exists()
    cases = set(AuditCase.objects.values_list("status", flat=True))
    assert cases == {"draft", "pending_county", "pending_city", "passed"}
    # The provider's approved course and its approved completion list.
    assert Course.objects.filter(state="approved").exists()
    assert CompletionList.objects.filter(state="approved").exists()
    # Every unit, the provider's too, inside the city (the overview groups by division).
    city = Unit.objects.get(name="温州市继续医学教育委员会办公室").division
    for unit in Unit.objects.all():
        division = unit.division
        while division is not None and division != city:
            division = division.parent
        assert division == city, unit.name


def test_the_world_also_loads_on_a_day_of_the_notices():
    """README: ``JIJIAO_NOW=2025-02-10T09:00 make run`` — early in a year, before last year's
    list may be confirmed (04-01): the annual proof is of the year before, nothing refused."""
    import datetime as dt

    import time_machine

    from jijiao.common import clock
    from jijiao.credits.models import Certificate

    with time_machine.travel(dt.datetime(2025, 2, 10, 9, tzinfo=clock.SHANGHAI)):
        assert load_demo().refused == []
    assert Certificate.objects.get(kind="annual").year == 2023
