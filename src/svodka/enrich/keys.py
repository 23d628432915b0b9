"""Canonical entity keys: one key per person, organisation or place across languages, spellings
and cases (Лавров, Лаврова, Lavrov; ЄС, ЕС, EU; Київ, Києві, Киев, Kyiv).

A name the gazetteer knows is keyed by the gazetteer entry's English name (the alias table); any
other name by the transliterated consonant skeleton of its base-form words (``people.skeleton``),
which Russian, Ukrainian and English spellings of one name share. A person is keyed by the
surname alone, so that «Лавров» in one article and «Sergey Lavrov» in another meet.
"""

from __future__ import annotations

import re
from collections import Counter

from ..records import Entity
from .mentions import Mention
from .morph import WORD_RE
from .people import skeleton

TYPES = ("PER", "ORG", "LOC")
_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    return _SLUG_RE.sub("-", name.lower()).strip("-")


def entity_key(kind: str, name: str, gazetteer_id: str | None = None) -> str:
    """``type:...`` key of a mention's base-form name (and its gazetteer id when it has one)."""
    prefix = kind.lower()
    if gazetteer_id:
        return f"{prefix}:{slug(gazetteer_id)}"
    words = WORD_RE.findall(name)
    if not words:
        return f"{prefix}:"
    if kind == "PER":
        return f"{prefix}:{skeleton(words[-1]) or slug(words[-1])}"
    parts = [_word_key(w) for w in words]
    return f"{prefix}:{'-'.join(p for p in parts if p)}"


def _word_key(word: str) -> str:
    # Abbreviations keep every letter (ЄС/ЕС differ only in a vowel the skeleton would keep).
    if word.isupper() and len(word) <= 6:
        return slug(skeleton(word) if not word.isascii() else word)
    return skeleton(word)


def named_entities(mentions: list[Mention]) -> list[Entity]:
    """One Entity per key, most mentioned first, named by its most frequent (then longest) name."""
    names: dict[tuple[str, str], Counter[str]] = {}
    order: dict[tuple[str, str], int] = {}
    for i, m in enumerate(mentions):
        if m.type not in TYPES:
            continue
        key = (m.type, entity_key(m.type, m.name, m.key))
        names.setdefault(key, Counter())[m.name] += 1
        order.setdefault(key, i)
    out = []
    for key in sorted(names, key=lambda k: (-sum(names[k].values()), order[k])):
        best = max(names[key].items(), key=lambda kv: (kv[1], len(kv[0].split())))[0]
        out.append(Entity(type=key[0], name=best, key=key[1], mentions=sum(names[key].values())))
    return out


def by_type(entities: list[Entity]) -> dict[str, list[str]]:
    """{"PER": [...], "ORG": [...], "LOC": [...]}: one name per entity, most mentioned first."""
    out: dict[str, list[str]] = {t: [] for t in TYPES}
    for e in entities:
        out[e.type].append(e.name)
    return out
