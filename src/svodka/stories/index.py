"""In-memory story index and the stateful matcher built on it.

:class:`StoryIndex` scores an article against every indexed story through inverted lists of terms
and anchors, touching only stories that share a key with the article; its scores equal
:func:`svodka.stories.matching.score` (up to float rounding). :class:`StoryMatcher` is the
pipeline's entry point: it keeps the recent stories, assigns each article to one (merging it into the
centroid) or opens a new one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import datetime

from svodka.records import Article, Enrichment

from . import text as tx
from . import vectors as fx
from .matching import DEFAULT_THRESHOLD, Candidate


class StoryIndex:
    """Stories' centroid features, searchable by shared terms and anchors."""

    def __init__(self) -> None:
        self._stories: dict[int, Candidate] = {}
        self._spans: dict[int, fx.Span] = {}
        self._space_sets: dict[int, frozenset[str]] = {}
        self._n_anchors: dict[int, int] = {}
        self._terms: dict[str, dict[str, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
        self._anchors: dict[str, dict[int, float]] = defaultdict(dict)

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
        for space, vec in (old.features.get("terms") or {}).items():
            postings = self._terms[space]
            for key in vec:
                _drop(postings, key, story_id)
        for key in old.features.get("anchors") or {}:
            _drop(self._anchors, key, story_id)

    def forget_before(self, when: datetime) -> list[int]:
        """Drop stories last updated before ``when`` (undated ones stay); returns their ids."""
        cutoff = when.timestamp()
        old = [sid for sid, sp in self._spans.items() if sp is not None and sp[1] < cutoff]
        for sid in old:
            self.remove(sid)
        return old

    def scores(self, f: dict) -> dict[int, float]:
        """Similarity of article features to every story sharing a key with it (others score 0)."""
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


def _drop(postings: dict[str, dict[int, float]], key: str, story_id: int) -> None:
    ids = postings.get(key)
    if ids is not None:
        ids.pop(story_id, None)
        if not ids:
            del postings[key]


class StoryMatcher:
    """Single-pass story clustering over recent stories, kept in memory.

    ``match(article_id, article, enrichment)`` returns the story key the article joins (a new key
    when no story is close enough) and updates that story's centroid. ``load`` restores stories
    from the store at start-up; ``story(key)`` gives what to persist.

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
    ) -> None:
        self.threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        self.merge_threshold = merge_threshold
        self.index = StoryIndex()
        self.counts: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}
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
        sid, s = best_of(scores, self.threshold)
        created = sid is None
        if sid is None:
            sid = self._allocate()
            self._store(sid, f, 1, None)
        else:
            c = self.index.get(sid)
            assert c is not None
            n = self.counts.get(sid, 1)
            self._store(sid, fx.merge(c.features, f, n), n + 1, c)
        if article_id is not None:
            self.members[sid].append(article_id)
        if self.merge_threshold is not None and not created:
            sid = self._fuse(sid, scores)
        return sid, created, s

    def rename(self, old: int, new: int) -> None:
        """Give story ``old`` the key ``new`` (a provisional key gets the store's id)."""
        c = self.index.get(old)
        if c is None:
            return
        self.index.remove(old)
        self.index.put(new, c.features, c.updated)
        self.counts[new] = self.counts.pop(old, 1)
        self.members[new] = self.members.pop(old, [])
        self._merges = [(new if a == old else a, new if b == old else b) for a, b in self._merges]

    def pop_merges(self) -> list[tuple[int, int]]:
        """``(absorbed story, surviving story)`` pairs since the last call."""
        out, self._merges = self._merges, []
        return out

    def story(self, story_id: int) -> Candidate | None:
        return self.index.get(story_id)

    def forget_before(self, when: datetime) -> list[int]:
        gone = self.index.forget_before(when)
        for sid in gone:
            self.counts.pop(sid, None)
            self.members.pop(sid, None)
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
            if fx.similarity(a.features, b.features) < self.merge_threshold:
                continue
            keep, gone = sorted((sid, other), key=lambda k: (-self.counts[k], k))
            kc, gc = self.index.get(keep), self.index.get(gone)
            assert kc is not None and gc is not None
            fused = fx.merge_stories(kc.features, self.counts[keep], gc.features, self.counts[gone])
            n = self.counts[keep] + self.counts[gone]
            members = self.members[keep] + self.members.pop(gone, [])
            self.index.remove(gone)
            self.counts.pop(gone, None)
            self._store(keep, fused, n, _later(kc, gc))
            self.members[keep] = members
            self._merges.append((gone, keep))
            sid = keep
        return sid

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
