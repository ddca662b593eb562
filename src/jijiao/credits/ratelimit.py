"""A small per-address rate limit for the public pages (certificate verification), kept in
the cache: a fixed window per minute, so enumerating codes is slow and cheap to refuse."""

import time

from django.conf import settings
from django.core.cache import cache

from jijiao.audit_log.middleware import client_address

DEFAULT_PER_MINUTE = 30


def allowed(request, bucket: str) -> bool:
    """Count this request; ``False`` once the address has used up the minute's allowance
    (``settings.CREDITS_VERIFY_PER_MINUTE``, default 30)."""
    limit = getattr(settings, "CREDITS_VERIFY_PER_MINUTE", DEFAULT_PER_MINUTE)
    window = int(time.time() // 60)
    key = f"credits-rate:{bucket}:{client_address(request) or 'unknown'}:{window}"
    cache.add(key, 0, timeout=90)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=90)
        count = 1
    return count <= limit
