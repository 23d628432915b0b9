"""In-memory story index, and the weighting the stateful matcher (:mod:`svodka.stories.matcher`) uses.

:class:`StoryIndex` scores an article against every indexed story through inverted lists of terms
and anchors, touching only stories that share a key with the article; its scores equal
:func:`svodka.stories.matching.score` (up to float rounding). :class:`StoryMatcher` is the
pipeline's entry point: it keeps the recent stories, assigns each article to one (merging it into the
centroid) or opens a new one.

The matcher's index is *weighted* (``StoryIndex(weighted=True)``), against single-pass clustering's
failure mode: a story that grows on reports of different events that share the general phrasing or
the names of a big ongoing subject (a war) gets a centroid that is "the average news text", close to
every new report, and swallows everything (chaining, centroid drift). Three defences:

* keys are weighted by their rarity among the reports seen (an IDF kept online by the index, applied
  when scoring; the features themselves stay the stateless per-article vectors of
  :mod:`svodka.stories.vectors`), so shared phrasing and ubiquitous names count little;
* a story's score is its centroid similarity times its *coherence* (the norm of the mean of its
  reports' vectors), i.e. the mean similarity of the article to the story's reports (group-average
  link) rather than to their normalised average, which a loose story inflates;
* a join must be supported by the story's reports themselves, not only its centroid: the matcher
  keeps the features of each story's first report and of its latest few, and the article must reach
  the threshold with one of them and, in the first report's script, ``FIRST_SUPPORT`` with the first
  (a story cannot wander away from what it started as).

And keys that many reports have do not open candidates (``COMMON_SHARE``): a report joins a story
through at least one shared key of its own, not through the phrasing or the names of the subject
alone.

Measured on the synthetic web of the ingest benchmark (5,000 reports, 200 events, templated wording
shared by all): plain centroids end in 9 stories (pair precision 0.008), the weighted matcher in 235
(0.067, recall 0.44). What is left is not drift: exact single-pass clustering over all members
with the same weighted similarity at 0.38 does no better (group-average link: 122 stories,
precision 0.044; complete link: 436 stories, precision 0.112, recall 0.27), since unrelated
reports there that share an organisation, a topic and a place word for word are as similar as
reports of one event. tests/stories/test_stories_drift.py shows the containment on a war-like
stream.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime

from . import text as tx
from . import vectors as fx
from .matching import DEFAULT_THRESHOLD, Candidate

# Weighted index: the weight of a key is log((n + 1 + IDF_PRIOR) / (df + 1)), ``df`` the reports
# counted with the key, ``n`` those counted in all; the prior (reports counted as lacking every key)
# keeps a young index's weights almost alike.
IDF_PRIOR = 20.0
# Keys that more than COMMON_SHARE of the reports have, and more than COMMON_MIN stories hold, are
# not followed through their postings (that would touch most stories for every article): they only
# add to the stories that a rarer key reached. So a report joins a story only through at least one
# shared key that is not that common: one of the event's own names, numbers or words, not only the
# phrasing or the names that every report of a big subject has. On the synthetic web (5,000 reports)
# this keeps many one-off reports from joining stories with which they share only an
# organisation's name or the templates' wording (measured: 235 stories against 130 with
# COMMON_MIN=64, pair precision 0.067 against 0.047); no effect on the labelled pairs or the sample
# web (their pools are too small for a key to be held by more than COMMON_MIN stories).
COMMON_SHARE = 0.05
COMMON_MIN = 16
# A story's weighted norms are recomputed once the number of reports counted grew by this share.
NORM_REFRESH = 0.1
# The document frequencies are halved every DF_HALVE reports (and keys below one dropped), so that
# they follow what is common lately, in bounded memory.
DF_HALVE = 20_000
# Weighted, a shared name counts as ``min(1, weight / NAME_REF)`` of a name towards the shared
# names that reports in different scripts need (vectors.CROSS_MIN_SHARED): a name most reports have
# ("Ukraine" in a Ukrainian aggregator) no longer makes two unrelated reports "share three names".
# NAME_REF is the weight of any key in an index that has counted nothing yet. Synthetic web: pair
# precision 0.067 against 0.054 counting every name whole; no effect on the labelled pairs (one
# language each) or the sample web.
NAME_REF = math.log(1.0 + IDF_PRIOR)
COHERENCE = "coherence"  # story features: {space: coherence, ANCHORS: coherence}
ANCHORS = "#anchors"
EXEMPLARS = 3  # latest reports whose features the matcher keeps per story, besides the first
MAX_TRIES = 3  # stories above the threshold tried in turn when the best lacks support


class StoryIndex:
    """Stories' centroid features, searchable by shared terms and anchors.

    ``weighted=True``: keys weigh by their rarity among the reports counted with :meth:`observe`,
    and story scores are scaled by their coherence (see :meth:`scores`); with nothing counted and
    no coherence the scores are the plain ones. Unweighted (the default), the scores equal
    :func:`svodka.stories.matching.score`.
    """

    def __init__(self, weighted: bool = False) -> None:
        self.weighted = weighted
        self._stories: dict[int, Candidate] = {}
        self._spans: dict[int, fx.Span] = {}
        self._space_sets: dict[int, frozenset[str]] = {}
        self._n_anchors: dict[int, int] = {}
        self._terms: dict[str, dict[str, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
        self._anchors: dict[str, dict[int, float]] = defaultdict(dict)
        # Document frequencies: per script space, the reports counted with each term (and with
        # terms in that space at all); the reports counted with each anchor (and in all).
        self._tdf: dict[str, dict[str, float]] = defaultdict(dict)
        self._tn: dict[str, float] = defaultdict(float)
        self._adf: dict[str, float] = {}
        self._an = 0.0
        self._observed = 0
        # story -> (reports counted when computed, weighted term norm per space, anchor norm),
        # both divided by the story's coherence
        self._wnorms: dict[int, tuple[float, dict[str, float], float]] = {}

    def __len__(self) -> int:
        return len(self._stories)

    def __contains__(self, story_id: int) -> bool:
        return story_id in self._stories

    def __iter__(self) -> Iterator[Candidate]:
        return iter(self._stories.values())

    def get(self, story_id: int) -> Candidate | None:
        return self._stories.get(story_id)

    def put(self, story_id: int, features: dict, updated: datetime | None = None) -> None:
        """Add a story or replace its features (its postings change by the difference only)."""
        old = self._stories.get(story_id)
        if old is not None:
            new_terms = features.get("terms") or {}
            for space, vec in (old.features.get("terms") or {}).items():
                kept, postings = new_terms.get(space) or {}, self._terms[space]
                for key in vec:
                    if key not in kept:
                        _drop(postings, key, story_id)
            kept = features.get("anchors") or {}
            for key in old.features.get("anchors") or {}:
                if key not in kept:
                    _drop(self._anchors, key, story_id)
            self._wnorms.pop(story_id, None)
        self._stories[story_id] = Candidate(story_id, features, updated)
        self._spans[story_id] = fx.span(features, updated)
        self._space_sets[story_id] = frozenset(features.get("terms") or {})
        self._n_anchors[story_id] = len(features.get("anchors") or {})
        for space, vec in (features.get("terms") or {}).items():
            postings = self._terms[space]
            for key, w in vec.items():
                postings[key][story_id] = w
        for key, w in (features.get("anchors") or {}).items():
            self._anchors[key][story_id] = w

    def remove(self, story_id: int) -> None:
        old = self._stories.pop(story_id, None)
        if old is None:
            return
        del self._spans[story_id]
        del self._space_sets[story_id]
        del self._n_anchors[story_id]
        self._wnorms.pop(story_id, None)
        for space, vec in (old.features.get("terms") or {}).items():
            postings = self._terms[space]
            for key in vec:
                _drop(postings, key, story_id)
        for key in old.features.get("anchors") or {}:
            _drop(self._anchors, key, story_id)

    def observe(self, f: dict) -> None:
        """Count a report's keys in the document frequencies behind the weights. The index's owner
        calls it (:class:`StoryMatcher`: for every report it places and every story it loads)."""
        for space, vec in (f.get("terms") or {}).items():
            df = self._tdf[space]
            for key in vec:
                df[key] = df.get(key, 0.0) + 1.0
            self._tn[space] += 1.0
        adf = self._adf
        for key in f.get("anchors") or {}:
            adf[key] = adf.get(key, 0.0) + 1.0
        self._an += 1.0
        self._observed += 1
        if self._observed >= DF_HALVE:
            self._observed = 0
            for space, df in self._tdf.items():
                self._tdf[space] = {k: c / 2 for k, c in df.items() if c >= 2.0}
                self._tn[space] /= 2
            self._adf = {k: c / 2 for k, c in adf.items() if c >= 2.0}
            self._an /= 2
            self._wnorms.clear()

    def key_weight(self, space: str | None, key: str) -> float:
        """The weight of a term of ``space`` (of an anchor: ``space`` None) in a weighted index."""
        if space is None:
            return math.log(self._an + 1.0 + IDF_PRIOR) - math.log(self._adf.get(key, 0.0) + 1.0)
        df = (self._tdf.get(space) or {}).get(key, 0.0)
        return math.log(self._tn.get(space, 0.0) + 1.0 + IDF_PRIOR) - math.log(df + 1.0)

    def forget_before(self, when: datetime) -> list[int]:
        """Drop stories last updated before ``when`` (undated ones stay); returns their ids."""
        cutoff = when.timestamp()
        old = [sid for sid, sp in self._spans.items() if sp is not None and sp[1] < cutoff]
        for sid in old:
            self.remove(sid)
        return old

    def scores(self, f: dict) -> dict[int, float]:
        """Similarity of article features to every story sharing a key with it (others score 0).

        Weighted: see :meth:`_weighted_scores`. Keys that more than ``COMMON_SHARE`` of the
        reports have (and more than ``COMMON_MIN`` stories hold) then only add to stories that a
        rarer key reached: a story sharing nothing but such keys with the article scores 0 (its
        weighted score would be low anyway), which bounds the cost as stories pile up.
        """
        if self.weighted:
            return self._weighted_scores(f)
        term_dots: dict[str, dict[int, float]] = {}
        for space, vec in (f.get("terms") or {}).items():
            postings = self._terms.get(space)
            if not postings:
                continue
            acc: dict[int, float] = defaultdict(float)
            for key, w in vec.items():
                for sid, sw in postings.get(key, {}).items():
                    acc[sid] += w * sw
            term_dots[space] = acc
        anchor_dots: dict[int, float] = defaultdict(float)
        anchor_hits: dict[int, int] = defaultdict(int)
        name_hits: dict[int, int] = defaultdict(int)
        for key, w in (f.get("anchors") or {}).items():
            telling = tx.is_telling(key)
            for sid, sw in self._anchors.get(key, {}).items():
                anchor_dots[sid] += w * sw
                anchor_hits[sid] += 1
                name_hits[sid] += telling
        touched = set(anchor_dots)
        for acc in term_dots.values():
            touched.update(acc)
        spaces = frozenset(f.get("terms") or {})
        single = next(iter(spaces)) if len(spaces) == 1 else None
        f_span = fx.span(f)
        f_anchors = len(f.get("anchors") or {})
        tdots = term_dots.get(single, {}) if single is not None else {}
        out: dict[int, float] = {}
        for sid in touched:
            factor = fx.span_factor(f_span, self._spans[sid])
            if factor == 0.0:
                continue
            story_spaces = self._space_sets[sid]
            if single is not None:  # every article: one script space
                shared = single in story_spaces
                st = tdots.get(sid, 0.0) if shared else None
                mixed = shared and len(story_spaces) > 1
            else:
                common = spaces & story_spaces
                st = max(term_dots.get(s, {}).get(sid, 0.0) for s in common) if common else None
                mixed = len(common) < max(len(spaces), len(story_spaces))
            n_anchors = self._n_anchors[sid]
            content = fx.combine(
                st,
                anchor_dots.get(sid, 0.0),
                anchor_hits.get(sid, 0),
                name_hits.get(sid, 0),
                f_anchors if f_anchors < n_anchors else n_anchors,
                mixed=mixed,
            )
            out[sid] = content * factor
        return out

    def _weighted_scores(self, f: dict) -> dict[int, float]:
        """Scores like :func:`~svodka.stories.matching.score`, with every key's weight multiplied
        by :meth:`key_weight` on both sides (each side renormalised under these weights) and each
        story's term and anchor similarities multiplied by its coherence (1 when unknown): the
        mean similarity to its reports rather than to their normalised average."""
        candidates: set[int] = set()
        deferred: list[tuple[dict[int, float], dict[int, float], float]] = []
        term_dots: dict[str, dict[int, float]] = {}
        term_norms: dict[str, float] = {}
        log = math.log
        for space, vec in (f.get("terms") or {}).items():
            postings = self._terms.get(space)
            if not postings:
                continue
            dfs = self._tdf.get(space) or {}
            n = self._tn.get(space, 0.0)
            top = log(n + 1.0 + IDF_PRIOR)
            common = n * COMMON_SHARE
            acc: dict[int, float] = defaultdict(float)
            norm2 = 0.0
            for key, w in vec.items():
                df = dfs.get(key, 0.0)
                idf = top - log(df + 1.0)
                x = w * idf
                norm2 += x * x
                ids = postings.get(key)
                if ids is None:
                    continue
                x *= idf
                if df > common and len(ids) > COMMON_MIN:
                    deferred.append((acc, ids, x))
                    continue
                for sid, sw in ids.items():
                    acc[sid] += x * sw
            term_dots[space] = acc
            term_norms[space] = math.sqrt(norm2)
            candidates.update(acc)
        anchor_dots: dict[int, float] = defaultdict(float)
        anchor_hits: dict[int, int] = defaultdict(int)
        name_hits: dict[int, float] = defaultdict(float)
        adfs = self._adf
        top = log(self._an + 1.0 + IDF_PRIOR)
        common = self._an * COMMON_SHARE
        anorm2 = 0.0
        deferred_anchors: list[tuple[dict[int, float], float, float]] = []
        for key, w in (f.get("anchors") or {}).items():
            df = adfs.get(key, 0.0)
            idf = top - log(df + 1.0)
            x = w * idf
            anorm2 += x * x
            ids = self._anchors.get(key)
            if ids is None:
                continue
            x *= idf
            telling = (idf / NAME_REF if idf < NAME_REF else 1.0) if tx.is_telling(key) else 0.0
            if df > common and len(ids) > COMMON_MIN:
                deferred_anchors.append((ids, x, telling))
                continue
            for sid, sw in ids.items():
                anchor_dots[sid] += x * sw
                anchor_hits[sid] += 1
                name_hits[sid] += telling
        candidates.update(anchor_dots)
        for acc, ids, x in deferred:
            if len(candidates) < len(ids):
                for sid in candidates:
                    sw = ids.get(sid)
                    if sw is not None:
                        acc[sid] += x * sw
            else:
                for sid, sw in ids.items():
                    if sid in candidates:
                        acc[sid] += x * sw
        for ids, x, telling in deferred_anchors:
            for sid in candidates:
                sw = ids.get(sid)
                if sw is not None:
                    anchor_dots[sid] += x * sw
                    anchor_hits[sid] += 1
                    name_hits[sid] += telling
        anorm = math.sqrt(anorm2)
        spaces = frozenset(term_norms)
        n_spaces = len(f.get("terms") or {})
        single = next(iter(spaces)) if n_spaces == 1 and spaces else None
        sdots = term_dots[single] if single is not None else {}
        snorm = term_norms[single] if single is not None else 0.0
        f_span = fx.span(f)
        f_anchors = len(f.get("anchors") or {})
        wnorms, refresh = self._wnorms, self._an / (1.0 + NORM_REFRESH)
        spans, space_sets, n_anchor = self._spans, self._space_sets, self._n_anchors
        span_factor, combine = fx.span_factor, fx.combine
        out: dict[int, float] = {}
        for sid in candidates:
            factor = span_factor(f_span, spans[sid]) if f_span is not None else 1.0
            if factor == 0.0:
                continue
            cached = wnorms.get(sid)
            if cached is None or cached[0] < refresh:
                cached = self._story_norms(sid)
            story_spaces = space_sets[sid]
            st: float | None = None
            if single is not None:  # every article: one script space
                mixed = len(story_spaces) > 1
                if single in story_spaces:
                    den = snorm * cached[1][single]
                    st = sdots.get(sid, 0.0) / den if den > 0.0 else 0.0
            else:
                common_spaces = spaces & story_spaces
                for sp in common_spaces:
                    den = term_norms[sp] * cached[1][sp]
                    v = term_dots[sp].get(sid, 0.0) / den if den > 0.0 else 0.0
                    if st is None or v > st:
                        st = v
                mixed = len(common_spaces) < max(n_spaces, len(story_spaces))
            den = anorm * cached[2]
            n_anchors = n_anchor[sid]
            content = combine(
                st,
                anchor_dots.get(sid, 0.0) / den if den > 0.0 else 0.0,
                anchor_hits.get(sid, 0),
                name_hits.get(sid, 0),
                f_anchors if f_anchors < n_anchors else n_anchors,
                mixed,
            )
            out[sid] = content * factor
        return out

    def _story_norms(self, sid: int) -> tuple[float, dict[str, float], float]:
        """A story's term norms per space and anchor norm under the current weights, divided by
        its coherence; cached until the story changes or the reports counted grow by
        ``NORM_REFRESH``."""
        f = self._stories[sid].features
        coherence = f.get(COHERENCE) or {}
        log = math.log
        norms: dict[str, float] = {}
        for space, vec in (f.get("terms") or {}).items():
            dfs = self._tdf.get(space) or {}
            top = log(self._tn.get(space, 0.0) + 1.0 + IDF_PRIOR)
            norm = math.sqrt(sum((w * (top - log(dfs.get(k, 0.0) + 1.0))) ** 2
                                 for k, w in vec.items()))
            norms[space] = norm / (coherence.get(space) or 1.0)
        adfs = self._adf
        top = log(self._an + 1.0 + IDF_PRIOR)
        anorm = math.sqrt(sum((w * (top - log(adfs.get(k, 0.0) + 1.0))) ** 2
                              for k, w in (f.get("anchors") or {}).items()))
        out = (self._an, norms, anorm / (coherence.get(ANCHORS) or 1.0))
        self._wnorms[sid] = out
        return out

    def cosine(self, a: dict[str, float], b: dict[str, float], space: str | None) -> float:
        """Cosine of two term vectors of ``space`` (of two anchor vectors: None) under the
        weights."""
        if space is None:
            return _weighted_cosine(a, b, self._adf, math.log(self._an + 1.0 + IDF_PRIOR))
        top = math.log(self._tn.get(space, 0.0) + 1.0 + IDF_PRIOR)
        return _weighted_cosine(a, b, self._tdf.get(space) or {}, top)

    def similarity(self, a: dict, b: dict) -> float:
        """:func:`svodka.stories.vectors.similarity` of two feature dicts, under the weights in a
        weighted index (coherence aside: ``b``'s, if any, is ignored)."""
        if not self.weighted:
            return fx.similarity(a, b)
        factor = fx.time_factor(a, b)
        if factor == 0.0:
            return 0.0
        ta, tb = a.get("terms") or {}, b.get("terms") or {}
        shared = [s for s in ta if s in tb]
        term_sim = max(self.cosine(ta[s], tb[s], s) for s in shared) if shared else None
        aa, ab = a.get("anchors") or {}, b.get("anchors") or {}
        common = [k for k in aa if k in ab]
        content = fx.combine(
            term_sim,
            self.cosine(aa, ab, None) if common else 0.0,
            len(common),
            sum(min(1.0, self.key_weight(None, k) / NAME_REF) for k in common if tx.is_telling(k)),
            min(len(aa), len(ab)),
            mixed=len(shared) < max(len(ta), len(tb)),
        )
        return content * factor

    def match(self, f: dict, threshold: float | None = None) -> tuple[int | None, float]:
        """Like :func:`svodka.stories.matching.match`; ties go to the lowest story id."""
        return best_of(self.scores(f), DEFAULT_THRESHOLD if threshold is None else threshold)


def best_of(scores: dict[int, float], threshold: float) -> tuple[int | None, float]:
    best_id: int | None = None
    best = 0.0
    for sid, s in scores.items():
        if s > best or (s == best and best_id is not None and sid < best_id):
            best_id, best = sid, s
    if best_id is None or best < threshold:
        return None, best
    return best_id, best


def _weighted_cosine(
    a: dict[str, float], b: dict[str, float], df: dict[str, float], top: float
) -> float:
    """Cosine of two vectors whose keys weigh ``top - log(df + 1)`` more."""
    log = math.log
    dot = na = nb = 0.0
    weights: dict[str, float] = {}
    for k, w in a.items():
        i = weights[k] = top - log(df.get(k, 0.0) + 1.0)
        na += (w * i) ** 2
    for k, w in b.items():
        i = weights.get(k)
        if i is None:
            i = top - log(df.get(k, 0.0) + 1.0)
        else:
            dot += a[k] * w * i * i
        nb += (w * i) ** 2
    return dot / math.sqrt(na * nb) if na > 0.0 and nb > 0.0 else 0.0


def pooled(ra: float, na: int, rb: float, nb: int, cos: float) -> float:
    """The norm of the mean of ``na + nb`` unit vectors, from the norms of the means of the two
    groups (``ra``, ``rb``) and the cosine of those means."""
    sq = (ra * na) ** 2 + (rb * nb) ** 2 + 2.0 * ra * na * rb * nb * cos
    return round(math.sqrt(sq if sq > 0.0 else 0.0) / (na + nb), 4)


def same_script(a: dict, b: dict) -> bool:
    tb = b.get("terms") or {}
    return any(space in tb for space in a.get("terms") or {})


def _drop(postings: dict[str, dict[int, float]], key: str, story_id: int) -> None:
    ids = postings.get(key)
    if ids is not None:
        ids.pop(story_id, None)
        if not ids:
            del postings[key]
