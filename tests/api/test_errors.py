"""Every API answer that is not a success has contract.md's shape with a Chinese message:
bad pagination, a missing or null body, deep nesting, unknown rows, no account, and a 500 —
also under production settings, where it is JSON, not Django's HTML page."""

import json

import pytest
from django.test import Client

from jijiao.api.errors import json_depth_exceeds
from jijiao.common import clock
from jijiao.orgs.models import ApiToken
from jijiao.orgs.tokens import hash_token

pytestmark = pytest.mark.django_db


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def token(hospital_admin):
    raw = "jj_api-errors-test-token"
    ApiToken.objects.create(
        account=hospital_admin,
        label="测试",
        key_hash=hash_token(raw),
        prefix=raw[:8],
        created_at=clock.now(),
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "path"}
    assert _has_chinese(body["error"]["message"]), body
    return body["error"]


@pytest.mark.parametrize(
    ("query", "path", "message"),
    [
        ("offset=-1", "offset", "查询参数字段 offset 不能小于 0"),
        ("offset=99999999999999999999", "offset", "查询参数字段 offset 不能大于 1000000"),
        ("limit=0", "limit", "查询参数字段 limit 不能小于 1"),
        ("limit=abc", "limit", "查询参数字段 limit 应为整数"),
    ],
)
def test_pagination_out_of_bounds_is_422_naming_the_parameter(client, token, query, path, message):
    error = _error(client.get(f"/api/v1/people?{query}", **token), 422)
    assert (error["code"], error["path"], error["message"]) == ("INPUT_INVALID", path, message)


def test_an_unknown_row_is_404_and_a_huge_id_is_422(client, token):
    assert _error(client.get("/api/v1/people/999999", **token), 404)["code"] == "NOT_FOUND"
    error = _error(client.get("/api/v1/people/99999999999999999999", **token), 422)
    assert error["path"] == "person_id"


def test_signed_out_is_401_in_chinese(client):
    error = _error(client.get("/api/v1/people"), 401)
    assert error["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("body", ["", "null", "[]", "42"])
def test_precheck_without_a_json_object_is_400(client, body):
    response = client.post(
        "/api/v1/precheck/application?policy=wenzhou-2025", body, content_type="application/json"
    )
    error = _error(response, 400)
    assert (error["code"], error["path"]) == ("INPUT_INVALID", "$")


def test_bad_json_is_400_in_chinese_only(client, token):
    response = client.post(
        "/api/v1/people/search", "{not json", content_type="application/json", **token
    )
    error = _error(response, 400)
    assert error["message"] == "请求体不是有效的 JSON（第 1 行第 2 列）"
    response = client.post(
        "/api/v1/precheck/filing?policy=national-2024", "{not json", content_type="application/json"
    )
    assert _error(response, 400)["message"] == "请求体不是有效的 JSON（第 1 行第 2 列）"


def test_a_missing_body_is_422_naming_the_body(client, token):
    response = client.post("/api/v1/people/search", "", content_type="application/json", **token)
    error = _error(response, 422)
    assert error["code"] == "INPUT_INVALID"
    assert "请求体" in error["message"]


def test_deeply_nested_json_is_400_not_a_recursion_error(client, token):
    deep = "[" * 100_000 + "]" * 100_000
    for url in ("/api/v1/precheck/application?policy=wenzhou-2025", "/api/v1/people/search"):
        response = client.post(url, deep, content_type="application/json", **token)
        assert _error(response, 400)["message"] == "请求体嵌套超过 32 层"


def test_the_depth_check_ignores_brackets_inside_strings():
    assert not json_depth_exceeds(json.dumps({"q": "[" * 100}).encode())
    assert json_depth_exceeds(("[" * 33 + "]" * 33).encode())
    assert not json_depth_exceeds(("[" * 32 + "]" * 32).encode())


def test_a_server_error_is_json_in_chinese_under_production_settings(settings, token, monkeypatch):
    settings.DEBUG = False
    from jijiao.api import orgs

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(orgs, "people_for_user", broken)
    client = Client(raise_request_exception=False)
    error = _error(client.get("/api/v1/people", **token), 500)
    assert error == {
        "code": "SERVER_ERROR",
        "message": "服务器内部错误，已记录，请稍后重试或联系系统管理员",
        "path": "",
    }


def test_every_operation_documents_its_errors(client):
    document = client.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            if operation.get("security"):
                assert {"401", "403", "404", "422"} <= codes, (method, path, codes)
            else:
                assert "400" in codes, (method, path, codes)
            if "requestBody" in operation:
                assert "400" in codes, (method, path, codes)
