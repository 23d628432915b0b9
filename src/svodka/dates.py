"""One parser for the dates outlets write in feeds, sitemaps and page metadata."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

# W3C/ISO 8601 and its common variants: a year alone up to seconds with a fraction, "T" or a
# space before the time, "Z" or an offset with or without its colon.
_ISO = re.compile(
    r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?)?)?\s*$",
    re.IGNORECASE,
)
# Dates outside these years are placeholders ("0001-01-01", "9999-12-31"), not dates.
FIRST_YEAR, LAST_YEAR = 1990, 2100
# A printed date is a date line, not a paragraph that happens to hold a number.
MAX_PRINTED_CHARS = 80
# A printed date names its year: four digits, or two after a day and a month ("16.04.24").
_PRINTED_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)|\b\d{1,2}[./-]\d{1,2}[./-]\d{2}\b")
# A Unix time written as text: seconds (or milliseconds) since 1970, nothing else.
_UNIX_DIGITS = re.compile(r"\s*\d{9,13}(?:\.\d+)?\s*")
# A Unix time above this is in milliseconds (1e11 s is the year 5138; 1e11 ms is 1973).
MILLISECONDS_FROM = 10**11


def parse_date(value: object) -> datetime | None:
    """W3C/ISO 8601 (sitemaps, JSON Feed, JSON-LD, meta tags) or RFC 822/2822 (RSS, HTTP)
    text as an aware datetime in the zone it was written in (the outlet's; a date without a
    zone is taken as UTC). None for anything else."""
    if not isinstance(value, str) or not value.strip():
        return None
    m = _ISO.match(value)
    dt = _from_iso(m) if m else parse_http_date(value)
    if dt is None or not FIRST_YEAR <= dt.year <= LAST_YEAR:
        return None
    return dt


def parse_printed_date(text: str | None) -> datetime | None:
    """A date as outlets print it on the page ("4 января 2012, 15:33", "15.11.2023 10:12",
    "7 грудня 2026"); naive values are taken as UTC. Relative words ("сегодня") are not read:
    they need the time the page was fetched."""
    if not text or len(text) > MAX_PRINTED_CHARS or not _PRINTED_YEAR.search(text):
        return None  # dateparser reads "вчора о 15:00" against today whatever parts it requires
    import dateparser  # loaded only where a printed date is read: it takes a second

    dt = dateparser.parse(text, languages=["uk", "ru", "en"], settings={
        "DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": True, "TIMEZONE": "UTC",
        "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]})
    return dt if dt is not None and FIRST_YEAR <= dt.year <= LAST_YEAR else None


def parse_unix_time(value: object) -> datetime | None:
    """A Unix time (seconds, or milliseconds from ``MILLISECONDS_FROM``), as a number or a
    string of digits, in UTC; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    if isinstance(value, str) and not _UNIX_DIGITS.fullmatch(value):
        return None
    seconds = float(value)
    if seconds >= MILLISECONDS_FROM:
        seconds /= 1000.0
    try:
        dt = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return dt if FIRST_YEAR <= dt.year <= LAST_YEAR else None


def _from_iso(m: re.Match[str]) -> datetime | None:
    y, mo, d, hh, mi, ss, frac, tz = m.groups()
    micro = int((frac or "0")[:6].ljust(6, "0"))
    try:
        dt = datetime(int(y), int(mo or 1), int(d or 1), int(hh or 0), int(mi or 0),
                      int(ss or 0), micro)
    except ValueError:
        return None
    if not tz or tz.upper() == "Z":
        return dt.replace(tzinfo=UTC)
    digits = tz[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    try:
        return dt.replace(tzinfo=timezone(-offset if tz[0] == "-" else offset))
    except (ValueError, OverflowError):
        return None


def parse_http_date(text: str | None) -> datetime | None:
    """RFC 822/2822 text (RSS, HTTP's Date, Expires and Retry-After) as an aware datetime, any
    year (an Expires in 1970 says "already stale"); a date without a zone is taken as UTC."""
    if not text:
        return None
    try:
        dt = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
