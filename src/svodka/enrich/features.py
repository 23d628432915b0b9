"""Hashed text features for the category classifier, shared by training and run time.

Words are lemmatised (so Russian and Ukrainian inflections share a feature), title words count
twice, lemma bigrams and character n-grams inside words add robustness to unseen vocabulary.
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


def _h(s: str) -> int:
    return zlib.crc32(s.encode("utf-8")) & (N_FEATURES - 1)


@lru_cache(maxsize=200_000)
def _word_features(w: str) -> tuple[int, ...]:
    """The word feature and the character n-grams of a lemma (cached: words repeat)."""
    padded = f"<{w}>"
    grams = [_h("c:" + padded[i:i + n]) for n in _CHAR_NS for i in range(len(padded) - n + 1)]
    return (_h("w:" + w), *grams)


def feature_counts(title: str, text: str, lang: str | None) -> Counter[int]:
    counts: Counter[int] = Counter()
    title_words = [lemma(w, lang) for w in WORD_RE.findall(title or "")]
    body_words = [lemma(w, lang) for w in WORD_RE.findall(text or "")[:_MAX_WORDS]]
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
    val = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float32,
                      count=len(counts))
    val /= float(np.linalg.norm(val))
    return idx, val
