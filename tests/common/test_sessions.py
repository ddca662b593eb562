"""Sessions a worker reads from its own memory, only for the version the browser's cookie names
(``jijiao.common.sessions``, issue 15)."""

from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as Unnumbered

from jijiao.common import sessions
from jijiao.common.sessions import SessionStore, recent_sessions, split_cookie
from tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _window(settings):
    settings.SESSION_CACHE_SECONDS = 5
    recent_sessions._kept.clear()
    yield
    recent_sessions._kept.clear()


def _saved(**data) -> SessionStore:
    store = SessionStore()
    store.update(data)
    store.create()
    return store


def _reads_of_the_shared_store():
    """Counts the reads that go past this process's memory (to the cache, then the database)."""
    return mock.patch.object(Unnumbered, "load", autospec=True, side_effect=Unnumbered.load)


def test_each_save_numbers_the_session_anew():
    store = _saved(colour="red")
    first = store.version
    store["colour"] = "blue"
    store.save()
    assert first == "1" and store.version == "2"
    assert SessionStore(f"{store.session_key}.2")["colour"] == "blue"


def test_the_version_the_cookie_names_is_answered_from_memory():
    store = _saved(colour="red")
    with _reads_of_the_shared_store() as reads:
        assert SessionStore(f"{store.session_key}.{store.version}")["colour"] == "red"
    assert reads.call_count == 0


def test_a_cookie_without_a_number_or_with_another_reads_the_shared_store():
    store = _saved(colour="red")
    with _reads_of_the_shared_store() as reads:
        assert SessionStore(store.session_key)["colour"] == "red"
        assert SessionStore(f"{store.session_key}.7")["colour"] == "red"
    assert reads.call_count == 2


def test_a_save_by_another_process_is_seen_by_the_cookie_that_names_it():
    """This process kept version 1; another wrote version 2 (straight to the shared store,
    not through this process's memory). The browser holding version 2 gets version 2."""
    store = _saved(colour="red")
    key = store.session_key
    elsewhere = Unnumbered(key)
    elsewhere["colour"] = "blue"
    elsewhere["_v"] = 2
    elsewhere.save()
    with _reads_of_the_shared_store() as reads:
        assert SessionStore(f"{key}.2")["colour"] == "blue"
        # Kept now is version 2: an older cookie reads the shared store, the current data.
        assert SessionStore(f"{key}.1")["colour"] == "blue"
        assert SessionStore(f"{key}.2")["colour"] == "blue"
    assert reads.call_count == 2


def test_a_changed_copy_never_changes_the_kept_one():
    store = _saved(seen={"a": 1})
    key, version = store.session_key, store.version
    first = SessionStore(f"{key}.{version}")
    first["seen"].pop("a")
    assert SessionStore(f"{key}.{version}")["seen"] == {"a": 1}


def test_a_session_deleted_here_is_forgotten_here():
    store = _saved(colour="red")
    key, version = store.session_key, store.version
    store.delete()
    assert SessionStore(f"{key}.{version}").get("colour") is None


def test_the_memory_lasts_the_window_then_reads_again(settings):
    store = _saved(colour="red")
    cookie = f"{store.session_key}.{store.version}"
    later = mock.patch.object(sessions.time, "monotonic", return_value=10**9)
    with later, _reads_of_the_shared_store() as reads:
        SessionStore(cookie).load()
    assert reads.call_count == 1
    settings.SESSION_CACHE_SECONDS = 0
    recent_sessions._kept.clear()
    with _reads_of_the_shared_store() as reads:
        SessionStore(cookie).load()
        SessionStore(cookie).load()
    assert reads.call_count == 2


def test_split_cookie():
    assert split_cookie("abcdefgh.3") == ("abcdefgh", "3")
    assert split_cookie("abcdefgh") == ("abcdefgh", "")
    assert split_cookie(None) == (None, "")


def test_logging_in_sets_a_cookie_with_the_version_and_pages_work_with_it(client):
    account = AccountFactory(username="u_session")
    response = client.post("/login/", {"username": "u_session", "password": "Test@pass123"})
    assert response.status_code == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    key, version = split_cookie(cookie)
    assert version and int(version) >= 1
    page = client.get("/")
    assert page.status_code == 200 and page.wsgi_request.user == account
    # Django's test client reads the session from the same cookie.
    assert client.session.session_key == key
