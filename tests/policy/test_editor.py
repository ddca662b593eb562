"""The pack editor: an office adds a rule or a section its base pack lacks, key by key, sees the
reference and the TOML it will save, and gets Chinese messages naming the key when a value is
wrong; a pack a decision used stays read-only."""

import pytest

from jijiao.audit_log.models import AuditEntry
from jijiao.policy.access import get_policy, policy_for_decision
from jijiao.policy.domain.packs import pack_create
from jijiao.policy.models import StoredPack

pytestmark = pytest.mark.django_db

SCOPE = "application.city.APP_DISCIPLINE_SCOPE"


@pytest.fixture
def stored(wenzhou_office, wenzhou_office_unit):
    return pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="wenzhou-2026",
        title="温州市2026年市级项目申报",
        extends="wenzhou-2025",
        notice="温继委办发〔2026〕1号",
        values=[("application.city.APP_PI_AGE.max", 58)],
    )


def url(**query) -> str:
    shown = "&".join(f"{k}={v}" for k, v in query.items())
    return "/policy/wenzhou-2026/rules/" + (f"?{shown}" if shown else "")


def post(client, place, action="save", name="", **keys):
    data = {"place": place, "name": name, "action": action}
    data.update({f"k:{k}": v for k, v in keys.items()})
    return client.post(url(), data)


def test_the_pack_page_leads_to_the_editor_which_offers_every_rule(client, wenzhou_office, stored):
    client.force_login(wenzhou_office)
    detail = client.get("/policy/wenzhou-2026/").content.decode()
    assert 'href="/policy/wenzhou-2026/rules/">添加或修改规则</a>' in detail
    page = client.get(url()).content.decode()
    assert f'<option value="{SCOPE}">市级 · 学科范围：' in page
    assert '<option value="notifications">（本节设置）</option>' in page
    assert "[application.city.APP_PI_AGE]" in page  # the pack's TOML as it is

    page = client.get(url(place=SCOPE)).content.decode()
    assert "<code>[application.city.APP_DISCIPLINE_SCOPE]</code>" in page and "新增" in page
    assert "<strong>学科范围：项目学科在本次受理的学科内" in page  # the reference
    assert "内置政策包：无（供新通知使用）" in page
    assert "<code>unit.category</code> 单位类别（城区、郊区、县、乡镇）" in page
    assert 'name="k:allowed"' in page and 'name="k:cite"' in page


def test_an_office_adds_a_discipline_list_its_base_lacks(client, wenzhou_office, stored):
    client.force_login(wenzhou_office)
    preview = post(
        client,
        SCOPE,
        action="preview",
        severity="error",
        cite="温继委办发〔2026〕1号 二",
        allowed="06, 03-10、13",
    ).content.decode()
    assert "保存后的内容 (TOML)" in preview
    assert (
        "[application.city.APP_DISCIPLINE_SCOPE]\nseverity = &quot;error&quot;\n"
        "cite = &quot;温继委办发〔2026〕1号 二&quot;\n"
        "allowed = [&quot;06&quot;, &quot;03-10&quot;, &quot;13&quot;]"
    ) in preview
    assert get_policy("wenzhou-2026").rule("application", "city", "APP_DISCIPLINE_SCOPE") is None

    response = post(
        client, SCOPE, severity="error", cite="温继委办发〔2026〕1号 二", allowed="06, 03-10、13"
    )
    assert response.status_code == 302 and response["Location"] == "/policy/wenzhou-2026/"
    rule = get_policy("wenzhou-2026").rule("application", "city", "APP_DISCIPLINE_SCOPE")
    assert list(rule.get("allowed")) == ["06", "03-10", "13"]
    assert rule.cite == "温继委办发〔2026〕1号 二"
    # What the pack had before is still there.
    assert get_policy("wenzhou-2026").rule("application", "city", "APP_PI_AGE").get("max") == 58
    entry = AuditEntry.objects.filter(action="policy.pack_updated").get()
    assert entry.data["table"] == SCOPE

    page = client.get(url(place=SCOPE)).content.decode()
    assert "本政策包已有此表" in page and 'value="06, 03-10, 13"' not in page
    assert 'value="温继委办发〔2026〕1号 二"' in page

    response = post(client, SCOPE, action="remove")
    assert response.status_code == 302
    assert get_policy("wenzhou-2026").rule("application", "city", "APP_DISCIPLINE_SCOPE") is None
    assert "APP_DISCIPLINE_SCOPE" not in StoredPack.objects.get().text


def test_a_section_the_base_lacks_and_a_named_sanction(client, wenzhou_office, stored):
    client.force_login(wenzhou_office)
    response = post(client, "notifications", reminder_days="10", cite="温继委办发〔2026〕1号 九")
    assert response.status_code == 302
    assert get_policy("wenzhou-2026").get("notifications", "reminder_days") == 10

    page = client.get(url(place="sanctions.*")).content.decode()
    assert 'name="name"' in page and "以 SAN_ 开头" in page and 'name="k:trigger"' not in page
    response = post(
        client,
        "sanctions.*",
        name="SAN_LATE_FILING_BAR",
        cite="温继委办发〔2026〕1号 八",
        trigger="late_filing",
        target="pi",
        effect="bar",
        years="1",
    )
    assert response.status_code == 302
    sanction = get_policy("wenzhou-2026").get("sanctions", "SAN_LATE_FILING_BAR")
    assert sanction["trigger"] == "late_filing" and sanction["years"] == 1


def test_wrong_values_are_named_in_chinese_and_nothing_is_saved(client, wenzhou_office, stored):
    client.force_login(wenzhou_office)
    before = StoredPack.objects.get().text
    page = post(client, SCOPE, severity="error", allowed="06").content.decode()
    assert "application.city.APP_DISCIPLINE_SCOPE: 缺少必填的键：cite" in page

    page = post(client, SCOPE, cite="通知 二", allowed="六").content.decode()
    assert "application.city.APP_DISCIPLINE_SCOPE.allowed[0]: 应为学科代码" in page
    assert "实际为字符串 &#x27;六&#x27;" in page

    page = post(
        client,
        "application.city.APP_WINDOW",
        cite="通知 一",
        start="2026-03-01",
        end="2026-02-01",
    ).content.decode()
    assert (
        "application.city.APP_WINDOW: 开始时间 2026-03-01T00:00:00+08:00 "
        "晚于结束时间 2026-02-01T23:59:59+08:00"
    ) in page

    page = post(client, SCOPE, cite="通知 二", cases="[{ when = ").content.decode()
    assert "cases：不是有效的 TOML 写法：[{ when =（应为数组）" in page
    assert StoredPack.objects.get().text == before


def test_a_pack_a_decision_used_cannot_be_changed(client, wenzhou_office, stored):
    policy_for_decision("wenzhou-2026", used_by="测试决定")
    client.force_login(wenzhou_office)
    page = client.get(url(place=SCOPE)).content.decode()
    assert "只读" in page and 'value="save"' not in page
    post(client, SCOPE, cite="通知 二", allowed="06")
    assert "APP_DISCIPLINE_SCOPE" not in StoredPack.objects.get().text


def test_only_the_office_that_owns_the_pack_edits_it(
    client, lucheng_office, hospital_admin, stored
):
    client.force_login(lucheng_office)
    assert client.get(url(place=SCOPE)).status_code == 404
    client.force_login(hospital_admin)
    assert client.get(url(place=SCOPE)).status_code == 403
    post(client, SCOPE, cite="通知 二", allowed="06")
    assert "APP_DISCIPLINE_SCOPE" not in StoredPack.objects.get().text
