"""The one pair score: how likely two reports (or a report and a story) tell one event, fitted on labelled pairs."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from functools import cache
from importlib import resources

import numpy as np

from . import text as tx
from .features import StoryFeatures, content_similarity, dot, span, time_factor

# Shared names and telling numbers counted, at most (more says nothing new).
NAMES_CAP = 4
# Two headlines sharing at least this share of the shorter one's terms and keys are one template
# (chosen on the ru train+honey pairs: 0.3 also caught two same-event pairs there, 0.4 none).
HEAD_OVERLAP = 0.4
# One outlet's one headline again at least this much later is the next issue of a recurring
# report (a daily rate, forecast or round-up), not the same event told again: set by judgement
# (daily issues come 24 hours apart, give or take a few; an outlet that re-posts a report does
# so within hours).
RECUR_HOURS = 20.0
# A name skeleton this long that begins another one is the same name in another form.
NAME_STEM = 3
# A report with fewer body words than this (a title alone, a feed's summary) gives fewer words to
# meet on: the full model weighs its pairs by how shallow the shallower side is (``Evidence.shallow``;
# fitted on the train+honey pairs with their bodies cut). 40: the largest tried (30, 40, 45, 60) at
# which those pools' figure with whole texts did not move (60 lost 0.006: reports natively that
# short are briefs, not cut).
SHALLOW_WORDS = 40


@dataclass(slots=True, frozen=True)
class Evidence:
    """What two reports share, one field per part a fitted model may weigh
    (training/train_story_score.py fits one weight each)."""

    cosine: float = 0.0  # the cosine of the two sentence vectors (multilingual: crosses languages)
    terms: float = 0.0  # the cosine of the term vectors in a script space both have (0 if none)
    anchors: float = 0.0  # the dot product of the anchor vectors (names, numbers, transliterated)
    names: float = 0.0  # shared telling anchors, up to NAMES_CAP, as a share of NAMES_CAP
    lexical: float = 0.0  # the plain lexical similarity (terms and anchors blended)
    outlet: float = 0.0  # 1 for two reports of one outlet in one language (``same_outlet``)
    # 1 - words / SHALLOW_WORDS for the side with fewer body words (1: a title alone), 0 from
    # SHALLOW_WORDS words up; a model weighs it in products ("shallow*lexical").
    shallow: float = 0.0

    def part(self, name: str) -> float:
        """One part by its name (a model's ``parts`` name them); "a*b" is the product of two."""
        if "*" in name:
            return math.prod(getattr(self, f) for f in name.split("*"))
        return getattr(self, name)


PARTS = tuple(f.name for f in fields(Evidence))


def known_part(name: str) -> bool:
    """A part the evidence can compute: one of ``PARTS`` or a product of them."""
    return all(f in PARTS for f in name.split("*"))


class Model(StrEnum):
    """Which fitted model decides a pair: what evidence both sides have."""

    FULL = "full"  # both have a sentence vector and the words can meet
    CROSS = "cross"  # both have a sentence vector, the words cannot meet (another script)
    LEXICAL = "lexical"  # a side has no sentence vector


@dataclass(slots=True, frozen=True)
class Logistic:
    """A fitted logistic model over some of ``PARTS``."""

    parts: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    # Each part's factors (one, or two for "a*b") with its weight: the hot path reads them.
    _terms: tuple[tuple[tuple[str, ...], float], ...] = field(init=False, repr=False,
                                                               compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_terms", tuple(
            (tuple(p.split("*")), w) for p, w in zip(self.parts, self.weights, strict=True)))

    def logit(self, evidence: Evidence) -> float:
        z = self.intercept
        for factors, w in self._terms:
            for f in factors:
                w *= getattr(evidence, f)
            z += w
        return z

    def probability(self, evidence: Evidence) -> float:
        z = self.logit(evidence)
        return 1.0 / (1.0 + math.exp(-z)) if z > -50 else 0.0

    def to_json(self) -> dict:
        return {"parts": list(self.parts), "weights": list(self.weights),
                "intercept": self.intercept}

    @classmethod
    def from_json(cls, d: dict) -> Logistic:
        unknown = {p for p in d["parts"] if not known_part(p)}
        if unknown:
            raise ValueError(f"pair score weighs parts it cannot compute: {sorted(unknown)}")
        return cls(tuple(d["parts"]), tuple(float(w) for w in d["weights"]),
                   float(d["intercept"]))


