"""Is Redis there? One probe, used by the settings (eager mode or not, production start-up)
and by ``jijiao serve --with-worker`` (start a worker beside the server or not).

Domain-free and Django-free: the settings import it before Django is configured.
"""

from urllib.parse import urlsplit, urlunsplit

# The Redis that `make run` looks for when JIJIAO_REDIS_URL is not set.
DEVELOPMENT_REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_answers(url: str, *, timeout: float = 0.5) -> bool:
    """True when a Redis server at ``url`` answers PING within ``timeout`` seconds.

    A closed port is refused at once; an unroutable host waits at most ``timeout``.
    """
    if not url:
        return False
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    client = redis.Redis.from_url(
        url,
        socket_connect_timeout=timeout,
        socket_timeout=timeout,
        retry=Retry(NoBackoff(), 0),  # one attempt: a probe, not a connection to keep
    )
    try:
        return bool(client.ping())
    except (redis.RedisError, OSError, ValueError):
        return False
    finally:
        client.close()


def redacted(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password:
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        user = f"{parts.username}:***@" if parts.username else ":***@"
        parts = parts._replace(netloc=user + host)
    return urlunsplit(parts)
