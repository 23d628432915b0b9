"""Timing policy, as pure functions: retry backoff and adaptive polling.

``retry_delay`` is exponential backoff with jitter that is deterministic per key, so
the failing sources of one host (different keys) retry at spread-out moments, while
one source's schedule is reproducible. ``next_poll`` picks the interval until a
source's next poll from its observed rate of new items, clamped, and never sooner
than the server's TTL / Cache-Control / Expires / Retry-After allow.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime

from ..dates import parse_http_date

__all__ = ["cache_lifetime", "next_poll", "parse_retry_after", "retry_delay"]

MINUTE = 60.0
HOUR = 3600.0


def _unit(key: str, salt: int) -> float:
    """A uniform number in [0, 1) derived from ``key`` and ``salt``."""
    digest = hashlib.blake2b(f"{salt}:{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def retry_delay(
    attempt: int, key: str, *, base: float = 30.0, cap: float = 6 * HOUR, spread: float = 0.5
) -> float:
    """Seconds to wait before retry number ``attempt`` (0 = first retry) of ``key``.

    The delay grows as ``base * 2**attempt`` up to ``cap``; the last ``spread`` fraction
    of it is jitter chosen by hashing ``key`` and ``attempt``.
    """
    ceiling = min(cap, base * 2.0 ** max(0, min(attempt, 62)))
    return ceiling * (1.0 - spread + spread * _unit(key, attempt))


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds from ``now``: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = parse_http_date(value)
    if when is None:
        return None
    return max(0.0, (when - _now(now)).total_seconds())


def cache_lifetime(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Seconds the response stays fresh (Cache-Control max-age minus Age, else Expires)."""
    h = {k.lower(): v for k, v in headers.items()}
    for directive in h.get("cache-control", "").split(","):
        name, _, arg = directive.strip().partition("=")
        if name.lower() == "max-age" and arg.strip().strip('"').isdigit():
            age = h.get("age", "0").strip()
            return max(0.0, float(arg.strip().strip('"')) - (float(age) if age.isdigit() else 0.0))
    expires = parse_http_date(h.get("expires"))
    if expires is not None:
        base = parse_http_date(h.get("date")) or _now(now)
        return max(0.0, (expires - base).total_seconds())
    return None


def next_poll(
    new_items: int,
    interval: float,
    *,
    headers: Mapping[str, str] | None = None,
    ttl_seconds: float | None = None,
    now: datetime | None = None,
    target_items: float = 3.0,
    min_interval: float = 5 * MINUTE,
    max_interval: float = 24 * HOUR,
) -> float:
    """Seconds until a source is polled again.

    ``new_items`` new entries were seen over the last ``interval`` seconds. A busy source
    is polled often enough to see about ``target_items`` new entries per poll, a quiet one
    ever more rarely (x1.5 per empty poll); the change per step is bounded (x0.25..x2) so
    one burst does not swing the schedule. The result lies in [min_interval, max_interval]
    and is never sooner than the feed's TTL or the response's freshness/Retry-After hints
    (those hints are themselves capped at ``max_interval``).
    """
    interval = max(float(interval), 1.0)
    if new_items <= 0:
        proposed = interval * 1.5
    else:
        proposed = interval * target_items / new_items
        proposed = min(max(proposed, interval * 0.25), interval * 2.0)
    result = min(max(proposed, min_interval), max_interval)
    hints = [ttl_seconds]
    if headers:
        lowered = {k.lower(): v for k, v in headers.items()}
        hints.append(cache_lifetime(lowered, now))
        hints.append(parse_retry_after(lowered.get("retry-after"), now))
    for hint in hints:
        if hint is not None:
            result = max(result, min(float(hint), max_interval))
    return result
