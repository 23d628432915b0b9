"""The full-text index: one document of normalised terms per article, matched the same way on SQLite and PostgreSQL.

Terms are made here, in Python, and handed to the database as they are: SQLite's FTS5 table uses
the ``ascii`` tokenizer (which only splits on ASCII punctuation and spaces, so a term of letters and
digits stays one token) and PostgreSQL gets a ``tsvector`` of quoted lexemes (no parser, no
dictionary). Both backends therefore match exactly the same documents, and relevance is scored
here from the title and tag terms, so both give the same results in the same order.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, func, literal_column, select, text
from sqlalchemy.engine import Connection

from svodka.records import Article, Enrichment
from svodka.store import schema as t
from svodka.words import normalize_text, normalize_word, tokens

# A term is a run of letters and digits; a longer run is a hash or base64 noise, not a word.
MAX_TERM_CHARS = 64
_TERM_RE = re.compile(r"[^\W_]+")
# Alternatives one query word may be looked up by (its readings): more is noise.
MAX_ALTERNATIVES = 12
# Words one query may have: a query is a few words, not a document.
MAX_QUERY_WORDS = 16
# Relevance ranks the newest matches, this many at most (news: an old match rarely wins, and
# each candidate costs a read of its title and tags).
MAX_CANDIDATES = 500
# Matches counted at most (and paged through by time): counting reads every match.
MAX_COUNTED = 1000
# Relevance: a query word found in the title counts this much, in the tags this much, else 1.
TITLE_WEIGHT = 4
TAG_WEIGHT = 2
_FACET_PREFIX = "ent"


class SearchOrder(StrEnum):
    RELEVANCE = "relevance"
    TIME = "time"


def terms(value: str | None) -> list[str]:
    """The index terms of a text: its words and numbers, lower-cased, split into letter/digit runs."""
    out: list[str] = []
    for tok in tokens(normalize_text(value or "")):
        out.extend(x for x in _TERM_RE.findall(normalize_word(tok)) if len(x) <= MAX_TERM_CHARS)
    return out


def entity_facet(name: str) -> str:
    """One index token standing for an entity name (case, spacing and ё folded)."""
    key = " ".join(terms(name))
    return _FACET_PREFIX + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def _entity_name(item: Any) -> str:
    """An entity as stored: a plain name, or a record with its name (and a key)."""
    if isinstance(item, dict):
        return str(item.get("text") or item.get("name") or "")
    return str(item or "")


def _joined(values: Iterable[str]) -> str:
    return " ".join(dict.fromkeys(values))


def index_row(article_id: int, article: Article, enrichment: Enrichment) -> dict[str, Any]:
    """The index document of one article: title words, text lemmas, tag words, entity facets
    (an entity by its name and by its canonical key, so that ``entity=per:lvrv`` finds every
    spelling)."""
    names = [_entity_name(n) for kind in sorted(enrichment.entities or {})
             for n in enrichment.entities[kind] or []]
    names += [x for e in enrichment.named_entities for x in (e.name, e.key)]  # key: any language
    return {
        "rowid": article_id,
        "title": _joined(terms(article.title)),
        "body": _joined(terms(enrichment.lemmas)),
        "tags": _joined(terms(" ".join(article.tags))),
        "facets": _joined(entity_facet(n) for n in names if terms(n)),
    }


def _tsvector(row: dict[str, Any]) -> str:
    words = " ".join(row[k] for k in ("title", "body", "tags", "facets")).split()
    return " ".join(f"'{w}'" for w in dict.fromkeys(words))  # terms hold no quote or backslash


_INSERT = {
    "sqlite": text("INSERT INTO article_fts (rowid, title, tags, facets, body) "
                   "VALUES (:rowid, :title, :tags, :facets, :body)"),
    "postgresql": text("INSERT INTO article_fts (rowid, title, tags, facets, doc) "
                       "VALUES (:rowid, :title, :tags, :facets, CAST(:doc AS tsvector))"),
}


def write_index(c: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Add index documents (their articles' old ones deleted first by the caller)."""
    if not rows:
        return
    if c.dialect.name == "postgresql":
        rows = [{**r, "doc": _tsvector(r)} for r in rows]
    c.execute(_INSERT[c.dialect.name], list(rows))


@dataclass(slots=True)
class ArticleFilter:
    """Which articles a list or a search keeps (None: any)."""

    language: str | None = None
    source_id: int | None = None
    category: str | None = None
    story_id: int | None = None
    since: datetime | None = None  # sort time (published, else fetched) at or after
    until: datetime | None = None  # sort time before
    news_only: bool = False

    def conditions(self) -> list[Any]:
        a = t.articles.c
        conds: list[Any] = []
        for column, value in ((a.language, self.language), (a.source_id, self.source_id),
                              (a.category, self.category), (a.story_id, self.story_id)):
            if value is not None:
                conds.append(column == value)
        if self.since is not None:
            conds.append(a.sort_at >= self.since)
        if self.until is not None:
            conds.append(a.sort_at < self.until)
        if self.news_only:
            conds.append(a.is_news.is_(True))
        return conds


