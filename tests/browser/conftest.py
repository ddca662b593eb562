"""Browser tests: Debian Chromium driven by Playwright against pytest-django's live server.

Every test in this folder is marked ``browser`` and runs on a transactional database with
serialized rollback: the reference data of the migrations (divisions, disciplines, committees)
is put back before each test, and once more after the last one, so the tests that run after
these still find it.

The machine has no network: Chromium is the Debian package at /usr/bin/chromium, never a
Playwright download, and runs with the background-networking features turned off.

Playwright's sync API keeps an asyncio loop marked as running in this thread for as long as it
is started. Django then (a) refuses ORM calls unless ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set and
(b) through asgiref hands out a second, "async" set of connection objects — without the
serialized test data and apart from the one the live server shares. So Playwright runs for this
folder only (package scope, not the whole session), the variable is set only meanwhile, and the
async storage is given the very same connection objects.
"""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

CHROMIUM = os.environ.get("JIJIAO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "Test@pass123"  # what AccountFactory sets
# Generous: a PDF rendered on a busy 2-core machine can take several seconds, and a timeout
# here is a slow machine, not a failure of the page. Assertions still wait only as long as
# they need.
TIMEOUT_MS = 30_000
expect.set_options(timeout=TIMEOUT_MS)
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    report = yield
    item.stash.setdefault(_reports_key, {})[report.when] = report
    return report


_reports_key = pytest.StashKey[dict]()


def _failed(item: pytest.Item) -> bool:
    reports = item.stash.get(_reports_key, {})
    return any(r.failed for r in reports.values())


@pytest.fixture(scope="package")
def browser(django_db_setup, django_db_blocker) -> Iterator[Browser]:
    """One Chromium for all the tests of this folder."""
    from django.db import connections

    outside = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, connection in outside.items():  # see the module docstring
            setattr(connections._connections, alias, connection)
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    # The last test's flush emptied the database; leave it as the rest of the suite expects.
    with django_db_blocker.unblock():
        for connection in outside.values():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def new_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh context (own cookies); keyword arguments go to the context,
    e.g. ``new_page(**PHONE)``. On failure every open page is saved to test-artifacts/.

    Each page collects its uncaught script errors in ``page.script_errors`` and its console
    errors in ``page.console_errors``.
    """
    contexts: list[BrowserContext] = []
    pages: list[Page] = []

    def open_page(**context_options) -> Page:
        options = {"locale": "zh-CN", "timezone_id": "Asia/Shanghai", **context_options}
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.script_errors = []
        page.console_errors = []
        page.on("pageerror", lambda error: page.script_errors.append(str(error)))
        page.on(
            "console",
            lambda message: (
                page.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        pages.append(page)
        return page

    yield open_page

    if _failed(request.node):
        ARTIFACTS.mkdir(exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        for index, page in enumerate(pages):
            if page.is_closed():
                continue
            try:
                page.screenshot(path=ARTIFACTS / f"{stem}-{index}.png", full_page=True)
                (ARTIFACTS / f"{stem}-{index}.html").write_text(page.content(), encoding="utf-8")
            except Exception as error:  # a screenshot must never hide the real failure
                print(f"screenshot of page {index} failed: {error}")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    """A desktop-sized page (1280×720)."""
    return new_page()


def login(page: Page, live_server, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form, by its labels, and wait until signed in."""
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录", exact=True).click()
    errors = page.locator(".errorlist")
    expect(page.get_by_role("button", name="退出").or_(errors)).to_be_visible()
    if errors.count():
        raise AssertionError(f"{username} 登录失败：{errors.all_inner_texts()}")


def logout(page: Page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("heading", name="登录")).to_be_visible()


def main_menu(page: Page):
    return page.get_by_role("navigation", name="主菜单")


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo world (``jijiao demo``), built once per test session: on SQLite a copy of the
    whole in-memory database taken right after loading it, the database then put back as it
    was. ``None`` elsewhere (each test then loads the demo itself)."""
    import sqlite3

    from django.db import connection

    from jijiao.demo import load_demo

    if connection.vendor != "sqlite":
        yield None
        return
    with django_db_blocker.unblock():
        connection.ensure_connection()
        before, world = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
        connection.connection.backup(before)
        load_demo()
        connection.connection.backup(world)
        before.backup(connection.connection)
    before.close()
    yield world
    world.close()


@pytest.fixture
def demo_world(demo_snapshot, transactional_db):
    """The demo world in the test's database (from the session's copy when there is one)."""
    from django.db import connection

    from jijiao.demo import load_demo

    if demo_snapshot is None:
        load_demo()
        return
    connection.ensure_connection()
    demo_snapshot.backup(connection.connection)
