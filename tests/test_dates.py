"""One date parser for what outlets write: ISO 8601 and its variants, RFC 822, placeholders;
the zone as written is kept (the same instant as the UTC times below)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from svodka.dates import parse_date


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-12-02T10:15:30Z", datetime(2026, 12, 2, 10, 15, 30, tzinfo=UTC)),
    ("2026-12-02T12:15:30+02:00", datetime(2026, 12, 2, 10, 15, 30, tzinfo=UTC)),
    ("2026-12-02T12:15:30.123+0200", datetime(2026, 12, 2, 10, 15, 30, 123000, tzinfo=UTC)),
    ("2026-12-02 13:15", datetime(2026, 12, 2, 13, 15, tzinfo=UTC)),
    ("2026-12-02T13:15+03:00", datetime(2026, 12, 2, 10, 15, tzinfo=UTC)),
    ("2026-12-02", datetime(2026, 12, 2, tzinfo=UTC)),
    ("2026-12", datetime(2026, 12, 1, tzinfo=UTC)),
    (" 2026 ", datetime(2026, 1, 1, tzinfo=UTC)),
    ("Wed, 02 Dec 2026 10:15:30 GMT", datetime(2026, 12, 2, 10, 15, 30, tzinfo=UTC)),
    ("Wed, 02 Dec 2026 13:15:30 +0300", datetime(2026, 12, 2, 10, 15, 30, tzinfo=UTC)),
])
def test_dates_outlets_write(text: str, expected: datetime) -> None:
    got = parse_date(text)
    assert got == expected and got is not None and got.tzinfo is not None


@pytest.mark.parametrize("text", [
    None, "", "   ", "yesterday", "2026-13-01", "2026-02-30T10:00", "0001-01-01T00:00:00Z",
    "9999-12-31", "Wed, 32 Dec 2026 10:00:00 GMT", 1733130000, "2026-12-02T10:00+99:00",
])
def test_what_is_not_a_date(text: object) -> None:
    assert parse_date(text) is None
