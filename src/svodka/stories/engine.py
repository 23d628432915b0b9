"""The story engine: which reports are one event, as a deterministic function of the reports in the window, healed as reports arrive.

How it decides (docs/ARCHITECTURE.md, "stories", has the contract):

* every report is a node; an arriving report is scored against the reports that share a rare
  key with it (:mod:`svodka.stories.candidates`) with the fitted pair score
  (:mod:`svodka.stories.score`), and the pairs at or above ``EDGE_MIN`` are kept as weighted edges;
* two reports are linked when their probability reaches the threshold; the linked reports around
  the arrival (its connected component) are re-clustered from scratch by average linkage
  (:mod:`svodka.stories.linkage`): clusters are fused, the closest pair first, while the mean
  probability over their report pairs reaches the threshold (missing pairs count 0; a cluster in
  one language is also compared language block by language block; reports of one headline
  template with another slot value never share a cluster). Ties go to the lower canonical keys,
  so the outcome depends on the set of reports only, not on their arrival order;
* the new clusters are mapped to the old story keys (each old story goes to the cluster holding most
  of it; the oldest key in a cluster survives), so an arrival that shows two stories to be one
  reports a merge (``pop_merges``) and reports that now belong elsewhere are reported as moves
  (``pop_moves``): a story that drifted into two events is split.

A story read back from the store (placed by another process, or before a restart) is restored
report by report (``restore``); one stored without per-report features is one node standing for
all its reports (``load``), joined and fused like a report but never split.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import numpy as np

from .candidates import CandidateIndex
from .features import StoryFeatures, merge, merge_stories, slim, span
from .linkage import average_link
from .score import PairScore, default_score, other_event, probability

# Pairs below this share of the threshold are not kept as edges: they would barely move a mean.
EDGE_SHARE = 0.5
# A component larger than this is not re-clustered whole on every arrival: only the stories the
# arrival links to are (one event of a big subject can link hundreds of reports; the partition is
# then decided locally, and may depend on the order of arrival).
MAX_COMPONENT = 300


@dataclass(slots=True)
class EngineStory:
    """A story as the engine hands it out: its key, its centroid features (sentence vector
    included) and its last change."""

    story_id: int
    features: StoryFeatures
    updated: datetime | None = None


@dataclass(slots=True)
class _Node:
    features: StoryFeatures  # the report's (a loaded story's centroid), embedding in the index
    weight: int  # reports it stands for
    article: int | None  # the report's id (None for a loaded story)
    canon: tuple  # canonical sort key: the same whatever the arrival order
    story: int = 0
    when: float | None = None  # latest publication (timestamp)


class StoryMatcher:
    """Places reports into stories (``assign``), heals them (``pop_merges``, ``pop_moves``), and
    keeps what the store persists (``story(key).features``)."""

    def __init__(self, threshold: float | None = None, new_id: Callable[[], int] | None = None,
                 *, score: PairScore | None = None, max_component: int = MAX_COMPONENT) -> None:
        self.score = score or default_score()
        self.threshold = self.score.threshold if threshold is None else threshold
        self.edge_min = self.threshold * EDGE_SHARE
        self.cosine_floor = self.score.cosine_floor(self.edge_min)
        self.max_component = max_component
        self.index = CandidateIndex()
        self._nodes: dict[int, _Node] = {}
        self._edges: dict[int, dict[int, float]] = {}
        self._apart: dict[int, set[int]] = {}  # node -> nodes never in its story (other_event)
        self._members: dict[int, set[int]] = {}  # story key -> nodes
        self._features: dict[int, StoryFeatures] = {}  # story key -> centroid
        self._updated: dict[int, datetime | None] = {}
        self._born: dict[int, int] = {}  # story key -> order of creation (the oldest survives)
        self._loaded: dict[int, int] = {}  # story key -> its node, for stories loaded whole
        self._known: dict[int, set[int]] = {}  # story key -> its nodes when its centroid was made
        self._by_article: dict[int, int] = {}
        self._merges: list[tuple[int, int]] = []
        self._moves: list[tuple[int, int]] = []
        self._started: int | None = None  # the key the last arrival's cluster started with
        self._free: list[int] = []
        self._node_ids = itertools.count()
        self._births = itertools.count()
        self._next = 1
        self._new_id = new_id

    # -- the interface ---------------------------------------------------------------------

    def assign(self, f: StoryFeatures | dict, article_id: int | None = None
               ) -> tuple[int, bool, float]:
        """Put a report into a story: ``(story key, created?, best probability to a report)``."""
        f = StoryFeatures.from_json(f)
        canon = (0, article_id) if article_id is not None else (1, len(self._nodes))
        node = self._add_node(f, 1, article_id, canon)
        best = max(self._edges[node].values(), default=0.0)
        self._redecide(node)
        key = self._nodes[node].story
        return key, self._started == key, best

    def load(self, story_id: int, features: StoryFeatures | dict,
             updated: datetime | None = None, n_articles: int = 1,
             article_ids: list[int] | None = None) -> None:
        """A story from the store (placed by another process, or before a restart): one node
        for all its reports. A story whose reports this matcher placed itself is left as is."""
        f = StoryFeatures.from_json(features)
        mine = [n for n in self._members.get(story_id, ()) if self._nodes[n].article is not None]
        if mine:  # its reports placed here are known one by one: kept as they are
            self._updated[story_id] = _later(self._updated.get(story_id), updated)
            return
        old = self._loaded.pop(story_id, None)
        if old is not None:
            self._drop_node(old)
        node = self._add_node(f, max(1, n_articles), None, (2, story_id), link=False)
        self._loaded[story_id] = node
        self._nodes[node].story = story_id
        self._members[story_id] = {node}
        self._features[story_id] = self._nodes[node].features  # the vector: in the index
        self._updated[story_id] = updated
        self._born.setdefault(story_id, next(self._births))
        self._next = max(self._next, story_id + 1)

    def restore(self, story_id: int, reports: list[tuple[int, StoryFeatures | dict]],
                updated: datetime | None = None) -> None:
        """A story from the store given report by report (``(article id, its features)``): each
        report becomes a node, linked to the window as an arrival is, in the story the store says,
        without re-deciding anything. A matcher rebuilt this way (a restart, another process)
        decides later arrivals as one that placed every report itself."""
        old = self._loaded.pop(story_id, None)
        if old is not None:
            self._drop_node(old)
        for article_id, f in sorted(reports, key=lambda r: r[0]):
            node = self._by_article.get(article_id)
            if node is None:
                node = self._add_node(StoryFeatures.from_json(f), 1, article_id, (0, article_id))
            n = self._nodes[node]
            if n.story != story_id:
                self._members.get(n.story, set()).discard(node)
                if n.story in self._members and not self._members[n.story]:
                    self._forget_story(n.story)
                n.story = story_id
            self._members.setdefault(story_id, set()).add(node)
        if not self._members.get(story_id):
            return
        self._born.setdefault(story_id, next(self._births))
        self._next = max(self._next, story_id + 1)
        self._known.pop(story_id, None)
        self._refresh(story_id, None)
        self._updated[story_id] = _later(self._updated.get(story_id), updated)

    def holds(self, story_id: int, n_articles: int) -> bool:
        """Whether the story is here report by report, as many as the store counts (a sync
        need not read it back)."""
        members = self._members.get(story_id)
        return (bool(members) and len(members) == n_articles
                and all(self._nodes[n].article is not None for n in members))

    def story(self, key: int) -> EngineStory | None:
        """A story's key, centroid features (sentence vector included) and last change."""
        f = self._features.get(key)
        if f is None:
            return None
        if key in self._loaded and self._known.get(key) is None:
            f = self._full(self._loaded[key])
        return EngineStory(key, f, self._updated.get(key))

    def partition(self) -> dict[int, int]:
        """Every placed report's story, as the stories stand now."""
        return {n.article: n.story for n in self._nodes.values() if n.article is not None}

    def pop_merges(self) -> list[tuple[int, int]]:
        """``(absorbed story, surviving story)`` pairs since the last call, in order: the store
        moves the absorbed story's reports into the survivor (and redirects its URL)."""
        out, self._merges = self._merges, []
        return out

    def pop_moves(self) -> list[tuple[int, int]]:
        """``(article id, story key)`` since the last call, in order: reports that now belong to
        another story (a split; the key may be a new provisional one, see ``rename``)."""
        out, self._moves = self._moves, []
        return out

    def rename(self, old: int, new: int) -> None:
        """Give story ``old`` the key ``new`` (a provisional key gets the store's id)."""
        if old not in self._members or old == new:
            return
        self._members[new] = self._members.pop(old)
        for node in self._members[new]:
            self._nodes[node].story = new
        self._features[new] = self._features.pop(old)
        self._updated[new] = self._updated.pop(old, None)
        self._born[new] = self._born.pop(old)
        if old in self._loaded:
            self._loaded[new] = self._loaded.pop(old)
        self._merges = [(_re(a, old, new), _re(b, old, new)) for a, b in self._merges]
        self._moves = [(a, _re(s, old, new)) for a, s in self._moves]

    def forget_before(self, when: datetime) -> list[int]:
        """Drop reports published before ``when`` (undated ones stay); returns the keys of the
        stories left empty."""
        cutoff = when.timestamp()
        old = [n for n, node in self._nodes.items() if node.when is not None and node.when < cutoff]
        gone: list[int] = []
        for n in old:
            key = self._nodes[n].story
            self._drop_node(n)
            if not self._members.get(key):
                gone.append(key)
                self._forget_story(key)
        return sorted(gone)

    def __len__(self) -> int:
        return len(self._members)

    # -- nodes and edges -------------------------------------------------------------------

    def _add_node(self, f: StoryFeatures, weight: int, article: int | None, canon: tuple,
                  *, link: bool = True) -> int:
        """A node, with its edges to the nodes in the window (``link``; a story loaded from the
        store gets none: the process that placed it decided it apart from the others)."""
        node = self._free.pop() if self._free else next(self._node_ids)
        sp = span(f)
        self._nodes[node] = _Node(f, weight, article, canon, when=sp[1] if sp else None)
        if article is not None:
            self._by_article[article] = node
        cands = self.index.candidates(f) if link else []
        edges: dict[int, float] = {}
        cosines = self.index.cosines(f.embedding, cands)
        # Below the floor no model reaches edge_min (see PairScore.cosine_floor); NaN: no vector.
        for i in np.flatnonzero(~(cosines < self.cosine_floor)).tolist():
            other, cos = cands[i], float(cosines[i])
            theirs = self._nodes[other].features
            p = probability(f, theirs, self.score, None if math.isnan(cos) else cos)
            if p >= self.edge_min:
                edges[other] = p
                self._edges[other][node] = p
            elif p == 0.0 and other_event(f, theirs):  # (the score is 0 for such a pair)
                self._apart.setdefault(node, set()).add(other)
                self._apart.setdefault(other, set()).add(node)
        self._edges[node] = edges
        self.index.add(node, f)
        self._nodes[node].features = slim(f)  # its vector: in the index
        return node

    def _full(self, node: int) -> StoryFeatures:
        """A node's features with its sentence vector (from the index)."""
        f = self._nodes[node].features
        vec = self.index.vector(node)
        return f if vec is None else replace(f, embedding=vec)

    def _drop_node(self, node: int) -> None:
        n = self._nodes.pop(node)
        for other in self._edges.pop(node, {}):
            self._edges[other].pop(node, None)
        for other in self._apart.pop(node, ()):
            self._apart[other].discard(node)
        self.index.remove(node)
        self._members.get(n.story, set()).discard(node)
        if n.article is not None:
            self._by_article.pop(n.article, None)
        self._free.append(node)

    def _forget_story(self, key: int) -> None:
        self._members.pop(key, None)
        self._features.pop(key, None)
        self._updated.pop(key, None)
        self._born.pop(key, None)
        self._loaded.pop(key, None)
        self._known.pop(key, None)

    # -- re-deciding the neighbourhood of an arrival ---------------------------------------------

    def _component(self, start: int) -> set[int] | None:
        """The reports linked to ``start`` (probability at or above the threshold, transitively);
        None when more than ``max_component``."""
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            for other, p in self._edges[node].items():
                if p >= self.threshold and other not in seen:
                    seen.add(other)
                    if len(seen) > self.max_component:
                        return None
                    todo.append(other)
        return seen

    def _redecide(self, node: int) -> None:
        area = self._component(node)
        if area is None:  # too big: the stories the arrival links to, whole
            linked = {self._nodes[o].story for o, p in self._edges[node].items()
                      if p >= self.threshold}
            area = {node}.union(*(self._members[k] for k in linked))
        clusters = average_link(sorted(area, key=lambda n: self._nodes[n].canon),
                                self._edges, {n: self._nodes[n].weight for n in area},
                                self.threshold,
                                lang={n: self._nodes[n].features.lang for n in area},
                                apart=self._apart)
        self._apply(clusters, node)

    def _apply(self, clusters: list[list[int]], arrival: int) -> None:
        """Give the new clusters story keys: each old story to the cluster holding most of it,
        the oldest key of a cluster survives, the others are merged into it; reports whose story
        changed otherwise are moves; a cluster with no old story starts one."""
        self._started = None
        held: dict[int, dict[int, int]] = {}  # old key -> cluster -> weight
        for i, cluster in enumerate(clusters):
            for n in cluster:
                if n != arrival:
                    node = self._nodes[n]
                    by = held.setdefault(node.story, {})
                    by[i] = by.get(i, 0) + node.weight
        keys_of: dict[int, list[int]] = {}
        for key, by in held.items():
            best = max(by, key=lambda i: (by[i], -i))
            keys_of.setdefault(best, []).append(key)
        changed: set[int] = set()
        for i, cluster in enumerate(clusters):
            keys = sorted(keys_of.get(i, []), key=lambda k: self._born[k])
            if keys:
                key = keys[0]
                for gone in keys[1:]:
                    self._merges.append((gone, key))
                    self._moves = [(a, _re(s, gone, key)) for a, s in self._moves]
            else:
                key = self._allocate()
                if arrival in cluster:
                    self._started = key
            moved = self._place(cluster, key, set(keys), arrival)
            if moved or keys[1:] or not keys or arrival in cluster:
                changed.add(key)
            for gone in keys[1:]:
                self._forget_story(gone)
        for key in changed:
            self._refresh(key, arrival)

    def _place(self, cluster: list[int], key: int, absorbed: set[int], arrival: int) -> bool:
        moved = False
        for n in cluster:
            node = self._nodes[n]
            if node.story == key:
                continue
            old = node.story
            if n != arrival and old not in absorbed:
                moved = True
                if node.article is not None:
                    self._moves.append((node.article, key))
                self._members.get(old, set()).discard(n)
                if old in self._members and not self._members[old]:
                    self._forget_story(old)
                elif old in self._members:
                    self._refresh(old, None)
            node.story = key
            self._members.setdefault(key, set()).add(n)
        self._members.setdefault(key, set())
        return moved

    def _refresh(self, key: int, arrival: int | None) -> None:
        """A story's centroid: the previous one plus the arrival when that is all that changed,
        else rebuilt from its reports in canonical order."""
        members = self._members.get(key)
        if not members:
            return
        self._born.setdefault(key, next(self._births))
        prev = self._features.get(key)
        others = members - {arrival} if arrival is not None else members
        known = self._known.get(key)
        nodes = sorted(members, key=lambda n: self._nodes[n].canon)
        if prev is not None and arrival in members and known == others:
            f = merge(prev, self._full(arrival), sum(self._nodes[n].weight for n in others))
        else:
            f = _fold([(self._full(n), self._nodes[n].weight) for n in nodes])
        self._features[key] = f
        self._known[key] = set(members)
        whens = [self._nodes[n].when for n in members if self._nodes[n].when is not None]
        if whens:
            latest = datetime.fromtimestamp(max(whens), UTC)
            self._updated[key] = _later(self._updated.get(key), latest)

    def _allocate(self) -> int:
        if self._new_id is not None:
            key = self._new_id()
        else:
            key = self._next
            self._next += 1
        self._born[key] = next(self._births)
        return key


def _fold(parts: Iterable[tuple[StoryFeatures, int]]) -> StoryFeatures:
    out: StoryFeatures | None = None
    n = 0
    for f, w in parts:
        out = f if out is None else merge_stories(out, n, f, w)
        n += w
    assert out is not None
    return out


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None or b is None:
        return a or b
    return a if a.timestamp() >= b.timestamp() else b


def _re(key: int, old: int, new: int) -> int:
    return new if key == old else key
