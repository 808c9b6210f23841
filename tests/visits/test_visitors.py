"""The visitor and visit cookies, and the windows of the rate limits."""

import pytest
from django.core.cache import cache

from portal.visits import ratelimit
from portal.visits.visitors import VISIT_COOKIE, VISIT_MAX_AGE, VISITOR_COOKIE, VISITOR_MAX_AGE

SEARCH = "/en/search/?q=return"  # a logged search uses both cookies


def test_cookies_are_http_only_same_site_and_not_secure_over_http(client, help_center):
    response = client.get(SEARCH)
    visitor, visit = response.cookies[VISITOR_COOKIE], response.cookies[VISIT_COOKIE]
    for cookie, max_age in ((visitor, VISITOR_MAX_AGE), (visit, VISIT_MAX_AGE)):
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
        assert not cookie["secure"]
        assert int(cookie["max-age"]) == max_age


def test_cookies_are_secure_over_https(client, help_center):
    response = client.get(SEARCH, secure=True)
    assert response.cookies[VISITOR_COOKIE]["secure"] is True
    assert response.cookies[VISIT_COOKIE]["secure"] is True


def test_a_returning_visitor_keeps_its_cookie(client, help_center):
    client.get(SEARCH)
    assert VISITOR_COOKIE not in client.get(SEARCH).cookies  # not set again
    assert VISIT_COOKIE in client.get(SEARCH).cookies  # the visit's expiry slides


@pytest.fixture
def clock(monkeypatch):
    now = [1_800_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    cache.clear()
    return now


def test_rate_limit_allows_the_limit_per_window_then_refuses(clock):
    assert [ratelimit.hit("t", "k", 3, 60) for _ in range(4)] == [True, True, True, False]
    assert ratelimit.hit("t", "other", 3, 60)  # another key has its own count
    clock[0] += 60  # the next window starts afresh
    assert [ratelimit.hit("t", "k", 3, 60) for _ in range(4)] == [True, True, True, False]


def test_rate_limit_window_is_fixed_not_sliding(clock):
    clock[0] = 1_800_000_000.0 // 3600 * 3600 + 3599  # the last second of an hour
    assert ratelimit.hit("t", "k", 1, 3600)
    assert not ratelimit.hit("t", "k", 1, 3600)
    clock[0] += 1
    assert ratelimit.hit("t", "k", 1, 3600)
