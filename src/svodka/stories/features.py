"""Story features: the typed record of an article's (or a story's) keys, vector and dates, and plain similarities.

:class:`StoryFeatures` is persisted as JSON (``to_json``/``from_json``; the store keeps a story's)::

    {"v": 2,
     "lang": "ru", "langs": ["ru"],
     "terms": {"cyr": {stem: weight, ...}},   # one L2-normalised vector per script space
     "count": {"cyr": 1},                     # articles behind each space's vector
     "anchors": {key: weight, ...},           # names and numbers, script-independent, L2-normalised
     "embedding": base64 float16 | absent,    # the sentence vector (a story: mean of its reports')
     "embedded": 1,                           # reports behind the embedding
     "published": ISO 8601 | None, "first": ISO 8601 | None,
     "head": [[term, ...], [key, ...]] | absent,  # the headline's terms and name/number keys
     "words": n | absent}                     # body words read, when fewer than BODY_WORDS

What the keys can and cannot do:

* Russian and Ukrainian reports share the Cyrillic term space (letter-normalised, stemmed, reduced
  to first letter + consonants; see :mod:`svodka.stories.text`), so they meet on their wording as
  well as on their names. Different words for one thing (``правительство``/``уряд``) do not meet.
* English against Russian/Ukrainian meets through anchors (people, places, organisations
  transliterated to a consonant skeleton, numbers, tags, the enrichment's entities) and through the
  multilingual sentence vector (:mod:`svodka.enrich.embedding`), which is what carries most of the
  cross-language decision (:mod:`svodka.stories.score`).
* Title words count ``TITLE_WEIGHT`` times; only the first ``BODY_WORDS`` words of the body count.
* Reports more than ``HOLD_HOURS`` (2 days) apart are considered less and less alike, and never
  alike after ``HOLD_HOURS + FADE_HOURS`` (4 days).
"""

from __future__ import annotations

import base64
import math
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from typing import Any

import numpy as np

from svodka.datelines import strip_dateline
from svodka.records import Article, Enrichment
from svodka.urls import outlet

from . import text as tx

TITLE_WEIGHT = 3.0  # a title word counts as this many body words
BODY_WORDS = 120  # body words (or lemmas) read; the lead of a report carries the event
TERMS_K = 80  # terms kept per article vector
ANCHORS_K = 25
STORY_TERMS_K = 120  # terms kept per story centroid space
STORY_ANCHORS_K = 50
ENTITY_WEIGHT = 1.5  # an entity named by the enrichment counts as this many capitalised words
NUMBER_WEIGHT = 0.5
ALPHA = 0.7  # share of the term similarity when both sides have terms in one script space
CROSS = 1.2  # factor on the anchor similarity across scripts (set by judgement)
CROSS_MIN_SHARED = 3  # shared anchors needed for full weight across scripts
SAME_MIN_SHARED = 2  # within a script, one shared name ("Kharkiv") counts half
HOLD_HOURS = 48.0  # reports this close in time are compared on content alone
FADE_HOURS = 48.0  # then similarity fades linearly to zero over this many hours

FORMAT_VERSION = 2


