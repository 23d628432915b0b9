"""Group-average clustering of reports over their pair probabilities, language by language, with pairs that must stay apart."""

from __future__ import annotations

import heapq
from collections.abc import Mapping

# Digits of a linkage compared: beyond them, two linkages are a tie.
TIE_DIGITS = 9
Block = tuple[str, str]  # (a language of one cluster, a language of the other); "" unknown


def average_link(nodes: list[int], edges: Mapping[int, Mapping[int, float]],
                 weight: Mapping[int, int], threshold: float, *,
                 lang: Mapping[int, str | None] | None = None,
                 apart: Mapping[int, set[int]] | None = None) -> list[list[int]]:
    """Agglomerative clustering of ``nodes`` (in canonical order) over the sparse probabilities
    ``edges`` (absent pairs count 0): the two clusters whose linkage is highest are fused first,
    ties to the lower positions, while it reaches ``threshold``. Returns the clusters, each in
    canonical order, ordered by first node.

    The linkage of two clusters is the mean probability over their report pairs (group
    average). When one of them is in one language (``lang``: each node's language), such as an
    arriving report, the mean is also taken language by language of the other (the pairs between
    it and the story's Russian reports, those with its Ukrainian ones, ...) and the highest
    counts: the pair score is calibrated less well across languages (for the same two events, a
    Ukrainian–English cosine runs lower than a Russian–English one), so a report joins a story
    through its members in the language it compares best with. Two clusters each in several
    languages are compared by the plain mean (block by block, two stories of one subject, each
    told in three languages, fused through their one most alike block).

    Two clusters holding a pair in ``apart`` (two headlines of one template with another name or
    number in its slot: :func:`svodka.stories.score.other_event`) are never fused, however well
    the rest of them link.
    """
    lang = lang or {}
    apart = apart or {}
    pos = {n: i for i, n in enumerate(nodes)}
    members: dict[int, list[int]] = {i: [n] for i, n in enumerate(nodes)}
    size: dict[int, dict[str, int]] = {i: {lang.get(n) or "": weight[n]}
                                       for i, n in enumerate(nodes)}
    banned: dict[int, set[int]] = {i: {pos[o] for o in apart.get(n, ()) if o in pos}
                                   for i, n in enumerate(nodes)}
    links: dict[int, dict[int, dict[Block, float]]] = {i: {} for i in members}
    for n in nodes:
        i = pos[n]
        for other, p in edges[n].items():
            j = pos.get(other)
            if j is not None and j != i:
                block = (lang.get(n) or "", lang.get(other) or "")
                links[i][j] = {block: p * weight[n] * weight[other]}

    def linkage(i: int, j: int) -> float:
        row = links[i][j]
        best = sum(row.values()) / (sum(size[i].values()) * sum(size[j].values()))
        if len(size[i]) == 1 or len(size[j]) == 1:  # one side in one language: block by block
            best = max(best, *(s / (size[i][a] * size[j][b]) for (a, b), s in row.items()))
        # Rounded: sums of one set of probabilities taken in another order differ in their last
        # bits, and two clusters that link equally must tie (the lower position wins).
        return round(best, TIE_DIGITS)

    version = dict.fromkeys(members, 0)
    heap = [(-linkage(i, j), i, j, 0, 0) for i, row in links.items() for j in row if i < j]
    heapq.heapify(heap)
    while heap:
        neg, i, j, vi, vj = heapq.heappop(heap)
        if -neg < threshold:
            break
        if version.get(i) != vi or version.get(j) != vj or j in banned[i]:
            continue
        _fuse(i, j, members, size, banned, links)
        version[i] += 1
        del version[j]
        for k in links[i]:
            a, b = (i, k) if i < k else (k, i)
            heapq.heappush(heap, (-linkage(a, b), a, b, version[a], version[b]))
    return [sorted(m, key=pos.__getitem__) for _, m in sorted(members.items())]


def _fuse(i: int, j: int, members: dict[int, list[int]], size: dict[int, dict[str, int]],
          banned: dict[int, set[int]], links: dict[int, dict[int, dict[Block, float]]]) -> None:
    """Cluster ``j`` into cluster ``i``: members, sizes per language, pairs kept apart, and the
    probability sums per language block to every other cluster."""
    members[i] += members.pop(j)
    for language, w in size.pop(j).items():
        size[i][language] = size[i].get(language, 0) + w
    gone = banned.pop(j)
    banned[i] |= gone
    for k in gone:
        banned[k].discard(j)
        banned[k].add(i)
    row_j = links.pop(j)
    row_j.pop(i, None)
    links[i].pop(j, None)
    for k, blocks in row_j.items():
        links[k].pop(j, None)
        mine = links[i].setdefault(k, {})
        theirs = links[k].setdefault(i, {})
        for (a, b), s in blocks.items():
            mine[(a, b)] = mine.get((a, b), 0.0) + s
            theirs[(b, a)] = theirs.get((b, a), 0.0) + s
