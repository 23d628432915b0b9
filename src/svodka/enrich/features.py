"""Hashed text features for the category classifier, shared by training and run time.

Words are lemmatised (so Russian and Ukrainian inflections share a feature), title words count
twice, lemma bigrams and character n-grams inside lemmas add robustness to unseen vocabulary, and
character n-grams of the words as written (at half weight) keep what lemmatisation loses.
The hash is CRC32, stable across processes and Python versions (unlike ``hash``).
"""

from __future__ import annotations

import math
import zlib
from functools import lru_cache
from itertools import chain, pairwise

import numpy as np

from .morph import WORD_RE, lemma

N_FEATURES = 1 << 17
_MAX_WORDS = 1000
_CHAR_NS = (3, 4, 5)
_SURFACE_WEIGHT = 0.5


def _h(s: str) -> int:
    return zlib.crc32(s.encode("utf-8")) & (N_FEATURES - 1)


def _grams(prefix: bytes, padded: str) -> list[int]:
    """``_h(prefix + g)`` of every character n-gram g of ``padded``, computed by continuing the
    prefix's CRC32 (the CRC32 of a concatenation), without building the strings."""
    seed, crc32 = zlib.crc32(prefix), zlib.crc32
    return [crc32(padded[i:i + n].encode("utf-8"), seed) & (N_FEATURES - 1)
            for n in _CHAR_NS for i in range(len(padded) - n + 1)]


@lru_cache(maxsize=200_000)
def _lemma_features(w: str, prefix: str) -> tuple[int, ...]:
    """The word feature, the character n-grams and the title ("t") or body ("b") feature of a
    lemma (cached: words repeat)."""
    return (_h("w:" + w), *_grams(b"c:", f"<{w}>"), _h(prefix + ":" + w))


@lru_cache(maxsize=200_000)
def _surface_features(w: str) -> tuple[int, ...]:
    return tuple(_grams(b"s:", f"<{w.lower()}>"))


def _bigram_pairs(lemmas: list[str]) -> list[tuple[str, str]]:
    """(previous lemma or "", lemma) for every lemma of two or more letters; a shorter one
    breaks the chain of bigrams."""
    return [(p if len(p) >= 2 else "", w) for p, w in pairwise(["", *lemmas]) if len(w) >= 2]


def feature_ids(title: str, text: str, lang: str | None) -> tuple[list[int], list[int]]:
    """(surface n-gram ids, lemma feature ids): one id per occurrence, in text order."""
    raw_title = WORD_RE.findall(title or "")
    raw_body = WORD_RE.findall(text or "")[:_MAX_WORDS]
    raw = (raw_title + raw_body)[:_MAX_WORDS]
    surface = list(chain.from_iterable(map(_surface_features, raw)))
    ids: list[int] = []
    for words, prefix in ((raw_title, "t"), (raw_body, "b")):
        for prev, w in _bigram_pairs([lemma(x, lang) for x in words]):
            ids.extend(_lemma_features(w, prefix))
            if prev:
                ids.append(_h("b:" + prev + " " + w))
    return surface, ids


def _counts(ids: list[int], at: np.ndarray) -> np.ndarray:
    """How many times each feature of ``at`` occurs in ``ids``."""
    return np.bincount(np.array(ids, dtype=np.int64), minlength=N_FEATURES)[at]


def _log_scaled(counts: np.ndarray) -> np.ndarray:
    """1 + ln(count) for counts of one or more, else the count, as float32. Counts take few
    distinct values (multiples of 0.5), so each is scaled once, with math.log."""
    distinct, inverse = np.unique(counts, return_inverse=True)
    table = np.array([1.0 + math.log(c) if c >= 1 else c for c in distinct.tolist()],
                     dtype=np.float32)
    return table[inverse]


def vectorize(title: str, text: str, lang: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Sparse (indices, values): weighted counts (surface n-grams at half weight), log-scaled,
    L2-normalised. Indices come in order of first occurrence, which fixes the order of the
    model's float32 sums over them (so scores do not depend on how the counting is done)."""
    surface, ids = feature_ids(title, text, lang)
    if not surface and not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    first_seen = dict.fromkeys(chain(surface, ids))
    idx = np.fromiter(first_seen, dtype=np.int64, count=len(first_seen))
    counts = _SURFACE_WEIGHT * _counts(surface, idx) + _counts(ids, idx)
    val = _log_scaled(counts)
    val /= float(np.linalg.norm(val))
    return idx, val
