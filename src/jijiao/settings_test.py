"""Settings for the test suite: the main settings with ``JIJIAO_ENV=test``.

Kept as a module so that pytest-django, which reads the settings before any conftest runs,
sees the test environment (fast password hashing, no debug toolbar of errors).
"""

import os

os.environ["JIJIAO_ENV"] = "test"

from jijiao.settings import *  # noqa: F403

# Tests serve static files straight from the apps (no collectstatic run beforehand).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The audit log's trigger refuses TRUNCATE; the suite's flush between transactional tests
# empties every table with it, as the owner: let through for the owner when this is set.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jijiao.allow_truncate=on"  # noqa: F405

# Each test starts from an empty cache of its own process, whatever the shell's JIJIAO_REDIS_URL;
# the tests of the shared cache start their own servers with a Redis URL.
# Jobs run eagerly in the tests (JOBS_EAGER): their progress too lives in the process.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "jobs": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jobs"},
}

# Tests change accounts with update() and expect the next request to see it; the window of
# reuse is tested on its own (tests/orgs/test_recent_accounts.py).
ACCOUNT_CACHE_SECONDS = 0
