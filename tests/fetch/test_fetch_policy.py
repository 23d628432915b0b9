"""Pure timing policy: retry backoff with spread jitter, adaptive polling with server hints."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from hypothesis import given
from hypothesis import strategies as st

from svodka.fetch.policy import cache_lifetime, next_poll, parse_retry_after, retry_delay

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@given(st.integers(0, 40), st.text(max_size=30))
def test_retry_delay_bounds(attempt: int, key: str) -> None:
    d = retry_delay(attempt, key, base=30, cap=3600, spread=0.5)
    ceiling = min(3600, 30 * 2**attempt)
    assert ceiling * 0.5 <= d <= ceiling
    assert d == retry_delay(attempt, key, base=30, cap=3600, spread=0.5)  # reproducible


def test_retry_delay_grows_then_caps() -> None:
    delays = [retry_delay(a, "https://host.test/feed", base=10, cap=1000, spread=0.0)
              for a in range(10)]
    assert delays[:7] == [10, 20, 40, 80, 160, 320, 640]
    assert delays[7:] == [1000, 1000, 1000]


def test_sources_of_one_host_do_not_retry_together() -> None:
    keys = [f"https://host.test/section/{i}/rss" for i in range(200)]
    delays = [retry_delay(2, k, base=60, spread=0.5) for k in keys]
    # spread over the jitter window [120, 240]: no pile-up in any tenth of it
    buckets = [0] * 10
    for d in delays:
        buckets[min(9, int((d - 120) / 12))] += 1
    assert max(buckets) < 45 and min(buckets) > 5
    assert statistics.pstdev(delays) > 25
    assert len({round(d, 3) for d in delays}) > 190


def test_retry_after_forms() -> None:
    assert parse_retry_after("120") == 120.0
    later = format_datetime(NOW + timedelta(minutes=5), usegmt=True)
    assert parse_retry_after(later, now=NOW) == 300.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_cache_lifetime() -> None:
    assert cache_lifetime({"Cache-Control": "public, max-age=600"}) == 600.0
    assert cache_lifetime({"cache-control": "max-age=600", "age": "100"}) == 500.0
    expires = {"Expires": format_datetime(NOW + timedelta(hours=1), usegmt=True),
               "Date": format_datetime(NOW, usegmt=True)}
    assert cache_lifetime(expires) == 3600.0
    assert cache_lifetime({"cache-control": "no-cache"}) is None


def test_busy_source_polled_more_often_quiet_less() -> None:
    busy = next_poll(12, 3600)  # 12 new items in an hour: aim for ~3 per poll
    assert busy == 900.0
    quiet = next_poll(0, 3600)
    assert quiet == 5400.0
    # bounded steps: a sudden burst cannot drop the interval below a quarter at once
    assert next_poll(1000, 3600) == 900.0
    assert next_poll(1, 3600) == 7200.0


def test_clamps_and_hints() -> None:
    assert next_poll(100, 60) == 300.0  # never below min_interval
    assert next_poll(0, 80_000) == 86_400.0  # never above max_interval
    assert next_poll(12, 3600, ttl_seconds=7200) == 7200.0  # feed <ttl>
    assert next_poll(12, 3600, headers={"Cache-Control": "max-age=1800"}) == 1800.0
    assert next_poll(12, 3600, headers={"Retry-After": "5000"}) == 5000.0
    expires = {"Expires": format_datetime(NOW + timedelta(hours=2), usegmt=True)}
    assert next_poll(12, 3600, headers=expires, now=NOW) == 7200.0
    # hints are lower bounds, themselves capped at max_interval
    assert next_poll(12, 3600, headers={"Cache-Control": "max-age=31536000"}) == 86_400.0
    assert next_poll(12, 3600, headers={"Cache-Control": "max-age=60"}) == 900.0


@given(st.integers(0, 10_000), st.floats(1, 10**6), st.one_of(st.none(), st.floats(0, 10**7)))
def test_next_poll_always_in_range(new: int, interval: float, ttl: float | None) -> None:
    result = next_poll(new, interval, ttl_seconds=ttl)
    assert 300.0 <= result <= 86_400.0
