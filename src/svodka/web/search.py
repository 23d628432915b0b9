"""Full-text search: the query lemmatised the way articles are (svodka.enrich), several ways.

Articles are indexed by their title words and the lemmas of their own language, but a query's
language is a guess, so the query is tried as lemmas of the detected language, of each interface
language, and as plain lower-cased words; results are merged in that order.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from svodka.records import StoredArticle
from svodka.store import Store

from .i18n import LANGUAGES

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
MAX_QUERY_CHARS = 300


def _lemmatizers() -> tuple[Callable[[str, str | None], str], Callable[[str], str | None]] | None:
    try:
        from svodka.enrich.language import detect_language
        from svodka.enrich.lemmas import lemma_string
    except ImportError:
        return None
    return lemma_string, detect_language


def query_variants(query: str) -> list[str]:
    """Distinct lemma strings to look the query up by, most likely first."""
    query = query[:MAX_QUERY_CHARS]
    plain = " ".join(w.lower() for w in WORD_RE.findall(query))
    variants: list[str] = []
    tools = _lemmatizers()
    if tools is not None:
        lemma_string, detect_language = tools
        langs = [detect_language(query), *LANGUAGES]
        for lang in dict.fromkeys(x for x in langs if x):
            variants.append(" ".join(WORD_RE.findall(lemma_string(query, lang))))
    variants.append(plain)
    return [v for v in dict.fromkeys(variants) if v.strip()]


def search_articles(store: Store, query: str, *, limit: int = 50) -> list[StoredArticle]:
    found: dict[int, StoredArticle] = {}
    for variant in query_variants(query):
        for a in store.search(variant, limit=limit):
            found.setdefault(a.id, a)
        if len(found) >= limit:
            break
    return list(found.values())[:limit]
