"""The real server (``jijiao serve``: gunicorn) searched by full ID number through the page and
the API: the number is in no line the server writes — access log, error log, Django's log."""

import datetime as dt
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETUP = """
import django, json, sys
django.setup()
from jijiao.orgs.models import ApiToken, Role, Unit
from jijiao.orgs.tokens import hash_token
from jijiao.common import clock
from tests.factories import AccountFactory, OfficeFactory, PersonFactory, UnitFactory, grant
office = OfficeFactory(name="日志测试卫健局")
hospital = UnitFactory(name="日志测试医院", supervisor=office)
admin = grant(AccountFactory(username="log_admin"), Role.UNIT_ADMIN, hospital)
person = PersonFactory(name="查询对象", unit=hospital, id_number=sys.argv[1])
token = "jj_log-test-token-0123456789"
ApiToken.objects.create(account=admin, label="t", key_hash=hash_token(token), prefix=token[:8],
                        created_at=clock.now())
print(json.dumps({"token": token}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIJIAO_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        JIJIAO_DATABASE_URL=f"sqlite:///{tmp_path / 'server.sqlite3'}",
        JIJIAO_STATIC_ROOT=str(tmp_path / "static"),
        JIJIAO_MEDIA_ROOT=str(tmp_path / "media"),
        JIJIAO_PASSWORD_POLICY="off",
        JIJIAO_DEBUG="off",
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
    )
    return env


def _wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("the server did not start")


def _csrf(opener, url: str) -> str:
    page = opener.open(url).read().decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_a_search_by_full_id_number_leaves_the_number_in_no_log(tmp_path):
    from jijiao.orgs.synthetic import synthetic_id_number

    number = synthetic_id_number("330302", dt.date(1984, 7, 12), 17, female=False)
    env = _env(tmp_path)
    jijiao = str(Path(sys.executable).with_name("jijiao"))
    subprocess.run([jijiao, "migrate"], env=env, check=True, cwd=ROOT, timeout=300)
    created = subprocess.run(
        [sys.executable, "-c", SETUP, number],
        env={**env, "DJANGO_SETTINGS_MODULE": "jijiao.settings"},
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    token = json.loads(created.stdout.strip().splitlines()[-1])["token"]

    port = _free_port()
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [jijiao, "serve", "--port", str(port), "--workers", "1"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(port, server)
        base = f"http://127.0.0.1:{port}"
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        csrf = _csrf(opener, f"{base}/login/")
        login = urllib.parse.urlencode(
            {"username": "log_admin", "password": "Test@pass123", "csrfmiddlewaretoken": csrf}
        ).encode()
        opener.open(urllib.request.Request(f"{base}/login/", data=login, headers={"Referer": base}))

        # The page's filter form POSTs: the number becomes its lookup hash in the address.
        csrf = _csrf(opener, f"{base}/people/")
        search = urllib.parse.urlencode({"q": number, "csrfmiddlewaretoken": csrf}).encode()
        found = opener.open(
            urllib.request.Request(f"{base}/people/", data=search, headers={"Referer": base})
        )
        assert "idh=" in found.url and number not in found.url
        assert "查询对象" in found.read().decode()
        spaced = f"{number[:6]} {number[6:14]} {number[14:]}"
        page = opener.open(f"{base}/people/?q={number}").read().decode()
        assert "查询对象" in page  # the search found the person
        opener.open(f"{base}/people/?" + urllib.parse.urlencode({"q": spaced})).read()
        api = urllib.request.Request(
            f"{base}/api/v1/people?q={number}", headers={"Authorization": f"Bearer {token}"}
        )
        found = json.loads(urllib.request.urlopen(api).read())
        assert [p["name"] for p in found] == ["查询对象"]
        by_post = urllib.request.Request(
            f"{base}/api/v1/people/search",
            data=json.dumps({"q": number}).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        assert [p["name"] for p in json.loads(urllib.request.urlopen(by_post).read())] == [
            "查询对象"
        ]
        # A page visited from the search carries it in its Referer.
        referer = {"Referer": f"{base}/people/?q={number}"}
        opener.open(urllib.request.Request(f"{base}/", headers=referer))
        time.sleep(1)
    finally:
        server.terminate()
        server.wait(timeout=30)

    written = log_path.read_text()
    assert "GET /people/?q=" in written  # the access log was written
    assert "330302********" in written  # with the number masked
    squeezed = re.sub(r"[\s\-]", "", urllib.parse.unquote_plus(written))
    assert number not in written
    assert number not in squeezed