@dataclass(slots=True, frozen=True)
class PairScore:
    """The fitted models and the probability at which two reports are one event."""

    models: dict[str, Logistic]
    threshold: float  # same event at or above this probability (chosen with the clustering)
    fitted_on: str = ""
    # Two reports in two languages (Russian and English, Russian and Ukrainian) have sentence
    # vectors less alike than two in one, the more so the closer they are: the cross model reads
    # their cosine ``c`` as ``a + b * c``, ``cross_map = (a, b)`` (fitted on English reports and
    # their Russian machine translations; applied to every pair of languages).
    cross_map: tuple[float, float] = (0.0, 1.0)

    def to_json(self) -> dict:
        return {"threshold": self.threshold, "fitted_on": self.fitted_on,
                "cross_map": list(self.cross_map),
                "models": {k: m.to_json() for k, m in self.models.items()}}

    def cosine_floor(self, p_min: float) -> float:
        """A cosine of sentence vectors below which no model that weighs them reaches ``p_min``,
        whatever the other parts (each in [0, 1]): pairs below it need not be scored."""
        z = math.log(p_min / (1.0 - p_min))
        floors = []
        for name, m in self.models.items():
            if name == Model.LEXICAL:
                continue
            floor = _cosine_floor(m, z)
            if floor is None:
                return -1.0
            if name == Model.CROSS:  # the floor of the cosine as read across scripts
                a, b = self.cross_map
                floor = (floor - a) / b if b > 0 else -1.0
            floors.append(floor)
        return min(floors, default=-1.0)

    @classmethod
    def from_json(cls, d: dict) -> PairScore:
        return cls({k: Logistic.from_json(m) for k, m in d["models"].items()},
                   float(d["threshold"]), d.get("fitted_on", ""),
                   tuple(float(x) for x in d.get("cross_map", (0.0, 1.0))))


def _cosine_floor(m: Logistic, z: float) -> float | None:
    """The lowest cosine at which ``m`` can reach the logit ``z``; None when it has no floor (the
    cosine's weight is not positive, or a product this bound does not cover)."""
    ends = _net_weights(m, 0.0), _net_weights(m, 1.0)
    if ends[0] is None or ends[1] is None:
        return None
    points = [0.0, 1.0]  # and where a part's net weight changes sign as the shallowness grows
    for part in ends[0][0].keys() | ends[1][0].keys():
        a, b = ends[0][0].get(part, 0.0), ends[1][0].get(part, 0.0)
        if a * b < 0:
            points.append(a / (a - b))
    # At one shallowness the logit is affine in each part; between the points above the floor
    # is a ratio of affine functions of the shallowness, so the lowest is at one of them.
    floors = []
    for s in points:
        weights, const = _net_weights(m, s) or ({}, 0.0)
        w_cos = weights.pop("cosine", 0.0)
        if w_cos <= 0.0:
            return None
        floors.append((z - const - sum(max(0.0, w) for w in weights.values())) / w_cos)
    return min(floors)


def _net_weights(m: Logistic, s: float) -> tuple[dict[str, float], float] | None:
    """Each part's weight and the constant of ``m``'s logit at shallowness ``s``; None for a
    product of two parts other than the shallowness."""
    weights: dict[str, float] = {}
    const = m.intercept
    for factors, w in m._terms:
        rest = [f for f in factors if f != "shallow"]
        if len(rest) > 1 or len(factors) - len(rest) > 1:
            return None
        w *= s ** (len(factors) - len(rest))
        if rest:
            weights[rest[0]] = weights.get(rest[0], 0.0) + w
        else:
            const += w
    return weights, const


WEIGHTS_FILE = "data/pair_score.json"


@cache
def default_score() -> PairScore:
    """The shipped weights (regenerated by training/train_story_score.py)."""
    text = resources.files(__package__).joinpath(WEIGHTS_FILE).read_text("utf-8")
    return PairScore.from_json(json.loads(text))


def cosine(a: StoryFeatures, b: StoryFeatures) -> float | None:
    """The cosine of the two sentence vectors, None when a side has none."""
    if a.embedding is None or b.embedding is None:
        return None
    return float(np.dot(a.embedding, b.embedding))


def evidence(a: StoryFeatures, b: StoryFeatures, cos: float | None = None) -> Evidence:
    """What the two reports share (see :class:`Evidence`); ``cos`` when already computed (the
    vectors may be kept apart from the features, as the engine keeps them)."""
    shared = [s for s in a.terms if s in b.terms]
    common = [k for k in a.anchors if k in b.anchors and tx.is_telling(k)]
    if cos is None:
        cos = cosine(a, b)
    return Evidence(
        cosine=cos if cos is not None else 0.0,
        terms=max((dot(a.terms[s], b.terms[s]) for s in shared), default=0.0),
        anchors=dot(a.anchors, b.anchors),
        names=min(len(common), NAMES_CAP) / NAMES_CAP,
        lexical=content_similarity(a, b),
        outlet=1.0 if same_outlet(a, b) else 0.0,
        shallow=max(0.0, 1.0 - min(a.words, b.words) / SHALLOW_WORDS),
    )


