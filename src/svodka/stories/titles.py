"""What a story is called: a title chosen among its reports' (informative, early, neutral), one
per language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from svodka.words import tokens

from . import text as tx

MIN_WORDS = 4  # fewer words name a subject, not an event ("Шторм", "Ставка НБУ")
MAX_WORDS = 22  # more is a paragraph set as a title
SHOUT_LETTERS = 5  # an upper-case word this long is shouting (acronyms are shorter: НАТО, МВФ)
# Below this quality a title is passed over while any report offers a better one; among titles at
# or above it the most informative wins, then the earliest (a story is named by whoever reported
# it first, in plain words that say what the event is).
GOOD_ENOUGH = 0.75
# The story's facts: names, numbers and word stems in the title or lead of at least this share of
# its reports (and of two at least): what most reports agree the event is.
FACT_SHARE = 0.5
# A title naming this many of the story's facts is informative enough: among such titles the
# earliest wins; fewer, and a later title naming more is preferred ("Негода на півдні" loses to
# "Шторм «Віра» накрив Одещину: порт зупинив роботу, 37 сіл без світла").
FACTS_ENOUGH = 3

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


def choose(reports: list[Report], facts: frozenset[str] | None = None) -> Report | None:
    """The report whose title names the story: among good-enough titles the most informative
    (naming up to ``FACTS_ENOUGH`` of the story's ``facts``, by default those of ``reports``),
    the earliest among equals; without a good-enough title the best one."""
    if not reports:
        return None
    if facts is None:
        facts = story_facts(reports)
    ranked = sorted(reports, key=_order)
    scored = [(quality(r.title), r) for r in ranked]
    good = [r for q, r in scored if q >= GOOD_ENOUGH]
    if good:  # max keeps the first (earliest) of equals
        return max(good, key=lambda r: min(len(facts & _facts(r.title)), FACTS_ENOUGH))
    return max(scored, key=lambda qr: qr[0])[1]


def titles_by_language(reports: list[Report], facts: frozenset[str] | None = None
                       ) -> dict[str, Report]:
    """One chosen report per language the story's reports are in (informative as to all of them:
    ``facts``, by default those of ``reports``)."""
    if facts is None:
        facts = story_facts(reports)
    langs: dict[str, list[Report]] = {}
    for r in reports:
        if r.language:
            langs.setdefault(r.language, []).append(r)
    return {lang: found for lang, rs in sorted(langs.items()) if (found := choose(rs, facts))}


def story_facts(reports: list[Report]) -> frozenset[str]:
    """What at least ``FACT_SHARE`` of the reports (two at least) name in their title or lead:
    names and numbers as script-independent keys, other words as stems."""
    counts: dict[str, int] = {}
    for r in reports:
        for fact in _facts(f"{r.title}\n{r.lead or ''}"):
            counts[fact] = counts.get(fact, 0) + 1
    least = max(2, FACT_SHARE * len(reports))
    return frozenset(f for f, n in counts.items() if n >= least)


def _facts(text: str) -> set[str]:
    out: set[str] = set()
    for w, _ in tx.words_with_case(text):
        if w[:1].isdigit():
            key = tx.number(w, min_digits=1)
        else:
            key = tx.anchor(w) if w[:1].isupper() else None
            stem = tx.term(w)
            if stem is not None:
                out.add("=" + stem)  # apart from the keys: "=port" is no name
        if key is not None:
            out.add(key)
    return out


def _order(r: Report) -> tuple[bool, float, int]:
    return (r.when is None, r.when.timestamp() if r.when else 0.0, r.article_id)
