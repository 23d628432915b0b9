"""Initial schema: sources, entries, stories, articles, images, templates, full-text index.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from svodka.store.schema import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.String(2048), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("homepage", sa.String(2048)),
        sa.Column("language", sa.String(10)),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("article_pattern", sa.String(500)),
        sa.Column("etag", sa.String(500)),
        sa.Column("last_modified", sa.String(100)),
        sa.Column("poll_interval", sa.Float, nullable=False),
        sa.Column("next_poll_at", UTCDateTime),
        sa.Column("last_polled_at", UTCDateTime),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("url", sa.String(2048), nullable=False, unique=True),
        sa.Column("title", sa.Text),
        sa.Column("published", UTCDateTime),
        sa.Column("summary", sa.Text),
        sa.Column("image_url", sa.String(2048)),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_try_at", UTCDateTime),
        sa.Column("error", sa.Text),
        sa.Column("article_id", sa.Integer),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_entries_status_next", "entries", ["status", "next_try_at"])
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("features", sa.JSON, nullable=False),
        sa.Column("n_articles", sa.Integer, nullable=False),
        sa.Column("n_sources", sa.Integer, nullable=False),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("first_seen", UTCDateTime, nullable=False),
        sa.Column("updated", UTCDateTime, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("earlier", sa.JSON, nullable=False),
    )
    op.create_index("ix_stories_updated", "stories", ["updated"])
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("url", sa.String(2048), nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("lead", sa.Text),
        sa.Column("published", UTCDateTime),
        sa.Column("fetched_at", UTCDateTime, nullable=False),
        sa.Column("language", sa.String(10)),
        sa.Column("category", sa.String(30)),
        sa.Column("is_news", sa.Boolean, nullable=False),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="SET NULL")),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("enrichment", sa.JSON, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_story", "articles", ["story_id"])
    op.create_table(
        "images",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("alt", sa.Text),
        sa.Column("caption", sa.Text),
        sa.Column("width", sa.Integer),
        sa.Column("height", sa.Integer),
        sa.Column("media_key", sa.String(300)),
        sa.Column("thumbnails", sa.JSON),
        sa.Column("error", sa.Text),
        sa.UniqueConstraint("article_id", "position"),
    )
    op.create_table(
        "templates",
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("updated", UTCDateTime, nullable=False),
    )
    # Full-text search over pre-lemmatised text (sqlite3 here cannot load stemming extensions).
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE article_fts USING fts5(title, lemmas, tokenize='unicode61')")
    else:
        op.create_table(
            "article_fts",
            sa.Column("rowid", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                      primary_key=True),
            sa.Column("title", sa.Text),
            sa.Column("lemmas", sa.Text),
        )
        op.execute(
            "CREATE INDEX ix_article_fts ON article_fts "
            "USING gin (to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(lemmas, '')))"
        )


def downgrade() -> None:
    for name in ("article_fts", "templates", "images", "articles", "stories", "entries", "sources"):
        op.drop_table(name)