def same_outlet(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Two reports of one outlet in one language. An outlet tells an event once and then updates
    that report; its second report on a subject is mostly another development (of the labelled
    ru train+honey pairs, 3 of the 19 by one outlet are one event, against 84 of 176 by two).
    Another language is another edition (zn.ua in Ukrainian and in Russian): not counted."""
    return a.outlet is not None and a.outlet == b.outlet and a.lang == b.lang and a.lang is not None


def model_for(a: StoryFeatures, b: StoryFeatures, vectors: bool) -> list[str]:
    """The models that may decide the pair (the highest probability counts), ``vectors``: both
    have a sentence vector. Reports in two languages are also judged without their words, which
    another language does not share."""
    if not vectors:
        return [Model.LEXICAL]
    if not any(s in b.terms for s in a.terms):
        return [Model.CROSS]
    if set(a.langs) != set(b.langs):
        return [Model.FULL, Model.CROSS]
    return [Model.FULL]


def other_event(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Two reports that are different events however alike their words and vectors: one
    headline template with another value in its slot (``other_slot``), or one outlet's one
    headline a day apart (``recurring``)."""
    return other_slot(a, b) or recurring(a, b)


def recurring(a: StoryFeatures, b: StoryFeatures) -> bool:
    """One outlet's one headline again ``RECUR_HOURS`` or more later ("НБУ встановив офіційний
    курс гривні" each day, with the day's rate in the text): the next issue of a recurring
    report. An outlet tells an event once and updates that report."""
    if not same_outlet(a, b) or not a.head_terms:
        return False
    if a.head_terms != b.head_terms or a.head_keys != b.head_keys:
        return False
    when_a, when_b = span(a), span(b)
    if when_a is None or when_b is None:
        return False
    return abs(when_a[1] - when_b[1]) >= RECUR_HOURS * 3600.0


def other_slot(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Two headlines of one template whose slot holds another value ("Погода в Бресте на 17 мая" /
    "Погода в Гомеле на 17 мая", the 11th / the 12th death): each headline has a name (or each a
    number) that the other report does not mention at all. Such pairs are different events,
    however alike. Within one language only: across languages names are translated
    (Армения/Вірменія) and numbers rounded, and a missing name says nothing."""
    if not a.head_keys or not b.head_keys or a.lang != b.lang or a.lang is None:
        return False
    head_a, head_b = a.head_terms | a.head_keys, b.head_terms | b.head_keys
    if len(head_a & head_b) < HEAD_OVERLAP * min(len(head_a), len(head_b)):
        return False
    return bool(_unmentioned(a, b) & _unmentioned(b, a))


def _unmentioned(a: StoryFeatures, b: StoryFeatures) -> set[bool]:
    """The kinds (True: a number, False: a name) of ``a``'s headline keys that ``b`` never
    mentions. A name skeleton that begins the other's counts as mentioned (Николаевская
    область / Николаев: ``nklvs`` / ``nklv``)."""
    known = b.head_keys | b.anchors.keys()
    kinds = set()
    for k in a.head_keys - known:
        number = k.startswith("#")
        if number or not any(_stem_of(k, o) for o in known):
            kinds.add(number)
    return kinds


def _stem_of(k: str, other: str) -> bool:
    """One name skeleton begins the other, the shorter of at least ``NAME_STEM`` letters."""
    short, long = (k, other) if len(k) <= len(other) else (other, k)
    return len(short) >= NAME_STEM and not long.startswith("#") and long.startswith(short)


def probability(a: StoryFeatures, b: StoryFeatures, score: PairScore | None = None,
                cos: float | None = None) -> float:
    """How likely ``a`` and ``b`` report one event: the fitted models' probability times the
    time factor (1 within two days, fading to 0 at four); 0 for headlines of one template with
    another name or number in its slot (``other_event``). ``cos``: the cosine of their sentence
    vectors when the caller has it (None: computed from the features, if both have one)."""
    factor = time_factor(a, b)
    if factor == 0.0 or other_event(a, b):
        return 0.0
    score = score or default_score()
    if cos is None:
        cos = cosine(a, b)
    ev = evidence(a, b, cos)
    models = model_for(a, b, cos is not None)
    if Model.CROSS not in models:
        return factor * score.models[models[0]].probability(ev)
    # The cross model reads the cosine as within one language (``cross_map``): two reports in
    # two languages, or in two scripts, have sentence vectors less alike than two in one.
    x, y = score.cross_map
    across = replace(ev, cosine=x + y * ev.cosine)
    return factor * max(score.models[m].probability(across if m == Model.CROSS else ev)
                        for m in models)
