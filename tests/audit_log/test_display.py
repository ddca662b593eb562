"""The audit log reads in Chinese: action names, links to the objects, before/after as a table,
and a filter by the action's name."""

import pathlib
import re

import pytest

from jijiao.audit_log.log import record
from jijiao.audit_log.vocab import ACTIONS
from tests.projects import conftest as projects

city_call = pytest.fixture(projects.city_call.__wrapped__, name="city_call")
in_window = pytest.fixture(projects.in_window.__wrapped__, name="in_window")

SOURCE = pathlib.Path(__file__).resolve().parents[2] / "src" / "jijiao"


def test_every_action_the_code_records_has_a_chinese_name():
    recorded = set()
    for path in SOURCE.rglob("*.py"):
        for match in re.finditer(r"\brecord\(\s*\"([a-z_]+\.[a-z_.]+)\"", path.read_text()):
            recorded.add(match.group(1))
    assert len(recorded) > 100
    assert sorted(recorded - set(ACTIONS)) == []


def test_the_log_shows_names_links_and_a_before_after_table(
    client, audit_admin, hospital_admin, pi_zhang_person, city_call
):
    record(
        "person.updated",
        actor=hospital_admin,
        obj=pi_zhang_person,
        data={"before": {"phone": "13900000001"}, "after": {"phone": "13900000002"}},
    )
    record("account.login", actor=hospital_admin)
    record("call.opened", actor=hospital_admin, obj=city_call, data={"policy": "wenzhou-2025"})
    client.force_login(audit_admin)
    page = client.get("/audit/").content.decode()
    assert '修改人员信息 <small class="muted"><code>person.updated</code></small>' in page
    # A link where the reader may open the object (a call is public), none where they may not
    # (the audit admin does not see people's records).
    assert f'<a href="/projects/calls/{city_call.pk}/">{city_call}</a>' in page
    assert "<td>张建华" in page and f'href="/people/{pi_zhang_person.pk}/"' not in page
    assert "<small><code>wenzhou-2025</code></small>" in page
    assert "<th>项目</th><th>修改前</th><th>修改后</th>" in page
    assert "<td>13900000001</td><td>13900000002</td>" in page
    assert "{&#x27;" not in page and "{'" not in page  # no Python dict dump

    page = client.get("/audit/", {"action": "登录"}).content.decode()
    assert "登录 <small" in page
    assert "修改人员信息" not in page
