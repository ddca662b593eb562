"""Office-authored packs: created from an existing pack, validated by the same schema,
read-only after first use, every decision pinned to a content hash."""

import pytest
from django.core.exceptions import PermissionDenied

from jijiao.common.errors import DomainError
from jijiao.policy.access import get_policy, policy_for_decision
from jijiao.policy.domain.packs import pack_create, pack_update
from jijiao.policy.models import PolicySnapshot, StoredPack

pytestmark = pytest.mark.django_db


def _create(by, office, **kw):
    defaults = {
        "pack_id": "wenzhou-2026",
        "title": "温州市2026年市级项目申报",
        "extends": "wenzhou-2025",
        "notice": "温继委办发〔2026〕1号",
        "values": [("application.city.APP_PI_AGE.max", 58)],
    }
    defaults.update(kw)
    return pack_create(by=by, office=office, **defaults)


def test_changed_value_overrides_and_the_rest_is_inherited(wenzhou_office, wenzhou_office_unit):
    stored = _create(wenzhou_office, wenzhou_office_unit)
    policy = get_policy("wenzhou-2026")
    assert policy.chain[:2] == ("wenzhou-2026", "wenzhou-2025")
    assert policy.rule("application", "city", "APP_PI_AGE").get("max") == 58
    assert policy.source("application", "city", "APP_PI_AGE", "max") == "wenzhou-2026"
    session_rule = policy.rule("application", "city", "APP_SESSION_LIMIT")
    assert session_rule.get("max") == 6
    assert policy.source("application", "city", "APP_SESSION_LIMIT", "max") == "wenzhou-2025"
    assert stored.content_hash == policy.content_hash != get_policy("wenzhou-2025").content_hash


def test_a_wrong_type_is_refused_naming_the_key(wenzhou_office, wenzhou_office_unit):
    with pytest.raises(DomainError) as caught:
        _create(
            wenzhou_office, wenzhou_office_unit, values=[("application.city.APP_PI_AGE.max", "老")]
        )
    assert "application.city.APP_PI_AGE.max" in caught.value.message
    assert not StoredPack.objects.exists()


def test_an_unknown_key_is_refused(wenzhou_office, wenzhou_office_unit):
    with pytest.raises(DomainError) as caught:
        _create(wenzhou_office, wenzhou_office_unit, values=[("application.city.APP_NOPE.max", 1)])
    assert "APP_NOPE" in caught.value.message


def test_ids_are_unique_across_shipped_and_stored(wenzhou_office, wenzhou_office_unit):
    with pytest.raises(DomainError) as caught:
        _create(wenzhou_office, wenzhou_office_unit, pack_id="wenzhou-2025")
    assert caught.value.message == "政策包标识 wenzhou-2025 已存在"


def test_only_offices_author_packs(hospital_admin, wenzhou_office_unit):
    with pytest.raises(PermissionDenied):
        _create(hospital_admin, wenzhou_office_unit)


def test_pack_is_editable_until_a_decision_uses_it(wenzhou_office, wenzhou_office_unit):
    stored = _create(wenzhou_office, wenzhou_office_unit)
    text = stored.text.replace("max = 58", "max = 57")
    stored = pack_update(by=wenzhou_office, stored=stored, text=text)
    assert get_policy("wenzhou-2026").rule("application", "city", "APP_PI_AGE").get("max") == 57
    policy = policy_for_decision("wenzhou-2026", used_by="测试决定")
    snapshot = PolicySnapshot.objects.get(content_hash=policy.content_hash)
    assert snapshot.values["application"]["city"]["APP_PI_AGE"]["max"] == 57
    stored.refresh_from_db()
    assert stored.is_locked
    with pytest.raises(DomainError) as caught:
        pack_update(by=wenzhou_office, stored=stored, text=text.replace("57", "59"))
    assert "不能再修改" in caught.value.message


def test_using_a_child_locks_the_stored_parent_too(wenzhou_office, wenzhou_office_unit):
    _create(wenzhou_office, wenzhou_office_unit)
    _create(
        wenzhou_office,
        wenzhou_office_unit,
        pack_id="wenzhou-2026-lucheng",
        extends="wenzhou-2026",
        values=[("application.city.APP_SESSION_LIMIT.max", 4)],
    )
    policy_for_decision("wenzhou-2026-lucheng", used_by="测试")
    assert StoredPack.objects.get(pack_id="wenzhou-2026").is_locked


def test_the_form_saves_only_changed_values(client, wenzhou_office, wenzhou_office_unit):
    client.force_login(wenzhou_office)
    form = client.get("/policy/new/?base=wenzhou-2025").content.decode()
    assert 'name="v:application.city.APP_PI_AGE.max" value="55"' in form
    response = client.post(
        "/policy/new/",
        {
            "extends": "wenzhou-2025",
            "pack_id": "wenzhou-2026",
            "title": "温州市2026年",
            "notice": "温继委办发〔2026〕1号",
            "v:application.city.APP_PI_AGE.max": "56",
            "v:application.city.APP_SESSION_LIMIT.max": "6",
        },
    )
    assert response.status_code == 302
    stored = StoredPack.objects.get(pack_id="wenzhou-2026")
    assert "max = 56" in stored.text
    assert "APP_SESSION_LIMIT" not in stored.text
    detail = client.get("/policy/wenzhou-2026/").content.decode()
    assert "application.city.APP_PI_AGE.max" in detail


def test_the_form_reports_a_value_that_is_not_toml(client, wenzhou_office, wenzhou_office_unit):
    client.force_login(wenzhou_office)
    response = client.post(
        "/policy/new/",
        {
            "extends": "wenzhou-2025",
            "pack_id": "wenzhou-2026",
            "title": "温州市2026年",
            "v:application.city.APP_NAME_BANNED_WORD.words": "[中国, 全国",
        },
    )
    assert response.status_code == 200
    assert "不是有效的取值" in response.content.decode()
    assert not StoredPack.objects.exists()


def test_every_office_sees_values_with_their_source(client, lucheng_office):
    client.force_login(lucheng_office)
    page = client.get("/policy/wenzhou-2025/").content.decode()
    assert "wenzhou-2025 → zhejiang-2023 → national-2024" in page
    assert client.get("/policy/no-such-pack/").status_code == 404


def test_unit_admins_do_not_see_policy_pages(client, hospital_admin):
    client.force_login(hospital_admin)
    assert client.get("/policy/").status_code == 403


def test_text_whose_extends_differs_from_the_chosen_base_is_refused(
    wenzhou_office, wenzhou_office_unit
):
    text = 'id = "wenzhou-2026"\ntitle = "t"\nextends = "wenzhou-2025"\n'
    with pytest.raises(DomainError) as caught:
        _create(wenzhou_office, wenzhou_office_unit, extends="national-2024", text=text)
    assert caught.value.message == (
        "政策包内容有误：extends 为 wenzhou-2025，与所选的基础政策包 national-2024 不一致"
    )
    assert not StoredPack.objects.exists()
    stored = _create(wenzhou_office, wenzhou_office_unit, extends="wenzhou-2025", text=text)
    assert stored.extends == "wenzhou-2025"
