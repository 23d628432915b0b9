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


def parse_date(value: object) -> datetime | None:
    """W3C/ISO 8601 (sitemaps, JSON Feed, JSON-LD, meta tags) or RFC 822/2822 (RSS, HTTP)
    text as an aware datetime in the zone it was written in (the outlet's; a date without a
    zone is taken as UTC). None for anything else."""
    if not isinstance(value, str) or not value.strip():
        return None
    m = _ISO.match(value)
    dt = _from_iso(m) if m else _from_rfc822(value.strip())
    if dt is None or not FIRST_YEAR <= dt.year <= LAST_YEAR:
        return None
    return dt


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


def _from_rfc822(text: str) -> datetime | None:
    try:
        dt = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
