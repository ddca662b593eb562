"""Settings for the sign-in benchmark's gunicorn: the real ones, plus two bench-only URLs.

The benchmark's throw-away SQLite database takes its write lock at the start of a transaction
(``IMMEDIATE``) and writes ahead (WAL), so concurrent sign-ins queue instead of failing with
"database is locked" — as they would queue on PostgreSQL's row locks in production.
"""

from jijiao.settings import *  # noqa: F403

ROOT_URLCONF = "bench.signin_urls"
STATIC_ROOT = None
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["OPTIONS"].update(  # noqa: F405
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

# Refused scans and unknown pages are answered, not written to the console one by one.
LOGGING["loggers"]["django.request"] = {"level": "ERROR"}  # noqa: F405
