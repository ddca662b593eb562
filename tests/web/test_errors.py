"""The error pages a person meets are Chinese, styled, and lead back; the API's stay JSON."""

import json

from django.test import Client


def test_a_page_the_account_may_not_open_answers_a_chinese_403_with_a_way_back(client, pi_zhang):
    client.force_login(pi_zhang)
    response = client.get("/system/", HTTP_REFERER="http://testserver/credits/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>没有权限</h1>" in page
    assert 'href="/credits/">返回上一页</a>' in page
    assert 'href="/">回到工作台</a>' in page
    assert "Forbidden" not in page


def test_an_unknown_address_answers_a_chinese_404_without_url_patterns(client, db):
    response = client.get("/projects/no-such-thing/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>页面不存在</h1>" in page
    assert "site.css" in page
    assert "URLconf" not in page and "Not Found" not in page
    # A way back only to a page of this site, never to where a link from elsewhere came from.
    response = client.get("/nowhere/", HTTP_REFERER="https://elsewhere.example/x")
    assert "返回上一页" not in response.content.decode()


def test_a_form_with_a_stale_token_answers_a_chinese_page(pi_zhang):
    client = Client(enforce_csrf_checks=True)
    client.force_login(pi_zhang)
    response = client.post("/password/", {"old_password": "x"})
    assert response.status_code == 403
    assert "<h1>页面已过期</h1>" in response.content.decode()


def test_api_errors_stay_json(client, db):
    response = client.get("/api/v1/no-such-call")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "error": {
            "code": "NOT_FOUND",
            "message": "页面不存在：您要找的页面不存在或已被移除，请检查地址，或从工作台重新进入。",
            "path": "",
        }
    }


def test_a_server_error_answers_a_chinese_page_without_the_database(rf):
    from jijiao.web.errors import server_error

    response = server_error(rf.get("/credits/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>系统出错</h1>" in page and 'href="/">回到工作台</a>' in page
    assert server_error(rf.get("/api/v1/precheck")).headers["Content-Type"] == ("application/json")
