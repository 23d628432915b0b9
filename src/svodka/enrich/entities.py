"""Named entities of an article: persons, organisations, places, in base form."""

from __future__ import annotations

from .keys import by_type, named_entities
from .language import script_counts
from .mentions import Mention
from .morph import WORD_RE
from .ner_ru import ru_mentions, uk_mentions
from .ner_rules import NOT_ORG_ACRONYMS, rule_mentions
from .ner_uk import retag
from .people import plausible_person, resolve_people

__all__ = ["entity_lists", "extract_mentions", "named_entities"]


def extract_mentions(text: str, lang: str | None, *, uk_model: bool = True,
                     uk_tagger: object | None = None) -> list[Mention]:
    """Every entity mention, in text order, persons resolved to their fullest name; Ukrainian
    spans re-read by the CRF (``ner_uk``: the shipped model, or ``uk_tagger``) unless
    ``uk_model`` is false."""
    mentions = rule_mentions_of(text, lang)
    if lang == "uk" and uk_model:
        mentions = retag(text, mentions, uk_tagger)
        resolve_people(mentions)
        expand_abbreviations(mentions)
    return mentions


def rule_mentions_of(text: str, lang: str | None) -> list[Mention]:
    """The mentions the model and the rules give, before the Ukrainian CRF."""
    if lang == "ru":
        mentions = ru_mentions(text)
    elif lang == "uk":
        mentions = uk_mentions(text)
    elif lang == "en" or (lang and _latin(text)):
        # Other Latin-script languages get the English rules (gazetteer and capitalised runs).
        mentions = rule_mentions(text, "en")
    else:
        mentions = []
    resolve_people(mentions)
    expand_abbreviations(mentions)
    return [m for m in mentions if plausible_person(m, lang, model=m.by_model)
            and not (m.type == "ORG" and m.name in NOT_ORG_ACRONYMS)]


def _initials(name: str) -> str:
    return "".join(w[0] for w in WORD_RE.findall(name) if w[:1].isupper() or len(w) > 3).upper()


def expand_abbreviations(mentions: list[Mention]) -> None:
    """«ФАС» in an article that names the «Федеральная антимонопольная служба» is that
    organisation: an abbreviation takes the full name its letters are the initials of."""
    full = {}
    for m in mentions:
        if m.type == "ORG" and " " in m.name and not m.name.isupper():
            full.setdefault(_initials(m.name), m)
    for m in mentions:
        long = full.get(m.name) if m.type == "ORG" and m.name.isupper() and len(m.name) > 1 else None
        if long is not None:
            m.name, m.key = long.name, long.key


def _latin(text: str) -> bool:
    cyr, lat, other = script_counts(text[:2000])
    return lat > 2 * (cyr + other)


def entity_lists(mentions: list[Mention]) -> dict[str, list[str]]:
    """{"PER": [...], "ORG": [...], "LOC": [...]}: one name per entity, most mentioned first."""
    return by_type(named_entities(mentions))
