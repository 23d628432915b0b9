"""Understanding each article: language, entities, quotes, category, news-or-not, keywords, lemmas.

``enrich(article) -> Enrichment`` is the stage's entry point; ``svodka classify`` runs the same
code through ``classify_record``. Models load lazily, once per process.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..datelines import strip_dateline
from ..records import Article, Enrichment, Quote
from ..words import normalize_text
from .classify import classify
from .embedding import article_vector
from .entities import extract_mentions
from .keys import by_type, entity_key, named_entities
from .keywords import extract_keywords
from .language import detect_language
from .lemmas import lemma_string
from .quotes import extract_quotes

__all__ = ["enrich", "enrich_text"]


def enrich_text(title: str, text: str, declared_language: str | None = None, *,
                section: str | None = None, bylines: Sequence[str] = (),
                vector: np.ndarray | None = None) -> Enrichment:
    """Enrich a title and a plain-text body (paragraphs separated by newlines); the outlet's
    ``section`` and ``bylines`` can name a category or mark an advert or a horoscope; ``vector``:
    the article's sentence vector when already known (``embedding.article_vector``). A dateline
    opening the body ("МОСКВА, 25 мая. /ТАСС/.") is read as its place alone: the agency and the
    date are not what the report is about."""
    title = normalize_text(title or "").strip()
    text = strip_dateline(normalize_text(text or ""))
    full = f"{title}\n\n{text}" if title else text
    lang = detect_language(full) or declared_language
    mentions = extract_mentions(full, lang)
    entities = named_entities(mentions)
    speaker_keys = {m.name: entity_key(m.type, m.name, m.key) for m in mentions}
    is_news, category = classify(title, text, lang, section=section, bylines=bylines,
                                 vector=vector)
    return Enrichment(
        language=lang,
        is_news=is_news,
        category=category,
        entities=by_type(entities),
        named_entities=entities,
        quotes=[Quote(speaker=s, text=t, direct=d, speaker_key=speaker_keys.get(s or ""))
                for s, t, d in extract_quotes(full, mentions)],
        keywords=extract_keywords(title, text, lang, mentions),
        lemmas=lemma_string(full, lang),
    )


def enrich(article: Article) -> Enrichment:
    """Language, entities, quotes, category, news-or-not, keywords and lemmas of an article."""
    return enrich_text(article.title or "", article.text, article.language,
                       section=article.section, bylines=article.authors,
                       vector=article_vector(article))
