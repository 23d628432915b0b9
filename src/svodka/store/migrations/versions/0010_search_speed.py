"""Search at scale: the SQLite index document's short columns first (title, tags, facets, then the
long text), so that ranking reads titles and tags without the text's overflow pages; and one
narrow index over the columns lists filter and sort by, so that a search walks it newest first and
counts matches without reading any article's wide row. Every stored article is reindexed on SQLite.

Revision ID: 0010
Revises: 0009
"""

from alembic import op

from svodka.store.search import reindex

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_COLUMNS = ["sort_at", "id", "language", "source_id", "category", "story_id", "is_news"]


def upgrade() -> None:
    op.create_index("ix_articles_search", "articles", _COLUMNS)
    if op.get_bind().dialect.name == "sqlite":
        op.drop_table("article_fts")
        op.execute("CREATE VIRTUAL TABLE article_fts USING fts5(title, tags, facets, body, "
                   "tokenize='ascii')")
        reindex(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_articles_search", "articles")
    if op.get_bind().dialect.name == "sqlite":
        op.drop_table("article_fts")
        op.execute("CREATE VIRTUAL TABLE article_fts USING fts5(title, body, tags, facets, "
                   "tokenize='ascii')")
        reindex(op.get_bind())
