"""The diff page: two packs, or two versions of one pack that decisions used, key by key."""

import pytest

from jijiao.policy.access import policy_for_decision
from jijiao.policy.domain.packs import pack_create, pack_update
from jijiao.policy.models import StoredPack

pytestmark = pytest.mark.django_db


def test_wenzhou_2025_against_national_2024_with_both_cites(client, lucheng_office):
    client.force_login(lucheng_office)
    page = client.get("/policy/").content.decode()
    assert 'href="/policy/diff/"' in page
    page = client.get("/policy/wenzhou-2025/").content.decode()
    assert (
        'href="/policy/diff/?a=zhejiang-2023&amp;b=wenzhou-2025">与所继承的政策包比较</a>' in page
    )
    page = client.get("/policy/diff/?a=national-2024&b=wenzhou-2025").content.decode()
    assert "不同的键" in page
    assert (
        "<tr><td><code>application.city.APP_PI_AGE.max</code> <small>乙新增</small></td>"
        "<td><code>—</code></td><td>—</td><td><code>55</code></td>"
        "<td>温继委办发〔2025〕1号 一.1</td></tr>"
    ) in page
    assert client.get("/policy/diff/?a=national-2024&b=nowhere-2000").status_code == 404


def test_two_versions_of_an_office_pack(client, wenzhou_office, wenzhou_office_unit):
    stored = pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="wenzhou-2026",
        title="温州市2026年市级项目申报",
        extends="wenzhou-2025",
        notice="温继委办发〔2026〕1号",
        values=[("application.city.APP_PI_AGE.max", 58)],
    )
    first = policy_for_decision("wenzhou-2026", used_by="测试决定一")
    StoredPack.objects.update(locked_at=None)  # as if a second draft were allowed
    stored.refresh_from_db()
    pack_update(by=wenzhou_office, stored=stored, text=stored.text.replace("58", "57"))
    second = policy_for_decision("wenzhou-2026", used_by="测试决定二")
    client.force_login(wenzhou_office)
    page = client.get("/policy/diff/").content.decode()
    a, b = f"wenzhou-2026@{first.content_hash[:12]}", f"wenzhou-2026@{second.content_hash[:12]}"
    assert f'<option value="{a}">温州市2026年市级项目申报（版本 {first.content_hash[:12]}' in page
    page = client.get(f"/policy/diff/?a={a}&b={b}").content.decode()
    assert "共 1 项" in page
    assert "<code>58</code><" in page and "<code>57</code><" in page
