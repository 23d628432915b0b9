"""The database schema (SQLAlchemy Core). Alembic migrations under ``migrations/`` create it.

Timestamps are stored in UTC; ``UTCDateTime`` gives them back timezone-aware on every backend.
The full article and its enrichment are kept as JSON beside the columns the site sorts and filters by.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("name", String(300), nullable=False, default=""),
    Column("kind", String(20), nullable=False, default="auto"),
    Column("homepage", String(2048)),
    Column("language", String(10)),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("article_pattern", String(500)),
    Column("rules", Text),  # OutletRules as JSON, set by hand
    # Polling state.
    Column("etag", String(500)),
    Column("last_modified", String(100)),
    Column("poll_interval", Float, nullable=False, default=900.0),
    Column("next_poll_at", UTCDateTime),
    Column("last_polled_at", UTCDateTime),
    Column("failures", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("weight", Float, nullable=False, default=1.0),  # the outlet's weight in ranking
)

entries = Table(
    "entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("url", String(2048), nullable=False, unique=True),
    Column("title", Text),
    Column("published", UTCDateTime),
    Column("summary", Text),
    Column("image_url", String(2048)),
    # pending -> done | failed (retried until attempts run out) | skipped
    Column("status", String(10), nullable=False, default="pending"),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_try_at", UTCDateTime),
    Column("error", Text),
    Column("article_id", Integer),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_entries_status_next", "status", "next_try_at"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("features", JSON, nullable=False),
    Column("n_articles", Integer, nullable=False, default=0),
    Column("n_sources", Integer, nullable=False, default=0),
    Column("languages", JSON, nullable=False),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("updated", UTCDateTime, nullable=False),
    Column("score", Float, nullable=False, default=0.0),
    Column("earlier", JSON, nullable=False),
    Column("touched_at", UTCDateTime),  # wall clock of the last change (updated: newest report)
    Column("merged_into", Integer),  # absorbed by this story: its URLs redirect there
    Column("titles", JSON),  # {language: the title chosen among its reports in that language}
    Column("subject", JSON),  # {"PER"|"ORG"|"LOC"|"KEY": {key: weight}}: its earlier coverage's clue
    Index("ix_stories_updated", "updated"),
    Index("ix_stories_touched_at", "touched_at"),
    Index("ix_stories_merged_into", "merged_into"),
    Index("ix_stories_score", "score", "id"),  # the top stories, read from the index's top
)

# The people, organisations and places each story names (its subject's name keys, "PER:pshn"),
# with the story's last report when it was named: a story finds its earlier coverage among the
# latest older stories naming them, however old, read from the top of (name, updated).
story_names = Table(
    "story_names",
    metadata,
    Column("name", Text, nullable=False),
    Column("story_id", Integer, nullable=False),
    Column("updated", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("name", "story_id"),
    Index("ix_story_names_story", "story_id"),
    Index("ix_story_names_latest", "name", "updated"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("url", String(2048), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("lead", Text),
    Column("published", UTCDateTime),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("language", String(10)),
    Column("category", String(30)),
    Column("is_news", Boolean, nullable=False, default=True),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="SET NULL")),
    Column("data", JSON, nullable=False),  # Article.to_dict()
    Column("enrichment", JSON, nullable=False),  # Enrichment.to_dict()
    Column("content_hash", String(64), nullable=False),
    Column("sort_at", UTCDateTime),  # published, else fetched_at: the lists' order
    Column("dup_group", Integer),  # near-duplicates (one text, rewritten) share it: the first's id
    Column("fingerprint", LargeBinary),  # the body's MinHash signature (uint32 values)
    Column("story_features", JSON),  # its own StoryFeatures: the story engine is rebuilt from them
    Index("ix_articles_published", "published"),
    Index("ix_articles_story", "story_id"),
    Index("ix_articles_sort_at", "sort_at", "id"),
    Index("ix_articles_category", "category", "sort_at"),
    Index("ix_articles_story_source", "story_id", "source_id"),
    Index("ix_articles_dup_group", "dup_group"),
    # Narrow, for searches: walked newest first, filtered and counted without the wide rows.
    Index("ix_articles_search", "sort_at", "id", "language", "source_id", "category", "story_id",
          "is_news"),
)

# LSH band keys of each article's MinHash signature: articles sharing a key are candidate
# near-duplicates, checked on their signatures.
article_bands = Table(
    "article_bands",
    metadata,
    Column("band", BigInteger, nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    PrimaryKeyConstraint("band", "article_id"),
    Index("ix_article_bands_article", "article_id"),
)

images = Table(
    "images",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("url", String(2048), nullable=False),
    Column("role", String(10), nullable=False),
    Column("alt", Text),
    Column("caption", Text),
    Column("width", Integer),
    Column("height", Integer),
    Column("media_key", String(300)),
    Column("thumbnails", JSON),
    Column("error", Text),
    UniqueConstraint("article_id", "position"),
)

templates = Table(
    "templates",
    metadata,
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    Column("data", Text, nullable=False),
    Column("pages", Integer, nullable=False),
    Column("updated", UTCDateTime, nullable=False),
)

# The full-text index (``svodka.store.search``): an FTS5 virtual table on SQLite, a table with a
# tsvector and its GIN index on PostgreSQL (both made by the migrations); described here for queries.
fts_metadata = MetaData()
article_fts = Table(
    "article_fts",
    fts_metadata,
    Column("rowid", Integer, primary_key=True),
    Column("title", Text),  # terms of the title
    Column("tags", Text),  # terms of the tags
    Column("facets", Text),  # one token per entity
)
