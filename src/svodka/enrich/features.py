"""Hashed text features for the category classifier, shared by training and run time.

Words are lemmatised (so Russian and Ukrainian inflections share a feature), title words count
twice, lemma bigrams and character n-grams inside lemmas add robustness to unseen vocabulary, and
character n-grams of the words as written (at half weight) keep what lemmatisation loses.
The hash is CRC32, stable across processes and Python versions (unlike ``hash``).
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from functools import lru_cache

import numpy as np

from .morph import WORD_RE, lemma

N_FEATURES = 1 << 17
_MAX_WORDS = 1000
_CHAR_NS = (3, 4, 5)
_SURFACE_WEIGHT = 0.5


def _h(s: str) -> int:
    return zlib.crc32(s.encode("utf-8")) & (N_FEATURES - 1)


@lru_cache(maxsize=200_000)
def _word_features(w: str) -> tuple[int, ...]:
    """The word feature and the character n-grams of a lemma (cached: words repeat)."""
    padded = f"<{w}>"
    grams = [_h("c:" + padded[i:i + n]) for n in _CHAR_NS for i in range(len(padded) - n + 1)]
    return (_h("w:" + w), *grams)


@lru_cache(maxsize=200_000)
def _surface_features(w: str) -> tuple[int, ...]:
    padded = f"<{w.lower()}>"
    return tuple(_h("s:" + padded[i:i + n]) for n in _CHAR_NS
                 for i in range(len(padded) - n + 1))


def feature_counts(title: str, text: str, lang: str | None) -> Counter[int]:
    """Feature id -> weighted count."""
    counts: Counter[int] = Counter()
    raw_title = WORD_RE.findall(title or "")
    raw_body = WORD_RE.findall(text or "")[:_MAX_WORDS]
    title_words = [lemma(w, lang) for w in raw_title]
    body_words = [lemma(w, lang) for w in raw_body]
    surface: Counter[int] = Counter()
    for w in (raw_title + raw_body)[:_MAX_WORDS]:
        surface.update(_surface_features(w))
    for k, v in surface.items():
        counts[k] += _SURFACE_WEIGHT * v
    for seq, prefix in ((title_words, "t"), (body_words, "b")):
        prev = ""
        for w in seq:
            if len(w) < 2:
                prev = ""
                continue
            counts.update(_word_features(w))
            counts[_h(prefix + ":" + w)] += 1
            if prev:
                counts[_h("b:" + prev + " " + w)] += 1
            prev = w
    return counts


def vectorize(title: str, text: str, lang: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Sparse (indices, values): log-scaled counts, L2-normalised."""
    counts = feature_counts(title, text, lang)
    if not counts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    val = np.fromiter((1.0 + math.log(c) if c >= 1 else c for c in counts.values()),
                      dtype=np.float32, count=len(counts))
    val /= float(np.linalg.norm(val))
    return idx, val