@dataclass(slots=True)
class SearchQuery:
    """Every word must match by one of its alternatives; every entity must be among the article's."""

    words: list[list[str]] = field(default_factory=list)  # alternatives per query word
    entities: list[str] = field(default_factory=list)

    @classmethod
    def of_terms(cls, value: str) -> SearchQuery:
        """Each term of ``value`` as one required word (terms already lemmatised)."""
        return cls(words=[[w] for w in dict.fromkeys(terms(value))])

    def cleaned(self) -> SearchQuery:
        words = []
        for alts in self.words[:MAX_QUERY_WORDS]:
            kept = list(dict.fromkeys(x for a in alts for x in terms(a)))[:MAX_ALTERNATIVES]
            if kept:
                words.append(kept)
        return SearchQuery(words=words, entities=[n for n in self.entities if terms(n)])

    @property
    def empty(self) -> bool:
        return not self.words and not self.entities

    def fts5(self) -> str:
        groups = ["(" + " OR ".join(f'"{a}"' for a in alts) + ")" for alts in self.words]
        groups += [f'"{entity_facet(n)}"' for n in self.entities]
        return " AND ".join(groups)

    def tsquery(self) -> str:
        groups = ["(" + " | ".join(f"'{a}'" for a in alts) + ")" for alts in self.words]
        groups += [f"'{entity_facet(n)}'" for n in self.entities]
        return " & ".join(groups)


@dataclass(slots=True)
class SearchHits:
    ids: list[int]  # the page asked for, in order
    total: int  # the matches one can page through: at most MAX_COUNTED, or by relevance
    # MAX_CANDIDATES


_MATCH = {
    "sqlite": "FROM article_fts WHERE article_fts MATCH :q",
    "postgresql": "FROM article_fts WHERE doc @@ CAST(:q AS tsquery)",
}


def _params(c: Connection, query: SearchQuery) -> dict[str, str]:
    return {"q": query.fts5() if c.dialect.name == "sqlite" else query.tsquery()}


def _match(c: Connection) -> Any:
    """Articles whose ids the index matches: a subquery the database runs once. On SQLite the
    id is written ``+id`` so that the planner walks the date index and looks each id up in
    the matches, instead of reading every matching article's (wide) row to sort them."""
    ids = text("SELECT rowid " + _MATCH[c.dialect.name])
    if c.dialect.name == "sqlite":
        return literal_column("+articles.id").in_(ids)
    return t.articles.c.id.in_(ids)


def _count(c: Connection, query: SearchQuery, conditions: list[Any], cap: int) -> int:
    """Matches, counted up to ``cap`` (an exact count of a common word reads every match)."""
    if not conditions:  # the index alone knows
        q: Any = text(f"SELECT count(*) FROM (SELECT 1 {_MATCH[c.dialect.name]} LIMIT {int(cap)}) m")
    else:
        q = select(func.count()).select_from(
            select(t.articles.c.id).where(_match(c), *conditions).limit(cap).subquery())
    return int(c.scalar(q, _params(c, query)) or 0)


def search_ids(c: Connection, query: SearchQuery, flt: ArticleFilter | None = None, *,
               order: SearchOrder = SearchOrder.RELEVANCE, limit: int = 50,
               offset: int = 0) -> SearchHits:
    """Ids of the articles matching ``query`` within ``flt``, by relevance or newest first."""
    query = query.cleaned()
    if query.empty:
        return SearchHits([], 0)
    a = t.articles.c
    conditions = (flt or ArticleFilter()).conditions()
    params = _params(c, query)
    cap = MAX_COUNTED if order is SearchOrder.TIME else MAX_CANDIDATES
    total = _count(c, query, conditions, cap)
    newest = select(a.id).where(and_(_match(c), *conditions)).order_by(a.sort_at.desc(),
                                                                       a.id.desc())
    if order is SearchOrder.TIME:
        ids = list(c.scalars(newest.limit(limit).offset(offset), params))
        return SearchHits(ids, total)
    ids = list(c.scalars(newest.limit(MAX_CANDIDATES), params))
    return SearchHits(_by_relevance(c, query, ids)[offset:offset + limit], total)


def _by_relevance(c: Connection, query: SearchQuery, ids: list[int]) -> list[int]:
    """``ids`` (newest first) reordered by where the query's words are: title, tags, text."""
    docs: dict[int, tuple[set[str], set[str]]] = {}
    for part in range(0, len(ids), 500):  # ids are the database's own integers
        listed = ",".join(str(int(i)) for i in ids[part:part + 500])
        rows = c.execute(text(f"SELECT rowid, title, tags FROM article_fts WHERE rowid IN ({listed})"))
        for rowid, title, tags in rows:
            docs[int(rowid)] = (set((title or "").split()), set((tags or "").split()))
    words = [set(alts) for alts in query.words]

    def score(aid: int) -> int:
        title, tags = docs.get(aid, (set(), set()))
        return sum(TITLE_WEIGHT if not title.isdisjoint(alts) else
                   TAG_WEIGHT if not tags.isdisjoint(alts) else 1 for alts in words)

    scores = {aid: score(aid) for aid in ids}
    return sorted(ids, key=lambda aid: -scores[aid])  # stable: newest first among equals


def reindex(c: Connection, *, chunk: int = 500) -> int:
    """Rebuild every article's index document from the stored article (used by migrations)."""
    a = t.articles.c
    c.execute(text("DELETE FROM article_fts"))
    last, done = 0, 0
    while True:
        rows = c.execute(select(a.id, a.data, a.enrichment).where(a.id > last)
                         .order_by(a.id).limit(chunk)).all()
        if not rows:
            return done
        write_index(c, [index_row(r.id, Article.from_dict(r.data),
                                  Enrichment.from_dict(r.enrichment)) for r in rows])
        last, done = rows[-1].id, done + len(rows)
