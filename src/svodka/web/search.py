"""Full-text search: each query word looked up by all its readings, and snippets with the hits marked.

Articles are indexed by their title and tag words and the lemmas of their own language
(``svodka.store.search``). A query's language is a guess and a word form can have several readings
(«Зарей»: «заря» or «зареять»), so each query word is looked up by its written form, every
dictionary form pymorphy3 gives it in Russian and Ukrainian, and its English stem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from svodka.records import StoredArticle
from svodka.store import Store
from svodka.store.search import ArticleFilter, SearchOrder, SearchQuery, terms
from svodka.words import TOKEN_RE, normalize_word

MAX_QUERY_CHARS = 300
MORPH_LANGUAGES = ("ru", "uk")
STEM_LANGUAGES = ("en",)
# A snippet: this many characters of the text around the first hit.
SNIPPET_CHARS = 240
# Text scanned for hits: the lead and the start of the body (a snippet is about the article's top).
SNIPPET_SCAN_CHARS = 4000


def _morphology() -> tuple[Callable[[str, str], tuple], Callable[[str, str | None], str]] | None:
    try:
        from svodka.enrich.lemmas import search_lemma
        from svodka.enrich.morph import parses
    except ImportError:
        return None
    return parses, search_lemma


@lru_cache(maxsize=50_000)
def readings(word: str) -> tuple[str, ...]:
    """The forms a query word is looked up by: as written, its lemmas and stems, most likely first."""
    out = [normalize_word(word)]
    tools = _morphology()
    if tools is not None:
        parses, search_lemma = tools
        for lang in MORPH_LANGUAGES:
            out.append(search_lemma(word, lang))
            out.extend(p.normal_form for p in parses(normalize_word(word), lang))
        out.extend(search_lemma(word, lang) for lang in STEM_LANGUAGES)
    return tuple(dict.fromkeys(x for r in out for x in terms(r)))


def parse_query(query: str, entities: Iterable[str] = ()) -> SearchQuery:
    """A search query: each word of ``query`` by its readings, and the entities asked for."""
    words = [list(readings(w)) for w in dict.fromkeys(terms(query[:MAX_QUERY_CHARS]))]
    return SearchQuery(words=[w for w in words if w], entities=[e for e in entities if e.strip()])


def search_articles(store: Store, query: str, *, limit: int = 50) -> list[StoredArticle]:
    """The best matches of ``query`` (the search page's simple form)."""
    return store.search(parse_query(query), limit=limit)


@dataclass(slots=True)
class SearchPage:
    articles: list[StoredArticle]
    total: int
    query: SearchQuery


def search_page(store: Store, query: str, flt: ArticleFilter | None = None, *,
                entities: Iterable[str] = (), order: SearchOrder = SearchOrder.RELEVANCE,
                limit: int = 50, offset: int = 0) -> SearchPage:
    parsed = parse_query(query, entities)
    found, total = store.search_page(parsed, flt, order=order, limit=limit, offset=offset)
    return SearchPage(found, total, parsed)


def _word_forms(word: str, lang: str | None) -> set[str]:
    forms = {normalize_word(word)}
    tools = _morphology()
    if tools is not None:
        forms.add(tools[1](word, lang))
    return {x for f in forms for x in terms(f)}


def snippet(article: StoredArticle, query: SearchQuery) -> Markup:
    """A stretch of the article's text with the query's words marked: escaped text and ``<mark>``."""
    art = article.article
    text = " ".join(x for x in (art.lead, art.text) if x)[:SNIPPET_SCAN_CHARS]
    if not text:
        return Markup("")
    wanted = {a for alts in query.words for a in alts}
    lang = article.enrichment.language or art.language
    hits = [m.span() for m in TOKEN_RE.finditer(text) if _word_forms(m.group(), lang) & wanted]
    start = 0
    if hits and hits[0][0] > SNIPPET_CHARS // 3:
        start = text.rfind(" ", 0, hits[0][0] - SNIPPET_CHARS // 3) + 1
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + SNIPPET_CHARS // 2)
    out, pos = [], start
    for a, b in hits:
        if a < start or b > end:
            continue
        out += [escape(text[pos:a]), Markup("<mark>"), escape(text[a:b]), Markup("</mark>")]
        pos = b
    out.append(escape(text[pos:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return Markup(escape(prefix) + Markup("").join(out) + escape(suffix))


_MARK_RE = re.compile(r"</?mark>")


def snippet_text(marked: Markup) -> str:
    """A snippet as plain text (for feeds and clients that do not render markup)."""
    return Markup(_MARK_RE.sub("", str(marked))).unescape()
