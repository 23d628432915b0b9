"""Interface languages: strings as data (``strings.json``), language choice, dates and plurals."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LANGUAGES = ("uk", "ru", "en")
DEFAULT_LANGUAGE = "uk"
FALLBACK_LANGUAGE = "en"  # where a string is missing in the chosen language
# The enrichment's categories, in the order the navigation shows them.
CATEGORIES = ("society", "economy", "technology", "science", "sports", "entertainment", "other")
# Times are shown in the reader's zone: their browser's, the one they chose, else this one.
DEFAULT_TIMEZONE = "Europe/Kyiv"
# Offered in the zone setting (any valid IANA name is accepted from the browser).
COMMON_TIMEZONES = ("Europe/Kyiv", "Europe/Moscow", "Europe/Warsaw", "Europe/Berlin",
                    "Europe/London", "America/New_York", "America/Los_Angeles", "Asia/Tbilisi",
                    "Asia/Almaty", "UTC")
ZONE_NAME_RE = re.compile(r"(?:[A-Za-z][A-Za-z_]*(?:/[A-Za-z0-9_+\-]{1,40}){0,2}|UTC)")


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, Any]]:
    data = json.loads(resources.files("svodka.web").joinpath("strings.json").read_text("utf-8"))
    base = data[FALLBACK_LANGUAGE]
    return {lang: {**base, **data.get(lang, {})} for lang in LANGUAGES}


def choose_language(query: str | None, cookie: str | None, accept: str | None) -> str:
    """``?lang=``, then the ``lang`` cookie, then Accept-Language (by q), then the default."""
    for explicit in (query, cookie):
        if explicit and explicit.strip().lower() in LANGUAGES:
            return explicit.strip().lower()
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and q > 0:
            ranked.append((-q, i, primary))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE


def plural_index(n: int, lang: str) -> int:
    """CLDR plural category as an index into a forms list: ru/uk one-few-many, en one-other."""
    n = abs(n)
    if lang in ("ru", "uk"):
        if n % 10 == 1 and n % 100 != 11:
            return 0
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return 1
        return 2
    return 0 if n == 1 else 1


def timezone(name: str | None) -> tzinfo:
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def valid_zone(name: str | None) -> str | None:
    """``name`` if it is an IANA zone this machine knows (browsers send these), else None."""
    if not name or len(name) > 64 or not ZONE_NAME_RE.fullmatch(name):
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return name


def utc_offset(d: datetime) -> str:
    """``UTC+2``, ``UTC+5:30``, ``UTC``: the zone as every reader reads it."""
    minutes = round((d.utcoffset() or timedelta(0)).total_seconds() / 60)
    if not minutes:
        return "UTC"
    sign, minutes = ("+" if minutes > 0 else "-"), abs(minutes)
    return f"UTC{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")


class Formatter:
    """Strings, plurals and dates in one interface language; templates get one as ``fmt``."""

    def __init__(self, lang: str, tz: tzinfo = UTC, now: datetime | None = None) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self.s = strings()[self.lang]
        self.tz = tz
        self.now = now or datetime.now(UTC)

    def __call__(self, key: str) -> str:
        value = self.s.get(key, key)
        return value if isinstance(value, str) else key

    def count(self, n: int, key: str) -> str:
        """``3 reports`` / ``3 повідомлення`` / ``5 повідомлень``."""
        forms = self.s[key]
        return f"{n} {forms[min(plural_index(n, self.lang), len(forms) - 1)]}"

    def _phrase(self, n: int, key: str) -> str:
        forms = self.s[key]
        return forms[min(plural_index(n, self.lang), len(forms) - 1)].format(n=n)

    def language_name(self, code: str | None) -> str:
        return self.s["lang_names"].get(code or "", code or "")

    def category(self, code: str | None) -> str:
        return self.s["categories"].get(code or "", code or "")

    def _local(self, dt: datetime) -> datetime:
        return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(self.tz)

    def date(self, dt: datetime | None) -> str:
        if dt is None:
            return ""
        d = self._local(dt)
        return self.s["date_format"].format(
            day=d.day, month=self.s["months"][d.month - 1], year=d.year)

    def datetime(self, dt: datetime | None) -> str:
        if dt is None:
            return ""
        d = self._local(dt)
        return self.s["datetime_format"].format(
            day=d.day, month=self.s["months"][d.month - 1], year=d.year,
            time=f"{d.hour:02d}:{d.minute:02d}")

    def ago(self, dt: datetime | None) -> str:
        """Relative within the last day ("5 хвилин тому"), else the date and time."""
        if dt is None:
            return ""
        seconds = (self.now - (dt if dt.tzinfo else dt.replace(tzinfo=UTC))).total_seconds()
        if 0 <= seconds < 60:
            return self("just_now")
        if 0 <= seconds < 3600:
            return self._phrase(int(seconds // 60), "minutes_ago")
        if 0 <= seconds < 86400:
            return self._phrase(int(seconds // 3600), "hours_ago")
        return self.datetime(dt)

    def stamp(self, dt: datetime | None) -> str:
        """Date and time with the zone: ``2 July 2026, 00:30 UTC+3``."""
        return f"{self.datetime(dt)} {utc_offset(self._local(dt))}" if dt else ""

    @property
    def zone(self) -> str:
        """The reader's zone as shown in the footer: ``Europe/Kyiv (UTC+2)``."""
        return f"{self.tz} ({utc_offset(self.now.astimezone(self.tz))})"

    def minutes(self, seconds: float | None) -> str:
        return self._phrase(max(1, round((seconds or 0) / 60)), "every_minutes")

    @staticmethod
    def iso(dt: datetime | None) -> str:
        return dt.astimezone(UTC).isoformat() if dt else ""