@dataclass(slots=True)
class StoryFeatures:
    """What story matching knows of an article, or of a story (the mean of its reports')."""

    lang: str | None = None
    langs: list[str] = field(default_factory=list)
    terms: dict[str, dict[str, float]] = field(default_factory=dict)  # script space -> vector
    count: dict[str, int] = field(default_factory=dict)  # script space -> reports behind it
    anchors: dict[str, float] = field(default_factory=dict)
    embedding: np.ndarray | None = None  # L2-normalised float32, or None when not computed
    embedded: int = 0  # reports behind the embedding
    published: str | None = None  # ISO 8601: the (latest) report's publication
    first: str | None = None  # ISO 8601: the first report's publication
    # The headline's terms and its name and number keys (a report's only: a story has none).
    head_terms: frozenset[str] = frozenset()
    head_keys: frozenset[str] = frozenset()
    # The report's outlet: the registered domain of its address (a report's only, when known).
    outlet: str | None = None
    # Body words read (at most ``BODY_WORDS``): a title alone or a feed's summary gives fewer
    # words to meet on, which the pair score weighs (``score.Evidence.shallow``). A story: its
    # fullest report's.
    words: int = BODY_WORDS

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "v": FORMAT_VERSION, "lang": self.lang, "langs": list(self.langs),
            "terms": self.terms, "count": self.count, "anchors": self.anchors,
            "published": self.published, "first": self.first,
        }
        if self.embedding is not None:
            raw = self.embedding.astype(np.float16).tobytes()
            out["embedding"] = base64.b64encode(raw).decode("ascii")
            out["embedded"] = self.embedded
        if self.head_terms or self.head_keys:
            out["head"] = [sorted(self.head_terms), sorted(self.head_keys)]
        if self.outlet:
            out["outlet"] = self.outlet
        if self.words < BODY_WORDS:
            out["words"] = self.words
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any] | StoryFeatures) -> StoryFeatures:
        """Features from their JSON (format 1, without an embedding, is read too)."""
        if isinstance(d, StoryFeatures):
            return d
        vec = stored_vector(d)
        head = d.get("head") or ((), ())
        return cls(
            lang=d.get("lang"), langs=list(d.get("langs") or []),
            terms={s: dict(v) for s, v in (d.get("terms") or {}).items()},
            count={s: int(n) for s, n in (d.get("count") or {}).items()},
            anchors=dict(d.get("anchors") or {}), embedding=vec,
            embedded=int(d.get("embedded") or (1 if vec is not None else 0)),
            published=d.get("published"), first=d.get("first"),
            head_terms=frozenset(head[0]), head_keys=frozenset(head[1]),
            outlet=d.get("outlet") or None,
            words=int(d.get("words", BODY_WORDS)),
        )


# Weights are rounded to 5 decimals (``_normalise``): at most 100,001 values in [0, 1], each
# kept as one float object for the whole window; a value past this many is kept as it comes.
SHARED_WEIGHTS_MAX = 200_000
_shared_weights: dict[float, float] = {}


def slim(f: StoryFeatures) -> StoryFeatures:
    """The features as the story engine keeps a report in its window: without the sentence vector
    (the candidate index holds it), with every key interned and every weight one shared float, so
    that a key or a weight held by many reports is one object (features read from the store or a
    queue are new objects each: 70 of each kind a report)."""
    intern = sys.intern
    return replace(
        f, embedding=None,
        terms={s: {intern(k): _shared(w) for k, w in v.items()} for s, v in f.terms.items()},
        anchors={intern(k): _shared(w) for k, w in f.anchors.items()},
        # copied from a set, a frozenset is sized for its keys: 472 bytes for 5-7 against 728
        head_terms=frozenset({intern(k) for k in f.head_terms}),
        head_keys=frozenset({intern(k) for k in f.head_keys}),
    )


def _shared(w: float) -> float:
    shared = _shared_weights.get(w)
    if shared is None:
        if len(_shared_weights) >= SHARED_WEIGHTS_MAX:
            return w
        _shared_weights[w] = shared = w
    return shared


def stored_vector(d: dict[str, Any]) -> np.ndarray | None:
    """The sentence vector kept in features' JSON (a story's: its reports' normalised mean), or
    None; read alone, without the rest of the features."""
    emb = d.get("embedding")
    if not isinstance(emb, str) or not emb:
        return None
    return np.frombuffer(base64.b64decode(emb), dtype=np.float16).astype(np.float32)


