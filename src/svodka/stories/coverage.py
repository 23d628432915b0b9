"""Earlier coverage: for a story, the older stories about the same people, places and subject,
found on what its reports' enrichment names (entities and keywords), across languages."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from svodka.records import Enrichment
from svodka.words import words

from . import text as tx
from .score import default_score

# How much a shared key of each kind says that two stories are about the same thing: people most,
# organisations less, places least (a capital is named by half the news), keywords least of all
# (they say "what", names say "who" and "where").
KIND_WEIGHTS = {"PER": 1.0, "ORG": 0.8, "LOC": 0.5, "KEY": 0.4}
ENTITY_KINDS = ("PER", "ORG", "LOC")
MAX_KEYS = 30  # keys kept per kind: a story's most named
# Older stories at least this alike (cosine of the weighted, rarity-scaled subjects) are its
# earlier coverage; below it they share a name in passing.
EARLIER_MIN = 0.2
# ... and they share at least this many telling keys, one of them a name: a key named by more than
# COMMON_SHARE of the stories compared ("Украина", the president in a pool of Ukrainian news)
# tells nothing on its own.
MIN_SHARED = 2
COMMON_SHARE = 0.4
COMMON_MIN_STORIES = 10  # fewer stories say nothing of which keys are common
MAX_EARLIER = 5
# ... or they share a person or an organisation (``WHO_KINDS``: a place is named by half a city's
# news) and their sentence vectors are at least this alike: across languages keywords never meet
# (they are stems of one script), so a Russian story and its earlier English coverage share names
# alone. 0.85 is above the 99th percentile of random pairs of reports in the tgcontest ru pools
# (0.845) and at the 25th of their labelled pairs, mostly same-subject (0.853); in two languages
# the cosine is read as in one (the pair score's ``cross_map``). docs/stories.md has the figures.
VECTOR_MIN = 0.85
WHO_KINDS = ("PER", "ORG")

Subject = dict[str, dict[str, float]]  # kind -> key -> count over the story's reports


@dataclass(slots=True)
class Covered:
    """A story as earlier coverage sees it: its subject and when it began and last changed."""

    story_id: int
    subject: Subject
    first_seen: datetime | None = None
    updated: datetime | None = None
    vector: np.ndarray | None = None  # the story's sentence vector (its reports' mean), if any
    langs: frozenset[str] = frozenset()


def name_key(kind: str, name: str) -> str | None:
    """A name's script-independent key: a person by surname (reports drop first names), other
    names by all their words (``Елисейский дворец``)."""
    parts = [a for w in words(name) if (a := tx.anchor(w))]
    if not parts:
        return None
    return parts[-1] if kind == "PER" else " ".join(parts)


def subject(enrichments: list[Enrichment]) -> Subject:
    """What a story's reports name: entities by kind, and keywords that are not names."""
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in KIND_WEIGHTS}
    for e in enrichments:
        names = set()
        for kind in ENTITY_KINDS:
            keys = {k for n in e.entities.get(kind) or [] if (k := name_key(kind, n))}
            counts[kind].update(keys)
            names.update(w.lower() for n in e.entities.get(kind) or [] for w in words(n))
        counts["KEY"].update({t for kw in e.keywords for w in words(kw)
                              if w.lower() not in names and (t := tx.term(w))})
    return {kind: dict(c.most_common(MAX_KEYS)) for kind, c in counts.items() if c}


class CoverageIndex:
    """Older stories indexed by the keys they name, for many stories to look up their earlier
    coverage among them. A key's weight falls with the share of these stories that name it, and a
    key named by more than ``COMMON_SHARE`` of them does not count towards ``MIN_SHARED``."""

    def __init__(self, older: list[Covered]) -> None:
        self.stories = {c.story_id: c for c in older}
        self.by_key: dict[tuple[str, str], list[int]] = {}
        for c in older:
            for kk in _keys(c.subject):
                self.by_key.setdefault(kk, []).append(c.story_id)
        n = len(older) + 1  # and the story looked up
        self.idf = {kk: math.log((1 + n) / (2 + len(ids))) + 1.0
                    for kk, ids in self.by_key.items()}
        self.common = {kk for kk, ids in self.by_key.items()
                       if n >= COMMON_MIN_STORIES and len(ids) + 1 > COMMON_SHARE * n}
        self._vectors: dict[int, dict[tuple[str, str], float]] = {}

    def earlier(self, story: Covered, k: int = MAX_EARLIER) -> list[int]:
        """Up to ``k`` ids of the indexed stories that are ``story``'s earlier coverage, most alike
        first (ties: the latest). Only stories last updated before ``story`` began count; how
        long before does not matter."""
        shared: dict[int, list[tuple[str, str]]] = {}
        for kk in _keys(story.subject) - self.common:
            for sid in self.by_key.get(kk, ()):
                shared.setdefault(sid, []).append(kk)
        mine = _vector(story.subject, self.idf)
        found = []
        for sid, keys in shared.items():
            c = self.stories[sid]
            if sid == story.story_id or not _before(c, story) or all(
                    kind == "KEY" for kind, _ in keys):
                continue
            if sid not in self._vectors:
                self._vectors[sid] = _vector(c.subject, self.idf)
            score = _cosine(mine, self._vectors[sid])
            who = any(kind in WHO_KINDS for kind, _ in keys)
            if (len(keys) >= MIN_SHARED and score >= EARLIER_MIN) or (who and _alike(story, c)):
                found.append((score, c))
        found.sort(key=lambda sc: (-sc[0], -(sc[1].updated.timestamp() if sc[1].updated else 0.0),
                                   sc[1].story_id))
        return [c.story_id for _, c in found[:k]]


def earlier_coverage(story: Covered, older: list[Covered], k: int = MAX_EARLIER) -> list[int]:
    """Up to ``k`` ids of older stories on the same subject (see :class:`CoverageIndex`)."""
    return CoverageIndex(older).earlier(story, k)


def _alike(a: Covered, b: Covered) -> bool:
    """The two stories' sentence vectors are ``VECTOR_MIN`` alike (read as within one language
    when they share none)."""
    if a.vector is None or b.vector is None:
        return False
    cos = float(np.dot(a.vector, b.vector))
    if a.langs and b.langs and a.langs.isdisjoint(b.langs):
        x, y = default_score().cross_map
        cos = x + y * cos
    return cos >= VECTOR_MIN


def _before(c: Covered, story: Covered) -> bool:
    return story.first_seen is None or c.updated is None or (
        c.updated.timestamp() < story.first_seen.timestamp())


def _keys(subj: Subject) -> set[tuple[str, str]]:
    return {(kind, key) for kind, keys in subj.items() for key in keys}


def _vector(subj: Subject, idf: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    return {(kind, key): KIND_WEIGHTS.get(kind, 0.0) * (1.0 + math.log(count))
            * idf.get((kind, key), 1.0)
            for kind, keys in subj.items() for key, count in keys.items() if count > 0}


def _cosine(a: dict, b: dict) -> float:
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    if dot == 0.0:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb)
