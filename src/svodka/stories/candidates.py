"""Which reports in the window an arriving report is compared with: shared names and strong terms, then the sentence-vector cosine."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from . import text as tx
from .features import StoryFeatures

# Terms of a report that open candidates: its strongest ones (title words weigh most).
KEY_TERMS = 12
# A key held by more reports than this opens no candidates (a word or name of every other
# report: following it would compare the arrival with much of the window, and a report of the same
# event shares rarer keys too). Keys are counted in the window, so the bar is the same whatever
# order the reports arrived in.
POSTING_CAP = 400
# Up to this many reports in the window, an arrival with a sentence vector is compared with every
# report (one matrix product, about a millisecond): nothing is missed for want of a shared key, so
# reports in two scripts that name nobody alike still meet. Above it, shared keys decide.
ALL_PAIRS_MAX = 5000
# Rows of the embedding matrix added at a time.
GROW = 4096


def keys(f: StoryFeatures) -> list[str]:
    """The keys by which a report is found: its telling anchors and its ``KEY_TERMS`` strongest
    terms (each prefixed by its script space)."""
    out = [f"@{k}" for k in f.anchors if tx.is_telling(k)]
    for space, vec in f.terms.items():
        best = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:KEY_TERMS]
        out += [f"{space}:{k}" for k, _ in best]
    return out


class CandidateIndex:
    """Nodes (reports or stories loaded whole) by key, and their sentence vectors as one matrix
    (float16: half the memory, cosines within 1e-3)."""

    def __init__(self, dim: int | None = None) -> None:
        self._postings: dict[str, set[int]] = defaultdict(set)
        self._keys: dict[int, list[str]] = {}
        self._dim = dim
        self._matrix = np.zeros((0, dim or 0), dtype=np.float16)
        self._has_vector: set[int] = set()

    def add(self, node: int, f: StoryFeatures) -> None:
        ks = keys(f)
        self._keys[node] = ks
        for k in ks:
            self._postings[k].add(node)
        if f.embedding is not None:
            self._put_vector(node, f.embedding)

    def remove(self, node: int) -> None:
        for k in self._keys.pop(node, []):
            posting = self._postings.get(k)
            if posting is not None:
                posting.discard(node)
                if not posting:
                    del self._postings[k]
        self._has_vector.discard(node)

    def candidates(self, f: StoryFeatures) -> list[int]:
        """Nodes sharing a key with ``f`` that is held by at most ``POSTING_CAP`` nodes, sorted;
        every node while the window holds at most ``ALL_PAIRS_MAX`` and ``f`` has a vector."""
        if f.embedding is not None and len(self._keys) <= ALL_PAIRS_MAX:
            return sorted(self._keys)
        found: set[int] = set()
        for k in keys(f):
            posting = self._postings.get(k)
            if posting is not None and len(posting) <= POSTING_CAP:
                found |= posting
        return sorted(found)

    def cosines(self, vector: np.ndarray | None, nodes: list[int]) -> list[float | None]:
        """The cosine of ``vector`` with each node's sentence vector (None where either is
        missing)."""
        if vector is None or not nodes:
            return [None] * len(nodes)
        with_vec = [n for n in nodes if n in self._has_vector]
        if not with_vec:
            return [None] * len(nodes)
        sims = self._matrix[with_vec].astype(np.float32) @ vector.astype(np.float32)
        by_node = dict(zip(with_vec, sims.tolist(), strict=True))
        return [by_node.get(n) for n in nodes]

    def vector(self, node: int) -> np.ndarray | None:
        """A node's sentence vector (float32), None when it has none."""
        if node not in self._has_vector:
            return None
        return self._matrix[node].astype(np.float32)

    def nbytes(self) -> int:
        return int(self._matrix.nbytes)

    def _put_vector(self, node: int, vector: np.ndarray) -> None:
        if self._dim is None:
            self._dim = len(vector)
            self._matrix = np.zeros((0, self._dim), dtype=np.float16)
        if len(vector) != self._dim:
            return
        if node >= len(self._matrix):
            rows = max(node + 1, len(self._matrix) + GROW)
            grown = np.zeros((rows, self._dim), dtype=np.float16)
            grown[: len(self._matrix)] = self._matrix
            self._matrix = grown
        self._matrix[node] = vector
        self._has_vector.add(node)
