"""The verification page's rate limit is one count for the whole site: two gunicorn workers
(each its own server, so every other request surely lands in the other process) share it
through Redis."""

import time

from tests.servers import get, gunicorn, migrated_sqlite, redis_server, site_environment

LIMIT = 30  # requests a minute per address (credits.ratelimit.DEFAULT_PER_MINUTE)


def test_verification_limit_holds_across_two_gunicorn_workers(tmp_path):
    database = migrated_sqlite(tmp_path)
    with redis_server() as redis_url:
        env = site_environment(database, JIJIAO_REDIS_URL=redis_url)
        with gunicorn(env) as first, gunicorn(env) as second:
            # The limit counts per clock minute: start early in one.
            while time.time() % 60 > 45:
                time.sleep(1)
            statuses = [
                get(port, f"/credits/verify/nosuchcode{i}/")
                for i, port in enumerate([first, second] * 20)
            ]
    assert statuses == [404] * LIMIT + [429] * (40 - LIMIT)