def features(article: Article, enrichment: Enrichment,
             embedding: np.ndarray | None = None) -> StoryFeatures:
    """The story features of one article; ``embedding``: its sentence vector, when computed
    (:func:`svodka.enrich.embedding.embed`)."""
    title = article.title or ""
    body = strip_dateline(article.text)  # a dateline's date and agency are not the event's
    space = tx.script_space(title + " " + body[:2000])
    lang = enrichment.language or article.language or _guess_language(title + " " + body[:500])

    title_words = tx.words_with_case(title)
    body_words = tx.words_with_case(body[: BODY_WORDS * 20])[:BODY_WORDS]

    counts: Counter[str] = Counter()
    for w, _ in title_words:
        t = tx.term(w)
        if t is not None:
            counts[t] += TITLE_WEIGHT
    body_tokens = enrichment.lemmas.split()[:BODY_WORDS] if enrichment.lemmas else [
        w for w, _ in body_words
    ]
    for w in body_tokens:
        t = tx.term(w)
        if t is not None:
            counts[t] += 1.0
    terms = _top({t: tx.log_weight(c) for t, c in counts.items()}, TERMS_K)

    anchors = _anchors(title_words, body_words, enrichment, article.tags)
    head_terms, head_keys = headline(title_words, anchors)
    published = article.published.isoformat() if article.published else None
    vec = None
    if embedding is not None and np.any(embedding):
        # At the precision the store keeps (float16), so a report read back from the store
        # scores exactly as it did when it arrived.
        vec = np.asarray(embedding, dtype=np.float16).astype(np.float32)
    return StoryFeatures(
        lang=lang, langs=[lang] if lang else [],
        terms={space: _normalise(terms)} if terms else {},
        count={space: 1} if terms else {},
        anchors=_normalise(anchors), embedding=vec, embedded=1 if vec is not None else 0,
        published=published, first=published, head_terms=head_terms, head_keys=head_keys,
        outlet=outlet(article.url), words=len(body_words),
    )


def headline(title_words: list[tuple[str, bool]],
             anchors: dict[str, float]) -> tuple[frozenset[str], frozenset[str]]:
    """The headline's terms, and its keys: every number (one digit too: "8 November") and the
    names, a capitalised word counting where its case tells or when it is among ``anchors``."""
    plain = not tx.is_title_case([w for w, _ in title_words])
    terms: set[str] = set()
    keys: set[str] = set()
    for w, capitalised in title_words:
        if w[:1].isdigit():
            key = tx.number(w, min_digits=1)
        elif w[:1].isupper():
            key = tx.anchor(w)
            key = key if key is not None and (capitalised and plain or key in anchors) else None
        else:
            key = None
        if key is not None:
            keys.add(key)
        t = tx.term(w)
        if t is not None:
            terms.add(t)
    return frozenset(terms), frozenset(keys)


def _anchors(
    title_words: list[tuple[str, bool]],
    body_words: list[tuple[str, bool]],
    enrichment: Enrichment,
    tags: list[str],
) -> dict[str, float]:
    """Names and numbers. A capitalised word counts as a name inside a sentence; where its case
    says nothing (a sentence start, a title-cased or upper-case headline) it counts only if the
    same name also appears where case does tell, in the tags or among the enrichment's entities."""
    counts: Counter[str] = Counter()
    doubtful: list[tuple[str, float]] = []

    def add(word: str, capitalised: bool, weight: float, case_tells: bool = True,
            region: str | None = None) -> None:
        if word[:1].isdigit():
            key = tx.number(word)
            if key is not None:
                counts[key] += weight * NUMBER_WEIGHT
            return
        if not word[:1].isupper():
            return
        keys = _name_keys(word, region)
        if capitalised or (case_tells and word.isupper() and len(word) >= 2):  # or an acronym
            for k in keys:
                counts[k] += weight
        else:
            doubtful.extend((k, weight) for k in keys)

    for (w, capitalised), region in zip(body_words, _region_keys(body_words), strict=True):
        add(w, capitalised, 1.0, region=region)
    plain_title = not tx.is_title_case([w for w, _ in title_words])
    for (w, capitalised), region in zip(title_words, _region_keys(title_words), strict=True):
        add(w, capitalised and plain_title, TITLE_WEIGHT, case_tells=plain_title, region=region)
    for tag in tags:
        for w, _ in tx.words_with_case(tag):
            add(w, True, 1.0)
    for names in enrichment.entities.values():
        for name in names:
            words = tx.words_with_case(name)
            for (w, _), region in zip(words, _region_keys(words), strict=True):
                for key in _name_keys(w, region):
                    counts[key] += ENTITY_WEIGHT
    for key, weight in doubtful:
        if key in counts:
            counts[key] += weight
    return _top({k: tx.log_weight(c) for k, c in counts.items()}, ANCHORS_K)


