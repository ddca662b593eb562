"""``POST /api/v1/precheck/{kind}?policy=PACK``: the same object as the command line."""

import json
import os
from pathlib import Path

import pytest
from django.test import Client

SHARED_DIR = Path(
    os.environ.get("JIJIAO_SHARED_DIR", Path(__file__).resolve().parents[2].parent / "shared")
)
EXAMPLES = sorted((SHARED_DIR / "examples" / "precheck").glob("*.json"))
# Over HTTP the endpoint also looks up office-authored packs in the database.
pytestmark = pytest.mark.django_db


def post(client, kind, pack, body, **extra):
    url = f"/api/v1/precheck/{kind}" + (f"?policy={pack}" if pack else "")
    data = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    return client.post(url, data=data, content_type="application/json", **extra)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_gives_the_expected_object(client, path):
    example = json.loads(path.read_text(encoding="utf-8"))
    response = post(client, example["kind"], example["policy"], example["input"])
    assert response.status_code == 200
    output = response.json()
    expect = example["expect"]
    assert output["ok"] == expect["ok"]
    assert {f["code"]: f["severity"] for f in output["findings"]} == expect["findings"]
    for key, value in expect["result"].items():
        assert output["result"][key] == value


def test_the_answer_is_the_same_object_as_run_precheck(client):
    from jijiao.engine.precheck import run_precheck

    example = json.loads(
        (SHARED_DIR / "examples/precheck/application-many-faults.json").read_text()
    )
    response = post(client, "application", "wenzhou-2025", example["input"])
    assert response.json() == run_precheck("application", "wenzhou-2025", example["input"])


def test_a_field_of_the_wrong_type_is_400_with_the_error_object(client):
    response = post(client, "application", "wenzhou-2025", {"courses": [{"minutes": "150"}]})
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["path"]) == ("INPUT_INVALID", "courses[0].minutes")


@pytest.mark.parametrize(
    ("kind", "pack", "body", "path"),
    [
        ("nonsense", "national-2024", "{}", "kind"),
        ("filing", "beijing-2030", "{}", "policy"),
        ("filing", None, "{}", "policy"),
        ("filing", "national-2024", "{not json", "$"),
    ],
)
def test_unknown_kind_pack_or_malformed_body_is_400(client, kind, pack, body, path):
    response = post(client, kind, pack, body)
    assert response.status_code == 400
    assert response.json()["error"]["path"] == path


def test_anonymous_callers_without_a_csrf_token_are_served():
    client = Client(enforce_csrf_checks=True)
    response = post(client, "credit-entry", "wenzhou-2023", {"activity": {"type": "大查房"}})
    assert response.status_code == 200
    assert response.json()["ok"] is True


def test_the_endpoint_is_listed_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/precheck/{kind}"]["post"]
    assert operation["operationId"] == "precheck"
    parameters = {p["name"]: p["in"] for p in operation["parameters"]}
    assert parameters == {"kind": "path", "policy": "query"}
    assert "application/json" in operation["requestBody"]["content"]
    assert set(operation["responses"]) == {"200", "400"}


def test_an_office_authored_pack_is_known_over_http(client, wenzhou_office, wenzhou_office_unit):
    from jijiao.policy.domain.packs import pack_create

    pack_create(
        by=wenzhou_office,
        office=wenzhou_office_unit,
        pack_id="wenzhou-2026",
        title="温州市2026年",
        extends="wenzhou-2025",
        notice="温继委办发〔2026〕1号",
        values=[("application.city.APP_PI_AGE.max", 50)],
    )
    example = json.loads((SHARED_DIR / "examples/precheck/application-clean.json").read_text())
    response = post(client, "application", "wenzhou-2026", example["input"])
    assert response.status_code == 200
    codes = {f["code"] for f in response.json()["findings"]}
    assert "APP_PI_AGE" in codes
    assert response.json()["policy"] == "wenzhou-2026"
