"""Named entities of an article: persons, organisations, places, in base form."""

from __future__ import annotations

from collections import Counter

from .language import script_counts
from .mentions import Mention
from .ner_ru import ru_mentions
from .ner_rules import rule_mentions
from .people import resolve_people

TYPES = ("PER", "ORG", "LOC")


def extract_mentions(text: str, lang: str | None) -> list[Mention]:
    """Every entity mention, in text order, persons resolved to their fullest name."""
    if lang == "ru":
        mentions = ru_mentions(text)
    elif lang == "uk":
        mentions = rule_mentions(text, "uk")
    elif lang == "en" or (lang and _latin(text)):
        # Other Latin-script languages get the English rules (gazetteer and capitalised runs).
        mentions = rule_mentions(text, "en")
    else:
        mentions = []
    resolve_people(mentions)
    return mentions


def _latin(text: str) -> bool:
    cyr, lat, other = script_counts(text[:2000])
    return lat > 2 * (cyr + other)


def entity_lists(mentions: list[Mention]) -> dict[str, list[str]]:
    """{"PER": [...], "ORG": [...], "LOC": [...]}: distinct names, most mentioned first."""
    counts: Counter[tuple[str, str]] = Counter((m.type, m.name) for m in mentions)
    first: dict[tuple[str, str], int] = {}
    for i, m in enumerate(mentions):
        first.setdefault((m.type, m.name), i)
    out: dict[str, list[str]] = {t: [] for t in TYPES}
    for key in sorted(counts, key=lambda k: (-counts[k], first[k])):
        if key[0] in out:
            out[key[0]].append(key[1])
    return out
