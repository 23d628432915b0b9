"""News datelines ("МОСКВА, 25 мая. /ТАСС/.", "KYIV, Dec 7 (Reuters) -"): where one ends at the head of a report."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A dateline is a few words; anything longer at the head of a text is prose.
MAX_CHARS = 120

_UP = "A-ZА-ЯЁІЇЄҐ"
_LOW = "a-zа-яёіїєґ"
# The place as agencies print it: upper case, one to four words ("НЬЮ-ЙОРК", "LOS ANGELES"),
# an agency standing in for it ("ТАСС, 17 мая.") included; at least three letters, so that a
# two-letter word ("ЦБ", "US") at the head of a sentence is never taken for one.
_CAPS_PLACE = rf"[{_UP}][{_UP}'’\-]{{2,}}(?:[ \-][{_UP}][{_UP}'’\-]*){{0,3}}"
# ... or written as a name ("Київ. 7 грудня. ІНТЕРФАКС-УКРАЇНА -"), or a country after it.
_NAME_PLACE = rf"[{_UP}][{_LOW}'’\-]+(?:[ \-][{_UP}][{_LOW}'’\-]+){{0,2}}"
# Month stems, Russian, Ukrainian and English, full or cut ("ноя", "Dec.").
_MONTH = (r"(?:янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек"
          r"|січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листоп|груд"
          r"|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-zа-яёіїє]*\.?")
_DAY_MONTH = rf"\d{{1,2}}\s+(?i:{_MONTH})(?:\s+\d{{4}}(?:\s*(?:г|р)\.)?)?"
_MONTH_DAY = rf"(?i:{_MONTH})\s+\d{{1,2}}(?:,\s*\d{{4}})?"
_DATE = rf"(?:{_DAY_MONTH}|{_MONTH_DAY})"
_NUMERIC_DATE = r"\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\b"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
_DAY_WORD = r"(?:Сегодня|Вчера|Сьогодні|Вчора|Today|Yesterday)"
_DASH = r"\s*(?:--|[-–—])\s*"
# An agency and, after a comma, a correspondent: one to five capitalised words ("РИА Новости,
# Елизавета Исакова", "ІНТЕРФАКС-УКРАЇНА"). A sentence has a lower-case word among its first
# five, so one is never taken for an agency.
_AGENCY = rf"[{_UP}][\w'’\-]*(?:,?\s+[{_UP}][\w'’\-]*){{0,4}}"
# What may follow the place and the date: "(Рейтер) -", ". /ТАСС/.", "— РИА Новости.",
# ", ФедералПресс.", ". ІНТЕРФАКС-УКРАЇНА -". An agency in brackets or slashes is a short name.
_BRACKETED = rf"(?:\s*\([{_UP}][^()\n]{{1,19}}\){_DASH}|\.?\s*/[{_UP}][^/\n]{{1,19}}/\.?)"
_TAIL = (rf"(?:{_BRACKETED}"
         rf"|\s*[.,]?{_DASH}{_AGENCY}\."
         rf"|,\s*{_AGENCY}\."
         rf"|\.\s*{_AGENCY}{_DASH})")
_HEAD = r"[\s\"«“„]*"
_NEXT = rf"(?=\s*[\"«“„{_UP}\d])"
# A country or a state after the place: "Ukraine", "N.J.", "Mass.", "штат Флорида".
_COUNTRY = rf"(?:,\s*(?:{_NAME_PLACE}|[{_UP}][A-Za-z.]{{0,4}}\.))?"
_LATIN_PLACE = r"[A-Z][A-Z'’\-]{2,}(?:[ \-][A-Z][A-Z'’\-]*){0,3}"
_DATELINES = (
    # МОСКВА, 25 мая. /ТАСС/. · KYIV, Dec 7 (Reuters) - · ТАСС, 17 мая. · LONDON, Dec 7 —
    re.compile(rf"{_HEAD}(?P<place>{_CAPS_PLACE}{_COUNTRY})(?:,|\.|{_DASH})\s*{_DATE}"
               rf"(?:{_TAIL}|\.|{_DASH}){_NEXT}"),
    # WASHINGTON (AP) — · KYIV, Ukraine (AP) —
    re.compile(rf"{_HEAD}(?P<place>{_CAPS_PLACE}{_COUNTRY}){_BRACKETED}{_NEXT}"),
    # OTTAWA -- · LONDON: · KUALA LUMPUR (Nov 11): (English only: a Cyrillic word in capitals
    # before a dash or a colon is an acronym, "НАТО — ...", "ФСБ: ...")
    re.compile(rf"{_HEAD}(?P<place>{_LATIN_PLACE}{_COUNTRY})(?:\s*\({_DATE}\))?"
               rf"(?:{_DASH}|:\s*){_NEXT}"),
    # Київ. 7 грудня. ІНТЕРФАКС-УКРАЇНА - (a place written as a name: only with its agency)
    re.compile(rf"{_HEAD}(?P<place>{_NAME_PLACE}{_COUNTRY})[,.]\s*{_DATE}{_TAIL}{_NEXT}"),
    # 05.01.2012, Тирасполь 00:16:06 · 16.01.12 (a page's date line; a place only before a time)
    re.compile(rf"{_HEAD}(?:[-–—]\s*)?{_NUMERIC_DATE}(?:,?\s+(?P<place>{_NAME_PLACE})\s+{_TIME}"
               rf"|(?:,?\s+{_TIME})?){_NEXT}"),
    # 17:04  12.11.2019 · Вчера, 19:11 Вчера, 19:11 (the time first, or a day named, once or twice)
    re.compile(rf"{_HEAD}(?:(?:{_TIME}\s+{_NUMERIC_DATE}|{_DAY_WORD},?\s+{_TIME})\s*){{1,2}}"
               rf"{_NEXT}"),
)


@dataclass(slots=True, frozen=True)
class Dateline:
    """The dateline opening a text: its place as written and where the report proper begins."""

    place: str | None  # None when it names none ("16.01.12")
    end: int


def dateline(text: str) -> Dateline | None:
    """The dateline that opens ``text``, or None. Agencies open a report with the place, the
    date and themselves ("МОСКВА, 25 мая. /ТАСС/."): reports of other events by one agency share
    the date and the agency, which say nothing of the event; the place may (a flood in Venice)."""
    head = text[:MAX_CHARS + 1]
    for pattern in _DATELINES:
        m = pattern.match(head)
        if m is not None and m.end() <= MAX_CHARS:
            end = len(text) - len(text[m.end():].lstrip())
            return Dateline(m.groupdict().get("place") or None, end) if end < len(text) else None
    return None


def strip_dateline(text: str) -> str:
    """``text`` with its opening dateline cut to the place, written as a name ("МОСКВА, 25 мая.
    /ТАСС/. Роспотребнадзор…" reads "Москва. Роспотребнадзор…"); ``text`` itself without one."""
    found = dateline(text)
    if found is None:
        return text
    if not found.place:
        return text[found.end:]
    place = _as_name(found.place)
    return f"{place} {text[found.end:]}" if place.endswith(".") else \
        f"{place}. {text[found.end:]}"


def _as_name(place: str) -> str:
    """"НЬЮ-ЙОРК" as "Нью-Йорк", "SAN FRANCISCO, Calif." as "San Francisco, Calif."."""
    city, comma, rest = place.partition(",")
    return (city.title() if city.isupper() else city) + comma + rest
