"""Under production settings, served as ``make run`` serves it (gunicorn, WhiteNoise): an unknown
address answers a Chinese page with a way back and no URL pattern, the API answers JSON, and the
API's documentation loads with no request leaving the machine."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.test_settings import COMPLETE

VENV_BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    """``jijiao serve`` under ``JIJIAO_ENV=production`` with a throw-away SQLite database."""
    tmp = tmp_path_factory.mktemp("production")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIJIAO_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(COMPLETE)  # every variable production requires (the settings test keeps the list)
    env.update(
        JIJIAO_ENV="production",
        JIJIAO_ALLOWED_HOSTS="127.0.0.1",
        JIJIAO_DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        JIJIAO_SSL_REDIRECT="0",
        JIJIAO_STATIC_ROOT=str(tmp / "static"),
    )
    log = tmp / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [VENV_BIN / "jijiao", "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=10)
                break
            except OSError:  # not listening yet, or still starting its worker
                if server.poll() is not None or time.monotonic() > deadline:
                    output = log.read_text("utf-8", "replace")
                    raise AssertionError(f"生产配置下服务未能启动：\n{output}") from None
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def test_an_unknown_address_answers_a_chinese_page_without_url_patterns(
    production_server, new_page
):
    status, content_type, body = _get(production_server + "/no-such-page/")
    assert status == 404
    assert content_type.startswith("text/html")
    assert "页面不存在" in body
    for internal in ("Using the URLconf", "api/v1/", "projects/", "Not Found", "DEBUG"):
        assert internal not in body

    page = new_page()
    page.goto(production_server + "/no-such-page/")
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    page.get_by_role("link", name="回到工作台").click()
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    # Styled: the site's stylesheet, served by WhiteNoise, coloured the top bar.
    assert page.locator(".topbar").evaluate("e => getComputedStyle(e).backgroundColor") != (
        "rgba(0, 0, 0, 0)"
    )

    status, content_type, body = _get(production_server + "/api/v1/no-such-call")
    assert (status, content_type) == (404, "application/json")
    assert json.loads(body)["error"]["message"].startswith("页面不存在")


def test_the_api_documentation_loads_with_no_request_leaving_the_machine(
    production_server, new_page
):
    page = new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(production_server + "/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("继教 API")
    expect(page.locator(".opblock").first).to_be_visible()
    assert requested
    assert [url for url in requested if not url.startswith(production_server + "/")] == []
    assert not page.script_errors
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
