"""Fixed-window rate limits in the cache (shared across processes when REDIS_URL is set)."""

import hashlib
import time

from django.core.cache import cache


def client_fingerprint(request):
    """A short-lived hash of the client address, for flood limits only; never stored."""
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(address.encode()).hexdigest()[:16]


def hit(scope, key, limit, window_seconds):
    """Count one event; return True while ``key`` stays within ``limit`` per window."""
    bucket = int(time.time() // window_seconds)
    cache_key = f"rl:{scope}:{key}:{bucket}"
    if cache.add(cache_key, 1, timeout=window_seconds + 5):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds + 5)
        return True
    return count <= limit
