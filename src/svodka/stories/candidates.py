"""Which reports in the window an arriving report is compared with: shared names and strong terms, then the sentence-vector cosine."""

from __future__ import annotations

import sys

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
# Rows of the embedding matrix added at a time: at least GROW, else a GROW_SHARE of the rows it
# has (a fixed step copied the whole matrix every 4,096 reports: quadratic in the window).
GROW = 4096
GROW_SHARE = 0.125
# A key's posting is one node id, then a tuple of ids, and a set past this many: most keys are
# held by a few reports, and an empty set alone costs 216 bytes (a tuple of eight, 104); removing
# a report from a tuple this short costs no more than from a set.
SMALL_POSTING = 16

Posting = int | tuple[int, ...] | set[int]


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
    (float32 holding the float16 values the store keeps, so that rows are multiplied without a
    conversion, which cost more than the product: docs/stories.md, "Figures")."""

    def __init__(self, dim: int | None = None) -> None:
        self._postings: dict[str, Posting] = {}
        self._keys: dict[int, tuple[str, ...]] = {}
        self._dim = dim
        self._matrix = np.zeros((0, dim or 0), dtype=np.float32)
        self._has_vector = np.zeros(0, dtype=bool)  # per row of the matrix: a node's vector is in it

    def add(self, node: int, f: StoryFeatures) -> None:
        ks = tuple(sys.intern(k) for k in keys(f))  # one string per key, however many hold it
        self._keys[node] = ks
        postings = self._postings
        for k in ks:
            postings[k] = _with(postings.get(k), node)
        if f.embedding is not None:
            self._put_vector(node, f.embedding)

    def remove(self, node: int) -> None:
        postings = self._postings
        for k in self._keys.pop(node, ()):
            posting = postings.get(k)
            if posting is None:
                continue
            left = _without(posting, node)
            if left is None:
                del postings[k]
            elif left is not posting:
                postings[k] = left
        if node < len(self._has_vector):
            self._has_vector[node] = False

    def candidates(self, f: StoryFeatures) -> list[int]:
        """Nodes sharing a key with ``f`` that is held by at most ``POSTING_CAP`` nodes, sorted;
        every node while the window holds at most ``ALL_PAIRS_MAX`` and ``f`` has a vector."""
        if f.embedding is not None and len(self._keys) <= ALL_PAIRS_MAX:
            return sorted(self._keys)
        found: set[int] = set()
        for k in keys(f):
            posting = self._postings.get(k)
            if isinstance(posting, int):
                found.add(posting)
            elif posting is not None and len(posting) <= POSTING_CAP:
                found.update(posting)
        return sorted(found)

    def cosines(self, vector: np.ndarray | None, nodes: list[int]) -> np.ndarray:
        """The cosine of ``vector`` with each node's sentence vector, NaN where either is
        missing (one matrix product over the nodes' rows)."""
        out = np.full(len(nodes), np.nan, dtype=np.float32)
        if vector is None or not nodes:
            return out
        rows = np.fromiter(nodes, dtype=np.int64, count=len(nodes))
        held = rows < len(self._has_vector)
        held[held] = self._has_vector[rows[held]]
        if held.any():
            out[held] = self._matrix[rows[held]] @ np.asarray(vector, dtype=np.float32)
        return out

    def vector(self, node: int) -> np.ndarray | None:
        """A node's sentence vector (float32), None when it has none."""
        if node >= len(self._has_vector) or not self._has_vector[node]:
            return None
        return self._matrix[node].copy()

    def nbytes(self) -> int:
        return int(self._matrix.nbytes)

    def _put_vector(self, node: int, vector: np.ndarray) -> None:
        if self._dim is None:
            self._dim = len(vector)
            self._matrix = np.zeros((0, self._dim), dtype=np.float32)
        if len(vector) != self._dim:
            return
        if node >= len(self._matrix):
            rows = max(node + 1, len(self._matrix) + max(GROW, int(len(self._matrix) * GROW_SHARE)))
            grown = np.zeros((rows, self._dim), dtype=np.float32)
            grown[: len(self._matrix)] = self._matrix
            self._matrix = grown
            has = np.zeros(rows, dtype=bool)
            has[: len(self._has_vector)] = self._has_vector
            self._has_vector = has
        self._matrix[node] = np.asarray(vector, dtype=np.float16)  # as stored, whatever its source
        self._has_vector[node] = True


def _with(posting: Posting | None, node: int) -> Posting:
    """``posting`` with ``node`` in it (the same set, or a new id, tuple or set)."""
    if posting is None:
        return node
    if isinstance(posting, int):
        return posting if posting == node else (posting, node)
    if isinstance(posting, tuple):
        if node in posting:
            return posting
        return posting + (node,) if len(posting) < SMALL_POSTING else {*posting, node}
    posting.add(node)
    return posting


def _without(posting: Posting, node: int) -> Posting | None:
    """``posting`` without ``node`` (the same set, or a new id or tuple); None when empty."""
    if isinstance(posting, int):
        return None if posting == node else posting
    if isinstance(posting, tuple):
        left = tuple(n for n in posting if n != node)
        return left if len(left) > 1 else (left[0] if left else None)
    posting.discard(node)
    return posting if posting else None
