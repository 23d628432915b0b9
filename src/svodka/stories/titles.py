"""What a story is called: a title chosen among its reports' (informative, early, neutral), one
per language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from svodka.words import tokens

MIN_WORDS = 4  # fewer words name a subject, not an event ("Шторм", "Ставка НБУ")
MAX_WORDS = 22  # more is a paragraph set as a title
SHOUT_LETTERS = 5  # an upper-case word this long is shouting (acronyms are shorter: НАТО, МВФ)
# Below this quality a title is passed over while any report offers a better one; at or above it
# the earliest such title wins (a story is named by whoever reported it first, in plain words).
GOOD_ENOUGH = 0.75

# Teasers: the title hides the news ("what is known", "how", "why", "watch", a live blog).
_TEASER = re.compile(
    r"^(что известно|что произошло|что случилось|как |почему |зачем |кто |видео|фото|онлайн|"
    r"що відомо|що сталося|як |чому |навіщо |хто |відео|онлайн|"
    r"what we know|what happened|how |why |who |watch|video|photos|live\b|"
    r"срочно|молния|эксклюзив|терміново|блискавка|ексклюзив|breaking|exclusive)|"
    r"(подробности|деталі|details|live updates|онлайн-трансляция|онлайн-трансляція)\W*$|"
    r"\b(шок|сенсация|сенсація|shocking|you won.t believe|не поверите|не повірите)\b",
    re.IGNORECASE)
_CLICKBAIT_PUNCT = re.compile(r"[!?]{2,}|!|\.\.\.|…\s*$")


@dataclass(slots=True)
class Report:
    """One of a story's reports, as far as its name goes."""

    article_id: int
    title: str
    language: str | None
    when: datetime | None
    lead: str | None = None


def quality(title: str) -> float:
    """1 for a plain informative title; less for a teaser, a one- to three-word title, a very long
    one, shouting (upper-case words) and clickbait punctuation."""
    words = tokens(title)
    score = 1.0
    if len(words) < MIN_WORDS:
        score -= 0.5
    elif len(words) > MAX_WORDS:
        score -= 0.2
    if _TEASER.search(title.strip()):
        score -= 0.4
    if title.rstrip().endswith("?"):
        score -= 0.3
    if _CLICKBAIT_PUNCT.search(title):
        score -= 0.3
    shouting = [w for w in words if len(w) >= SHOUT_LETTERS and w.isupper()]
    if shouting:
        score -= 0.3 if len(shouting) * 2 < len(words) else 0.5
    return max(0.0, score)


def choose(reports: list[Report]) -> Report | None:
    """The report whose title names the story: the earliest good-enough title, else the best
    (earliest among equals)."""
    if not reports:
        return None
    ranked = sorted(reports, key=_order)
    scored = [(quality(r.title), r) for r in ranked]
    good = [r for q, r in scored if q >= GOOD_ENOUGH]
    if good:
        return good[0]
    return max(scored, key=lambda qr: qr[0])[1]  # max keeps the first (earliest) of equals


def titles_by_language(reports: list[Report]) -> dict[str, Report]:
    """One chosen report per language the story's reports are in."""
    langs: dict[str, list[Report]] = {}
    for r in reports:
        if r.language:
            langs.setdefault(r.language, []).append(r)
    return {lang: found for lang, rs in sorted(langs.items()) if (found := choose(rs))}


def _order(r: Report) -> tuple[bool, float, int]:
    return (r.when is None, r.when.timestamp() if r.when else 0.0, r.article_id)
