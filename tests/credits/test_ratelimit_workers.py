"""The verification page's rate limit is one count for the whole site: two gunicorn workers
(each its own server, so every other request surely lands in the other process) share it
through Redis."""

import time

from tests.servers import get, gunicorn, migrated_sqlite, redis_server, site_environment

LIMIT = 4  # verifications a minute per address (JIJIAO_VERIFY_PER_MINUTE)


def _in_one_minute(send) -> list[int]:
    """``send()``'s statuses, all within one clock minute (the limit's window): repeated at
    the start of the next minute when a minute began meanwhile."""
    for _ in range(3):
        minute = int(time.time() // 60)
        statuses = send()
        if int(time.time() // 60) == minute:
            return statuses
        time.sleep(60 - time.time() % 60)
    raise AssertionError("三次都跨过了整分钟")


def test_verification_limit_holds_across_two_gunicorn_workers(tmp_path):
    database = migrated_sqlite(tmp_path)
    with redis_server() as redis_url:
        env = site_environment(
            database, JIJIAO_REDIS_URL=redis_url, JIJIAO_VERIFY_PER_MINUTE=str(LIMIT)
        )
        with gunicorn(env) as first, gunicorn(env) as second:
            statuses = _in_one_minute(
                lambda: [
                    get(port, f"/credits/verify/nosuchcode{i}/")
                    for i, port in enumerate([first, second] * 5)
                ]
            )
    # Without the shared cache each worker would let its own four through.
    assert statuses == [404] * LIMIT + [429] * (10 - LIMIT)
