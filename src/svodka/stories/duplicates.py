"""Near-duplicates: one text rewritten or reposted (wire copy, syndication), recognised by the
MinHash signature of its body's word shingles and found through LSH bands (``datasketch``)."""

from __future__ import annotations

import hashlib
import zlib
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from svodka.records import TextFingerprint
from svodka.words import normalize_word, tokens

SHINGLE = 3  # words per shingle: short enough to survive light rewording, long enough to tell texts apart
MAX_WORDS = 400  # body words read: a repost's first paragraphs tell it, and the cost stays low
CHARS_PER_WORD = 12  # text read for them: words average 6-8 characters with their spacing
MIN_WORDS = 25  # shorter bodies (a photo caption, a teaser) are no evidence of one text
NUM_PERM = 64  # signature length: resemblance estimated to about +-0.06
BANDS, ROWS = 21, 3  # LSH bands of 3 values: texts 0.4 alike share a band with p ~ 0.78, 0.6 alike ~ 0.99,
# 0.1 alike ~ 0.02 (candidates only: each is checked on its whole signature)
# Estimated Jaccard resemblance of the shingle sets at which two bodies are one text. A rewrite
# with a reworded lead, a paragraph added or cut and another title stays above it; two outlets'
# own reports of one event (same names, same numbers, different sentences) stay far below it
# (tests/stories/test_story_duplicates.py).
MIN_RESEMBLANCE = 0.3
SEED = 1


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    return MinHash(num_perm=NUM_PERM, seed=SEED).permutations


def shingles(text: str) -> set[bytes]:
    """The body's word shingles (normalised words and numbers), at most ``MAX_WORDS`` words."""
    words = tokens(normalize_word(text[:MAX_WORDS * CHARS_PER_WORD]))[:MAX_WORDS]
    if len(words) < MIN_WORDS:
        return set()
    return {" ".join(words[i:i + SHINGLE]).encode("utf-8")
            for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> MinHash | None:
    """The MinHash of the body's shingles; None for a body too short to tell."""
    found = shingles(text)
    if not found:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32,
                permutations=_permutations(), scheme="affine32")
    m.update_batch(list(found))
    return m


def fingerprint(text: str) -> TextFingerprint | None:
    """What the store keeps to find the body's near-duplicates (None for a short body)."""
    m = signature(text)
    if m is None:
        return None
    values = m.hashvalues.astype(np.uint32)
    return TextFingerprint(signature=values.tobytes(), bands=band_keys(values),
                           min_resemblance=MIN_RESEMBLANCE)


def band_keys(values: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (the band's number is part of it)."""
    keys = []
    for b in range(BANDS):
        chunk = values[b * ROWS:(b + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(bytes([b]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys
