"""People, organisations and places as pages: one key per entity, and an index from keys to articles."""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, select

from svodka.store import Store
from svodka.store import schema as t
from svodka.words import normalize_word

from .queries import story_titles
from .reads import articles_by_id
from .views import Card, card

# Check the store for new articles at most this often (seconds): the index is shared by requests.
REFRESH_SECONDS = 2.0
# Articles read per query while indexing (bounded memory, short transactions).
SCAN_CHUNK = 5000
# Keys longer than this are not names (a sentence the recogniser took for one).
MAX_KEY_CHARS = 120
NOT_NAME_RE = re.compile(r"[^\w\s'\-]+")
SPACE_RE = re.compile(r"\s+")
# An entity page reads this many of the latest articles naming them (their stories come from
# these), shows this many, and this many quotes (a few per article at most).
PAGE_ARTICLES = 200
PAGE_ARTICLES_SHOWN = 30
PAGE_STORIES = 20
PAGE_QUOTES = 20
MAX_QUOTES_PER_ARTICLE = 3


class EntityKind(Enum):
    """The recogniser's labels, with the site path and the interface string of each."""

    PER = ("people", "person")
    ORG = ("organisations", "organisation")
    LOC = ("places", "place")

    @property
    def path(self) -> str:
        return self.value[0]

    @property
    def label(self) -> str:
        return self.value[1]

    @classmethod
    def by_path(cls, path: str) -> EntityKind | None:
        return next((k for k in cls if k.path == path), None)


@dataclass(frozen=True, slots=True)
class EntityRef:
    """One entity named in an article: its kind, the name as written, and its key."""

    kind: EntityKind
    name: str
    key: str

    @property
    def href(self) -> str:
        return f"/{self.kind.path}/{quote(self.key, safe='')}"


def normalise_name(name: str) -> str:
    """Case, apostrophes, ё and punctuation folded; the key until the enrichment gives one."""
    text = normalize_word(unicodedata.normalize("NFKC", name))
    return SPACE_RE.sub(" ", NOT_NAME_RE.sub(" ", text)).strip()[:MAX_KEY_CHARS]


def _mention(item: Any) -> tuple[str, str | None]:
    """(name, key or None) from an entity as stored: a plain name, or a record with a key."""
    if isinstance(item, str):
        return item, None
    if isinstance(item, dict):
        name = item.get("text") or item.get("name") or item.get("mention") or ""
        return str(name), item.get("key")
    return str(getattr(item, "text", getattr(item, "name", ""))), getattr(item, "key", None)


def entity_key(name: str, key: str | None = None) -> str:
    """The page key of an entity: the enrichment's canonical key when it has one."""
    return normalise_name(key) if key else normalise_name(name)


def entity_refs(entities: dict[str, Iterable[Any]] | None) -> list[EntityRef]:
    """Every distinct entity of an enrichment's ``entities``, in the recogniser's order."""
    out: dict[tuple[EntityKind, str], EntityRef] = {}
    for kind in EntityKind:
        for item in (entities or {}).get(kind.name) or []:
            name, key = _mention(item)
            k = entity_key(name, key)
            if k and name.strip():
                out.setdefault((kind, k), EntityRef(kind, name.strip(), k))
    return list(out.values())


def speaker_key(quote: Any) -> str | None:
    """The key of a quote's speaker (its own key when the enrichment gives one)."""
    speaker = quote.get("speaker") if isinstance(quote, dict) else getattr(quote, "speaker", None)
    given = quote.get("speaker_key") if isinstance(quote, dict) else getattr(
        quote, "speaker_key", None)
    return entity_key(speaker or "", given) or None if speaker or given else None


@dataclass(slots=True)
class EntityEntry:
    """What the index knows of one entity."""

    kind: EntityKind
    names: Counter[str] = field(default_factory=Counter)
    articles: list[int] = field(default_factory=list)  # ascending ids
    quoted_in: list[int] = field(default_factory=list)  # articles quoting them
    languages: set[str] = field(default_factory=set)
    sources: set[int] = field(default_factory=set)

    @property
    def name(self) -> str:
        return self.names.most_common(1)[0][0] if self.names else ""


