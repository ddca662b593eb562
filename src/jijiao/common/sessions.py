"""Sessions a worker process reads from its own memory when it saw them moments ago (issue 15).

Every signed-in request reads its session; at 09:00 the same trainees ask again and again, and
each read from Redis is a round trip that costs the worker, Redis and the scheduler more than
the rest of a trivial page. So a process keeps what it read or wrote of a session for
``SESSION_CACHE_SECONDS`` — but only uses it while it is *the same version* the browser holds:

- each save numbers the session anew (``_v`` inside the data), and the cookie carries that
  number after the key (``<key>.<version>``);
- a request whose cookie names the version this process kept is answered from memory; any other
  (an older cookie, a save by another process this one has not seen, no number at all) reads
  Redis (and the database behind it) as before.

So a change written by one process is never hidden from the next request by a stale copy in
another: the browser's cookie says which version is current. What stays as with the account
cache (``orgs.auth``): a session deleted by another process (a logout there) is still
recognised here for at most the window, by a browser that kept the old cookie. ``0`` turns it
off. The copy is kept as JSON text, so a request changing its session in place never changes
the kept one."""

import json
import threading
import time

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore
from django.contrib.sessions.middleware import SessionMiddleware

VERSION_KEY = "_v"
MAX_KEPT = 20_000  # a worker's share of a province's morning; beyond it the memory starts over


class _RecentSessions:
    def __init__(self):
        self._lock = threading.Lock()
        self._kept: dict[str, tuple[float, str, str]] = {}

    def get(self, key: str, version: str) -> dict | None:
        kept = self._kept.get(key)
        if kept is None or kept[1] != version or kept[0] <= time.monotonic():
            return None
        return json.loads(kept[2])

    def keep(self, key: str, data: dict) -> None:
        seconds = settings.SESSION_CACHE_SECONDS
        if seconds <= 0 or not key:
            return
        version = str(data.get(VERSION_KEY, ""))
        if not version:
            return
        text = json.dumps(data, separators=(",", ":"))
        with self._lock:
            if len(self._kept) >= MAX_KEPT:
                self._kept.clear()
            self._kept[key] = (time.monotonic() + seconds, version, text)

    def forget(self, key: str | None) -> None:
        if key:
            with self._lock:
                self._kept.pop(key, None)


recent_sessions = _RecentSessions()


def split_cookie(value: str | None) -> tuple[str | None, str]:
    """``<key>.<version>`` → (key, version); a cookie without a number → (key, "")."""
    key, _, version = (value or "").partition(".")
    return key or None, version


class SessionStore(CachedDbStore):
    """``cached_db`` with the process's own memory in front, used only for the version the
    browser's cookie names."""

    def __init__(self, session_key=None):
        key, self.cookie_version = split_cookie(session_key)
        super().__init__(key)

    def load(self):
        key = self._session_key
        if key and self.cookie_version and settings.SESSION_CACHE_SECONDS > 0:
            found = recent_sessions.get(key, self.cookie_version)
            if found is not None:
                return found
        data = super().load()
        if self._session_key:  # still the same key: the load found the session
            recent_sessions.keep(self._session_key, data)
        return data

    def save(self, must_create=False):
        data = self._get_session(no_load=must_create)
        data[VERSION_KEY] = int(data.get(VERSION_KEY, 0)) + 1
        super().save(must_create=must_create)
        recent_sessions.keep(self._session_key, data)

    def delete(self, session_key=None):
        recent_sessions.forget(session_key or self._session_key)
        super().delete(session_key)

    @property
    def version(self) -> str:
        if not self._session_key:
            return ""
        return str(getattr(self, "_session_cache", {}).get(VERSION_KEY, ""))


class VersionedSessionMiddleware(SessionMiddleware):
    """Django's session middleware, with the session's version after the key in the cookie it
    sets (``<key>.<version>``), so the next request tells which copy is current."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        session = getattr(request, "session", None)
        name = settings.SESSION_COOKIE_NAME
        morsel = response.cookies.get(name)
        version = getattr(session, "version", "")
        if morsel is not None and version and morsel.value == session.session_key:
            value = f"{session.session_key}.{version}"
            morsel.set(name, value, value)
        return response
