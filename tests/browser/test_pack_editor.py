"""The city office writes next year's pack in the browser: a new pack from wenzhou-2025, then a
rule wenzhou-2025 does not have — the call's list of disciplines — added in the editor with the
reference beside it and the TOML shown before saving; the precheck API then finds an
application outside the list."""

import json

from playwright.sync_api import expect

from jijiao.policy.access import get_policy
from tests.browser.conftest import login, main_menu


def clean_application(shared_dir) -> dict:
    example = json.loads((shared_dir / "examples/precheck/application-clean.json").read_text())
    return example["input"]


def precheck(page, live_server, document: dict) -> dict:
    response = page.request.post(
        f"{live_server.url}/api/v1/precheck/application?policy=wenzhou-2026",
        data=json.dumps(document),
        headers={"Content-Type": "application/json"},
    )
    assert response.status == 200, response.text()
    return response.json()


def test_the_office_adds_a_discipline_list_in_the_editor_and_the_api_finds_it(
    live_server, page, wenzhou_office, shared_dir
):
    login(page, live_server, "wenzhou_office")
    main_menu(page).get_by_role("link", name="政策包").click()
    page.goto(f"{live_server.url}/policy/new/?base=wenzhou-2025")
    page.get_by_label("新政策包标识").fill("wenzhou-2026")
    page.get_by_label("名称").fill("温州市2026年市级项目申报")
    page.get_by_label("依据文件").fill("温继委办发〔2026〕1号")
    page.get_by_role("button", name="校验并保存").click()
    expect(page.get_by_role("status")).to_contain_text("已创建政策包 wenzhou-2026")
    document = clean_application(shared_dir)
    assert precheck(page, live_server, document)["findings"] == []

    page.get_by_role("link", name="添加或修改规则").click()
    page.get_by_label("规则或设置", exact=True).select_option(
        "application.city.APP_DISCIPLINE_SCOPE"
    )
    page.get_by_role("button", name="打开").click()
    reference = page.get_by_role("complementary", name="参考")
    expect(reference).to_contain_text("学科范围：项目学科在本次受理的学科内")
    expect(reference).to_contain_text("内置政策包：无（供新通知使用）")
    expect(reference).to_contain_text("unit.category")

    form = page.get_by_role("form", name="规则取值")
    form.get_by_label("severity").select_option("error")
    form.get_by_label("cite").fill("温继委办发〔2026〕1号 二")
    form.get_by_label("allowed").fill("06、13、17")
    form.get_by_role("button", name="预览 TOML").click()
    shown = page.get_by_role("region", name="政策包内容")
    expect(shown).to_contain_text("保存后的内容 (TOML)")
    expect(shown).to_contain_text("[application.city.APP_DISCIPLINE_SCOPE]")
    expect(shown).to_contain_text('allowed = ["06", "13", "17"]')

    page.get_by_role("form", name="规则取值").get_by_role("button", name="校验并保存").click()
    expect(page.get_by_role("status")).to_contain_text(
        "已保存 application.city.APP_DISCIPLINE_SCOPE"
    )
    rule = get_policy("wenzhou-2026").rule("application", "city", "APP_DISCIPLINE_SCOPE")
    assert list(rule.get("allowed")) == ["06", "13", "17"]

    outcome = precheck(page, live_server, document)
    assert outcome["ok"] is False
    assert [(f["code"], f["severity"], f["message"]) for f in outcome["findings"]] == [
        (
            "APP_DISCIPLINE_SCOPE",
            "error",
            "项目学科 03-06 不在本次申报的学科范围内（限：06、13、17）（温继委办发〔2026〕1号 二）",
        )
    ]
    document["project"]["discipline"] = "06-01"
    codes = [f["code"] for f in precheck(page, live_server, document)["findings"]]
    assert "APP_DISCIPLINE_SCOPE" not in codes
    assert not page.script_errors
