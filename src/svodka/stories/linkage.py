"""Group-average clustering of reports over their pair probabilities, with pairs kept apart and reports joined to a story in the language they compare best with."""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass, field

# Digits of a linkage compared: beyond them, two linkages are a tie (sums of one set of
# probabilities taken in another order differ in their last bits, and equal links must tie).
TIE_DIGITS = 9


def average_link(nodes: list[int], edges: Mapping[int, Mapping[int, float]],
                 weight: Mapping[int, int], threshold: float, *,
                 lang: Mapping[int, str | None] | None = None,
                 apart: Mapping[int, set[int]] | None = None) -> list[list[int]]:
    """Agglomerative clustering of ``nodes`` (in canonical order) over the sparse probabilities
    ``edges`` (absent pairs count 0). Returns the clusters, each in canonical order, ordered by
    first node.

    1. Group average: the two clusters with the highest mean probability over their report pairs
       are fused first, ties to the lower positions, while that mean reaches ``threshold``. Two
       clusters holding a pair in ``apart`` (two headlines of one template with another name or
       number in its slot: :func:`svodka.stories.score.other_event`) are never fused, however
       well the rest of them link.
    2. By language (``lang``: each node's language): a cluster in one language then joins a
       cluster in several when its mean probability with that cluster's reports in one of their
       languages reaches ``threshold`` (the best such block first). The pair score is calibrated
       less well across languages: for the same two events a Ukrainian–English cosine runs lower
       than a Russian–English one, so an English report of a story told in Russian and Ukrainian
       can score well with the Russian report and badly with the Ukrainian ones. Two clusters each
       in several languages are not compared block by block (two stories of one subject, each
       told in three languages, would fuse through their one most alike block).
    """
    c = _Clusters.of(nodes, edges, weight, lang or {}, apart or {})
    c.group_average(threshold)
    c.join_by_language(threshold)
    return [sorted(m, key=c.position.__getitem__) for _, m in sorted(c.members.items())]


@dataclass(slots=True)
class _Clusters:
    """The clusters being fused, numbered by their first node's position: members, weight per
    language and in all, the clusters each must stay apart from, and the probability sums (times
    the reports' weights) to every linked cluster."""

    edges: Mapping[int, Mapping[int, float]]
    weight: Mapping[int, int]
    language: dict[int, str]  # node -> its language ("" unknown)
    position: dict[int, int]  # node -> its place in canonical order
    owner: dict[int, int]  # node -> its cluster
    members: dict[int, list[int]] = field(default_factory=dict)
    size: dict[int, dict[str, int]] = field(default_factory=dict)
    total_size: dict[int, int] = field(default_factory=dict)
    banned: dict[int, set[int]] = field(default_factory=dict)
    total: dict[int, dict[int, float]] = field(default_factory=dict)

    @classmethod
    def of(cls, nodes: list[int], edges: Mapping[int, Mapping[int, float]],
           weight: Mapping[int, int], lang: Mapping[int, str | None],
           apart: Mapping[int, set[int]]) -> _Clusters:
        pos = {n: i for i, n in enumerate(nodes)}
        c = cls(edges, weight, {n: lang.get(n) or "" for n in nodes}, pos, dict(pos))
        for i, n in enumerate(nodes):
            c.members[i] = [n]
            c.size[i] = {c.language[n]: weight[n]}
            c.total_size[i] = weight[n]
            c.banned[i] = {pos[o] for o in apart.get(n, ()) if o in pos}
            c.total[i] = {pos[o]: p * weight[n] * weight[o] for o, p in edges[n].items()
                          if o in pos and o != n}
        return c

    def group_average(self, threshold: float) -> None:
        """Step 1. Only pairs that may fuse are queued: a mean changes only when one of its two
        clusters does, and then every pair of the changed cluster is weighed again."""
        total, total_size, banned = self.total, self.total_size, self.banned
        near = threshold - 10.0 ** -TIE_DIGITS  # below it, no rounding can reach the threshold
        version = dict.fromkeys(self.members, 0)

        def weigh(i: int, k: int, s: float) -> tuple[float, int, int, int, int] | None:
            """The queue entry of clusters ``i`` and ``k`` (probability sum ``s``), if they
            may fuse."""
            if (x := s / (total_size[i] * total_size[k])) < near or (
                    x := round(x, TIE_DIGITS)) < threshold:
                return None
            a, b = (i, k) if i < k else (k, i)
            return -x, a, b, version[a], version[b]

        heap = [e for i, row in total.items() for j, s in row.items()
                if i < j and (e := weigh(i, j, s)) is not None]
        heapq.heapify(heap)
        while heap:
            _, i, j, vi, vj = heapq.heappop(heap)
            if version.get(i) != vi or version.get(j) != vj or j in banned[i]:
                continue
            self.fuse(i, j)
            version[i] += 1
            del version[j]
            for k, s in total[i].items():
                if (entry := weigh(i, k, s)) is not None:
                    heapq.heappush(heap, entry)

    def join_by_language(self, threshold: float) -> None:
        """Step 2: the best (cluster in one language, cluster in several) pair by a language
        block, fused while it reaches ``threshold``; ties to the lower positions."""
        while True:
            best: tuple[float, int, int] | None = None  # (-block mean, lower, higher)
            for one, row in self.total.items():
                if len(self.size[one]) != 1:
                    continue
                for other in row:
                    if len(self.size[other]) == 1 or other in self.banned[one]:
                        continue
                    # No block reaches the threshold if one holding every pair's sum would not.
                    if row[other] < threshold * self.total_size[one] * min(
                            self.size[other].values()):
                        continue
                    x = self.best_block(one, other)
                    key = (-x, min(one, other), max(one, other))
                    if x >= threshold and (best is None or key < best):
                        best = key
            if best is None:
                return
            self.fuse(best[1], best[2])

    def best_block(self, one: int, other: int) -> float:
        """The highest mean probability between cluster ``one`` (in one language) and the
        reports of cluster ``other`` in one of its languages."""
        sums: dict[str, float] = {}
        for x in self.members[one]:
            for y, p in self.edges[x].items():
                if self.owner.get(y) == other:
                    language = self.language[y]
                    sums[language] = sums.get(language, 0.0) + p * self.weight[x] * self.weight[y]
        n, size = self.total_size[one], self.size[other]
        return max((round(s / (n * size[language]), TIE_DIGITS)
                    for language, s in sums.items()), default=0.0)

    def fuse(self, i: int, j: int) -> None:
        """Cluster ``j`` into cluster ``i``."""
        for n in self.members[j]:
            self.owner[n] = i
        self.members[i] += self.members.pop(j)
        self.total_size[i] += self.total_size.pop(j)
        for language, w in self.size.pop(j).items():
            self.size[i][language] = self.size[i].get(language, 0) + w
        gone = self.banned.pop(j)
        self.banned[i] |= gone
        for k in gone:
            self.banned[k].discard(j)
            self.banned[k].add(i)
        row_j = self.total.pop(j)
        row_j.pop(i, None)
        self.total[i].pop(j, None)
        for k, s in row_j.items():
            del self.total[k][j]
            self.total[i][k] = self.total[k][i] = self.total[i].get(k, 0.0) + s
