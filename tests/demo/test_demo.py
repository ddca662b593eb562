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
