"""The pipeline's story matcher: single-pass clustering over the recent stories kept in a
weighted :class:`~svodka.stories.index.StoryIndex` (why weighted, and what it defends against, is
in that module's docstring).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from svodka.records import Article, Enrichment

from . import vectors as fx
from .index import (
    ANCHORS,
    COHERENCE,
    EXEMPLARS,
    MAX_TRIES,
    StoryIndex,
    best_of,
    pooled,
    same_script,
)
from .matching import DEFAULT_THRESHOLD, FIRST_SUPPORT, Candidate


class StoryMatcher:
    """Single-pass story clustering over recent stories, kept in memory.

    ``match(article_id, article, enrichment)`` returns the story key the article joins (a new key
    when no story is close enough) and updates that story's centroid. ``load`` restores stories
    from the store at start-up; ``story(key)`` gives what to persist.

    Weighted (the default; see the module docstring): scores come from a weighted index, a story's
    features carry its ``"coherence"`` (persisted with them), and an article joins the best story
    at or above the threshold whose kept reports support it (the first and the latest
    ``exemplars``: similarity at least ``support``, the threshold by default, to one of them and at
    least ``first_support`` to the first). Stories loaded from the store, or placed by another
    process, have no kept reports here: they are joined on their centroid score alone.
    ``weighted=False`` gives the plain centroid matcher (scores of
    :func:`svodka.stories.matching.score`).

    With ``merge_threshold``, an article that reaches two stories that are themselves that close
    (once the article has joined one) fuses them: the smaller story is absorbed into the larger
    and ``pop_merges()`` lists ``(absorbed, survivor)`` pairs for the store to apply. Off by
    default, since the store must then move the absorbed story's articles.
    """

    def __init__(
        self,
        threshold: float | None = None,
        new_id: Callable[[], int] | None = None,
        merge_threshold: float | None = None,
        *,
        weighted: bool = True,
        support: float | None = None,
        first_support: float = FIRST_SUPPORT,
        exemplars: int = EXEMPLARS,
    ) -> None:
        self.threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        self.merge_threshold = merge_threshold
        self.weighted = weighted
        self.support = self.threshold if support is None else support
        self.first_support = first_support
        self.n_exemplars = exemplars
        self.index = StoryIndex(weighted=weighted)
        self.counts: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}
        # story -> features of its first report and of its latest ones (placed by this matcher)
        self.exemplars: dict[int, tuple[dict, list[dict]]] = {}
        self._merges: list[tuple[int, int]] = []
        self._next = 1
        self._new_id = new_id

    def load(
        self,
        story_id: int,
        features: dict,
        updated: datetime | None = None,
        n_articles: int = 1,
        article_ids: list[int] | None = None,
    ) -> None:
        if self.weighted and story_id not in self.index:
            self.index.observe(features)
        self.index.put(story_id, features, updated)
        self.counts[story_id] = n_articles
        self.members[story_id] = list(article_ids or [])
        self._next = max(self._next, story_id + 1)

    def match(self, article_id: int | None, article: Article, enrichment: Enrichment) -> int:
        key, _, _ = self.assign(fx.features(article, enrichment), article_id)
        return key

    def assign(self, f: dict, article_id: int | None = None) -> tuple[int, bool, float]:
        """Put article features into a story: ``(story key, created?, similarity)``."""
        scores = self.index.scores(f)
        if self.weighted:
            sid, s = self._choose(f, scores)
        else:
            sid, s = best_of(scores, self.threshold)
        created = sid is None
        if sid is None:
            sid = self._allocate()
            self._store(sid, f, 1, None)
            if self.weighted:
                self.exemplars[sid] = (f, [])
        else:
            c = self.index.get(sid)
            assert c is not None
            n = self.counts.get(sid, 1)
            merged = fx.merge(c.features, f, n)
            if self.weighted:
                merged[COHERENCE] = self._coherence(c.features, n, f, 1)
                ex = self.exemplars.get(sid)
                if ex is not None and self.n_exemplars > 0:
                    self.exemplars[sid] = (ex[0], [*ex[1][1 - self.n_exemplars:], f]
                                           if self.n_exemplars > 1 else [f])
            self._store(sid, merged, n + 1, c)
        if self.weighted:
            self.index.observe(f)
        if article_id is not None:
            self.members[sid].append(article_id)
        if self.merge_threshold is not None and not created:
            sid = self._fuse(sid, scores)
        return sid, created, s

    def _choose(self, f: dict, scores: dict[int, float]) -> tuple[int | None, float]:
        """The best story at or above the threshold whose kept reports support the article
        (trying ``MAX_TRIES`` at most); ``(None, best score)`` when none does."""
        above = [(s, sid) for sid, s in scores.items() if s >= self.threshold]
        if not above:
            return None, max(scores.values(), default=0.0)
        above.sort(key=lambda x: (-x[0], x[1]))
        for s, sid in above[:MAX_TRIES]:
            ex = self.exemplars.get(sid)
            if ex is None:
                return sid, s
            first, recent = ex
            to_first = self.index.similarity(f, first)
            if to_first < self.first_support and same_script(f, first):
                continue
            if to_first >= self.support or any(
                self.index.similarity(f, e) >= self.support for e in reversed(recent)
            ):
                return sid, s
        return None, above[0][0]

    def _coherence(self, a: dict, n_a: int, b: dict, n_b: int) -> dict[str, float]:
        """The coherence of two stories (or a story and a report) taken as one: per script space
        and for the anchors, the norm of the mean of their reports' weighted, normalised vectors
        (1 for one report; about the square root of their mean pairwise similarity for many),
        pooled from each side's coherence and the weighted cosine of their centroids."""
        ca, cb = a.get(COHERENCE) or {}, b.get(COHERENCE) or {}
        ta, tb = a.get("terms") or {}, b.get("terms") or {}
        out: dict[str, float] = {}
        for space in dict.fromkeys([*ta, *tb]):
            na, nb = fx._space_count(a, space), fx._space_count(b, space)
            ra, rb = ca.get(space, 1.0), cb.get(space, 1.0)
            if na and nb:
                out[space] = pooled(ra, na, rb, nb, self.index.cosine(ta[space], tb[space], space))
            else:
                out[space] = ra if na else rb
        aa, ab = a.get("anchors") or {}, b.get("anchors") or {}
        ra, rb = ca.get(ANCHORS, 1.0), cb.get(ANCHORS, 1.0)
        if aa and ab:
            out[ANCHORS] = pooled(ra, n_a, rb, n_b, self.index.cosine(aa, ab, None))
        else:
            out[ANCHORS] = ra if aa else rb
        return out

    def rename(self, old: int, new: int) -> None:
        """Give story ``old`` the key ``new`` (a provisional key gets the store's id)."""
        c = self.index.get(old)
        if c is None:
            return
        self.index.remove(old)
        self.index.put(new, c.features, c.updated)
        self.counts[new] = self.counts.pop(old, 1)
        self.members[new] = self.members.pop(old, [])
        if old in self.exemplars:
            self.exemplars[new] = self.exemplars.pop(old)
        self._merges = [(new if a == old else a, new if b == old else b) for a, b in self._merges]

    def pop_merges(self) -> list[tuple[int, int]]:
        """``(absorbed story, surviving story)`` pairs since the last call."""
        out, self._merges = self._merges, []
        return out

    def story(self, story_id: int) -> Candidate | None:
        return self.index.get(story_id)

    def partition(self) -> dict[int, int]:
        """Every placed article's story, as the stories stand now."""
        return {aid: sid for sid, aids in self.members.items() for aid in aids}

    def forget_before(self, when: datetime) -> list[int]:
        gone = self.index.forget_before(when)
        for sid in gone:
            self.counts.pop(sid, None)
            self.members.pop(sid, None)
            self.exemplars.pop(sid, None)
        return gone

    def _store(self, sid: int, features: dict, n: int, old: Candidate | None) -> None:
        self.index.put(sid, features, _latest(old, features))
        self.counts[sid] = n
        self.members.setdefault(sid, [])

    def _fuse(self, sid: int, scores: dict[int, float]) -> int:
        assert self.merge_threshold is not None
        for other, s in sorted(scores.items(), key=lambda kv: -kv[1]):
            if other == sid or s < self.merge_threshold or other not in self.index:
                continue
            a, b = self.index.get(sid), self.index.get(other)
            assert a is not None and b is not None
            if self.index.similarity(a.features, b.features) < self.merge_threshold:
                continue
            keep, gone = sorted((sid, other), key=lambda k: (-self.counts[k], k))
            kc, gc = self.index.get(keep), self.index.get(gone)
            assert kc is not None and gc is not None
            nk, ng = self.counts[keep], self.counts[gone]
            fused = fx.merge_stories(kc.features, nk, gc.features, ng)
            if self.weighted:
                fused[COHERENCE] = self._coherence(kc.features, nk, gc.features, ng)
                self._fuse_exemplars(keep, gone)
            members = self.members[keep] + self.members.pop(gone, [])
            self.index.remove(gone)
            self.counts.pop(gone, None)
            self._store(keep, fused, nk + ng, _later(kc, gc))
            self.members[keep] = members
            self._merges.append((gone, keep))
            sid = keep
        return sid

    def _fuse_exemplars(self, keep: int, gone: int) -> None:
        k, g = self.exemplars.get(keep), self.exemplars.pop(gone, None)
        if k is None or g is None:
            if g is not None:
                self.exemplars[keep] = g
            return
        recent = [*k[1], g[0], *g[1]]
        self.exemplars[keep] = (k[0], recent[max(0, len(recent) - self.n_exemplars):]
                                if self.n_exemplars else [])

    def _allocate(self) -> int:
        if self._new_id is not None:
            return self._new_id()
        sid = self._next
        self._next += 1
        return sid


def _later(a: Candidate, b: Candidate) -> Candidate:
    if a.updated is None:
        return b
    if b.updated is None:
        return a
    return a if a.updated.timestamp() >= b.updated.timestamp() else b


def _latest(old: Candidate | None, merged: dict) -> datetime | None:
    published = merged.get("published")
    dates = [datetime.fromisoformat(published)] if published else []
    if old is not None and old.updated is not None:
        dates.append(old.updated)
    return max(dates, key=lambda d: d.timestamp()) if dates else None