class EntityIndex:
    """Keys to the articles that name them, kept in memory and brought up to date from the
    store's new articles (by id) at most every ``REFRESH_SECONDS``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.entries: dict[tuple[EntityKind, str], EntityEntry] = {}
        self.last_id = 0
        self.checked = 0.0
        self.lock = threading.Lock()

    def get(self, kind: EntityKind, key: str) -> EntityEntry | None:
        self.refresh()
        return self.entries.get((kind, key))

    def refresh(self, *, force: bool = False) -> None:
        with self.lock:
            if not force and time.monotonic() - self.checked < REFRESH_SECONDS:
                return
            while self._scan_chunk():
                pass
            self.checked = time.monotonic()

    def _scan_chunk(self) -> bool:
        a = t.articles.c
        q = (select(a.id, a.source_id, a.language, a.enrichment["entities"].label("ents"),
                    a.enrichment["quotes"].label("quotes"))
             .where(a.id > self.last_id, a.is_news.is_(True)).order_by(a.id).limit(SCAN_CHUNK))
        with self.engine.connect() as c:
            rows = c.execute(q).all()
        for r in rows:
            self._add(r.id, r.source_id, r.language, r.ents, r.quotes)
        if rows:
            self.last_id = rows[-1].id
        return len(rows) == SCAN_CHUNK

    def _add(self, aid: int, source_id: int, language: str | None, ents: Any, quotes: Any) -> None:
        for ref in entity_refs(ents if isinstance(ents, dict) else None):
            entry = self.entries.setdefault((ref.kind, ref.key), EntityEntry(ref.kind))
            entry.names[ref.name] += 1
            entry.articles.append(aid)
            entry.sources.add(source_id)
            if language:
                entry.languages.add(language)
        for key in {speaker_key(q) for q in quotes or [] if isinstance(q, dict)} - {None}:
            entry = self.entries.get((EntityKind.PER, key)) or self.entries.get(
                (EntityKind.ORG, key))
            if entry is not None and (not entry.quoted_in or entry.quoted_in[-1] != aid):
                entry.quoted_in.append(aid)



@dataclass(slots=True)
class Said:
    """A quote of the entity and the article it is in."""

    text: str
    article: Card


@dataclass(slots=True)
class EntityPage:
    kind: EntityKind
    key: str
    name: str
    other_names: list[str]
    languages: list[str]
    n_outlets: int
    n_articles: int
    said: list[Said]
    stories: list[tuple[int, str]]
    articles: list[Card]


def entity_page(store: Store, index: EntityIndex, kind: EntityKind, key: str
                ) -> EntityPage | None:
    """What one entity's page shows: their quotes, the stories and articles naming them."""
    entry = index.get(kind, key)
    if entry is None:
        return None
    recent = articles_by_id(store, entry.articles[-PAGE_ARTICLES:][::-1])
    recent.sort(key=lambda x: (x.published, x.id), reverse=True)
    said: list[Said] = []
    for art in articles_by_id(store, entry.quoted_in[-PAGE_QUOTES:][::-1]):
        said += [Said(q.text, card(art, want=320)) for q in art.enrichment.quotes
                 if speaker_key(q) == key][:MAX_QUOTES_PER_ARTICLE]
    story_ids = list(dict.fromkeys(x.story_id for x in recent if x.story_id is not None))
    titles = story_titles(store.engine, story_ids[:PAGE_STORIES])
    return EntityPage(
        kind=kind, key=key, name=entry.name, other_names=[n for n in entry.names if n != entry.name],
        languages=sorted(entry.languages), n_outlets=len(entry.sources),
        n_articles=len(entry.articles), said=said[:PAGE_QUOTES],
        stories=[(sid, titles[sid]) for sid in story_ids if sid in titles],
        articles=[card(x, want=320) for x in recent[:PAGE_ARTICLES_SHOWN]])