def _name_keys(word: str, region: str | None) -> list[str]:
    """A name word's key, and the key of the centre it names as a region's adjective."""
    return [k for k in dict.fromkeys((tx.anchor(word), region)) if k is not None]


def _region_keys(words: list[tuple[str, bool]]) -> list[str | None]:
    """For each word, the key of the centre it names when it is a region's adjective before
    "область", "району"... (``tx.region_anchor``), else None."""
    out: list[str | None] = [None] * len(words)
    for i in range(len(words) - 1):
        if words[i + 1][0].lower() in tx.REGION_NOUNS and words[i][0][:1].isupper():
            out[i] = tx.region_anchor(words[i][0])
    return out


def _guess_language(sample: str) -> str:
    if tx.script_space(sample) == "lat":
        return "en"
    return "uk" if any(c in sample for c in "іїєґІЇЄҐ") else "ru"


def similarity(a: StoryFeatures, b: StoryFeatures) -> float:
    """0..1: the plain lexical similarity of two articles or story centroids.

    Content similarity (terms in a shared script space, blended with anchors; anchors alone across
    scripts) times a time factor that is 1 within ``HOLD_HOURS`` and fades to 0 after that.
    """
    factor = time_factor(a, b)
    if factor == 0.0:
        return 0.0
    return content_similarity(a, b) * factor


def content_similarity(a: StoryFeatures, b: StoryFeatures) -> float:
    """Lexical similarity of content alone (terms and anchors), ignoring dates."""
    ta, tb = a.terms, b.terms
    shared = [s for s in ta if s in tb]
    aa, ab = a.anchors, b.anchors
    term_sim = max(dot(ta[s], tb[s]) for s in shared) if shared else None
    common = [k for k in aa if k in ab]
    return combine(
        term_sim,
        dot(aa, ab),
        len(common),
        sum(1 for k in common if tx.is_telling(k)),
        min(len(aa), len(ab)),
        mixed=len(shared) < max(len(ta), len(tb)),
    )


def combine(
    term_sim: float | None,
    anchor_dot: float,
    shared: int,
    shared_names: float,
    fewest: int,
    mixed: bool = False,
) -> float:
    """Blend term and anchor similarity; ``term_sim`` is None when no script space is shared.

    ``shared``: anchors both sides have, ``shared_names`` of which tell (names, and numbers that
    are not days or years: :func:`svodka.stories.text.is_telling`; a weighted index counts a
    common name as a fraction of one);
    ``fewest``: the smaller anchor count of the two sides.

    Across scripts anchors are all there is, so one shared name is not enough and dates prove
    nothing: the anchor similarity counts half with two telling shared anchors and fully from
    ``CROSS_MIN_SHARED`` on. Within a script, one shared anchor counts half (a city named in two
    unrelated reports) unless one side has no other. ``mixed``: one side has terms in a script the
    other lacks (a story reported in English and Russian, say); its anchors then stand for reports
    that the shared script's terms do not cover, and the anchor-only score is used when higher.
    Written without min/max calls: it runs once per candidate story on the index's hot path.
    """
    if shared_names > 1:
        support = (shared_names - 1) / (CROSS_MIN_SHARED - 1)
        cross = CROSS * anchor_dot * (support if support < 1.0 else 1.0)
    else:
        cross = 0.0
    if term_sim is None:
        content = cross
    else:
        need = fewest if fewest < SAME_MIN_SHARED else SAME_MIN_SHARED
        named = anchor_dot if shared >= need else anchor_dot * shared / need
        content = ALPHA * term_sim + (1.0 - ALPHA) * named
        if mixed and cross > content:
            content = cross
    return content if content < 1.0 else 1.0


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[k] for k, w in a.items() if k in b)


def time_factor(a: StoryFeatures, b: StoryFeatures, b_updated: datetime | None = None) -> float:
    """1 for reports within ``HOLD_HOURS`` of each other (story spans count as intervals), fading
    linearly to 0 over ``FADE_HOURS``; 1 when a date is missing."""
    return span_factor(span(a), span(b, b_updated))


Span = tuple[float, float] | None


