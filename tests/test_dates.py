"""One date parser for what outlets write: ISO 8601 and its variants, RFC 822, placeholders;
the zone as written is kept (the same instant as the UTC times below); dates as pages print them;
Unix times."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from svodka.dates import parse_date, parse_http_date, parse_printed_date, parse_unix_time


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


@pytest.mark.parametrize(("text", "expected"), [
    ("4 января 2012, 15:33", datetime(2012, 1, 4, 15, 33, tzinfo=UTC)),
    ("15.11.2023 10:12", datetime(2023, 11, 15, 10, 12, tzinfo=UTC)),
    ("7 грудня 2026", datetime(2026, 12, 7, tzinfo=UTC)),
    ("December 7, 2026 8:05", datetime(2026, 12, 7, 8, 5, tzinfo=UTC)),
])
def test_dates_as_pages_print_them(text: str, expected: datetime) -> None:
    assert parse_printed_date(text) == expected


@pytest.mark.parametrize("text", [
    None, "", "сегодня", "вчора о 15:00", "7 грудня", "15.11.0023",
    "Тираж 100 000 экземпляров " * 5,
])
def test_what_pages_print_that_is_no_date(text: str | None) -> None:
    assert parse_printed_date(text) is None


@pytest.mark.parametrize(("value", "expected"), [
    (1733130000, datetime(2024, 12, 2, 9, 0, tzinfo=UTC)),
    (1733130000123, datetime(2024, 12, 2, 9, 0, 0, 123000, tzinfo=UTC)),
    (" 1733130000 ", datetime(2024, 12, 2, 9, 0, tzinfo=UTC)),
    (0, None), (-1, None), (True, None), ("17331e5", None), ("2026", None), (10**20, None),
])
def test_unix_times(value: object, expected: datetime | None) -> None:
    assert parse_unix_time(value) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Wed, 09 Dec 2026 10:00:00 GMT", datetime(2026, 12, 9, 10, tzinfo=UTC)),
    # HTTP's "already stale": a year parse_date would take for a placeholder
    ("Thu, 01 Jan 1970 00:00:00 GMT", datetime(1970, 1, 1, tzinfo=UTC)),
    (" Wed, 09 Dec 2026 10:00:00 -0000 ", datetime(2026, 12, 9, 10, tzinfo=UTC)),
    ("0", None), ("soon", None), ("", None), (None, None),
])
def test_http_dates(text: str | None, expected: datetime | None) -> None:
    assert parse_http_date(text) == expected