def span(f: StoryFeatures, updated: datetime | None = None) -> Span:
    """``(first, last)`` publication timestamps of features, ``updated`` extending the end."""
    last = _ts(f.published)
    first = _ts(f.first) or last
    if updated is not None:
        ts = updated.timestamp()
        first, last = (ts, ts) if last is None or first is None else (first, max(last, ts))
    return None if first is None or last is None else (first, last)


def span_factor(a: Span, b: Span) -> float:
    if a is None or b is None:
        return 1.0
    gap = max(0.0, a[0] - b[1], b[0] - a[1]) / 3600.0
    if gap <= HOLD_HOURS:
        return 1.0
    return max(0.0, 1.0 - (gap - HOLD_HOURS) / FADE_HOURS)


@lru_cache(maxsize=65536)
def _ts(value: str | None) -> float | None:
    if not value:
        return None
    return datetime.fromisoformat(value).timestamp()


def merge(story_features: StoryFeatures | None, article_features: StoryFeatures,
          n_articles: int) -> StoryFeatures:
    """The story centroid after adding one article to a story of ``n_articles`` articles.

    Each script space's term vector and the anchor vector are running means of the member
    articles' (normalised) vectors, pruned to the strongest keys and renormalised. The span of
    publication dates and the set of languages grow.
    """
    if story_features is None or n_articles <= 0:
        return StoryFeatures.from_json(article_features.to_json())
    return merge_stories(story_features, n_articles, article_features, 1)


def merge_stories(a: StoryFeatures, n_a: int, b: StoryFeatures, n_b: int) -> StoryFeatures:
    """The centroid of two stories of ``n_a`` and ``n_b`` articles taken as one (see ``merge``);
    the embedding is the normalised mean of the reports' embeddings."""
    terms: dict[str, dict[str, float]] = {}
    count: dict[str, int] = {}
    ta, tb = a.terms, b.terms
    for space in dict.fromkeys([*ta, *tb]):
        ca, cb = _space_count(a, space), _space_count(b, space)
        terms[space] = _normalise(_top(_mean(ta.get(space, {}), ca, tb.get(space, {}), cb),
                                       STORY_TERMS_K))
        count[space] = ca + cb
    anchors = _normalise(_top(_mean(a.anchors, n_a, b.anchors, n_b), STORY_ANCHORS_K))
    langs = list(a.langs)
    langs += [lang for lang in b.langs if lang not in langs]
    dates = [d for d in (a.first, a.published, b.first, b.published) if d]
    by_ts = sorted(dates, key=lambda d: _ts(d) or 0.0)
    embedding, embedded = mean_embedding(a, b)
    return StoryFeatures(
        lang=a.lang or b.lang, langs=langs, terms=terms, count=count, anchors=anchors,
        embedding=embedding, embedded=embedded,
        published=by_ts[-1] if by_ts else None, first=by_ts[0] if by_ts else None,
        words=max(a.words, b.words),
    )


def mean_embedding(a: StoryFeatures, b: StoryFeatures) -> tuple[np.ndarray | None, int]:
    """The normalised mean of two sides' embeddings, weighted by the reports behind each."""
    if a.embedding is None or b.embedding is None:
        return (a.embedding, a.embedded) if b.embedding is None else (b.embedding, b.embedded)
    mean = a.embedding * a.embedded + b.embedding * b.embedded
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm else mean).astype(np.float32), a.embedded + b.embedded


def _space_count(f: StoryFeatures, space: str) -> int:
    if space not in f.terms:
        return 0
    return int(f.count.get(space, 1))


def _mean(a: dict[str, float], n_a: int, b: dict[str, float], n_b: int) -> dict[str, float]:
    total = n_a + n_b
    if total <= 0:
        return {}
    out = {k: w * n_a for k, w in a.items()}
    for k, w in b.items():
        out[k] = out.get(k, 0.0) + w * n_b
    return {k: w / total for k, w in out.items()}


def _top(vec: dict[str, float], k: int) -> dict[str, float]:
    if len(vec) <= k:
        return vec
    return dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:k])


def _normalise(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vec.values()))
    if norm == 0.0:
        return {}
    return {k: round(w / norm, 5) for k, w in vec.items()}
