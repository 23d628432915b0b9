"""Search index of normalised terms (``svodka.store.search``): title, text lemmas, tags and entity
facets, the same lexemes on SQLite (FTS5, ascii tokenizer) and PostgreSQL (a stored tsvector);
every stored article is reindexed.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

from svodka.store.search import reindex

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("article_fts")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE article_fts USING fts5(title, body, tags, facets, "
                   "tokenize='ascii')")
    else:
        op.create_table(
            "article_fts",
            sa.Column("rowid", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                      primary_key=True),
            sa.Column("title", sa.Text),
            sa.Column("tags", sa.Text),
            sa.Column("facets", sa.Text),
            sa.Column("doc", TSVECTOR, nullable=False),
        )
        op.execute("CREATE INDEX ix_article_fts_doc ON article_fts USING gin (doc)")
    reindex(op.get_bind())


def downgrade() -> None:
    op.drop_table("article_fts")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE article_fts USING fts5(title, lemmas, tokenize='unicode61')")
        op.execute("INSERT INTO article_fts (rowid, title, lemmas) SELECT id, title, "
                   "json_extract(enrichment, '$.lemmas') FROM articles")
        return
    op.create_table(
        "article_fts",
        sa.Column("rowid", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("lemmas", sa.Text),
    )
    op.execute("INSERT INTO article_fts (rowid, title, lemmas) SELECT id, title, "
               "enrichment::json->>'lemmas' FROM articles")
    op.execute("CREATE INDEX ix_article_fts ON article_fts USING gin (to_tsvector('simple', "
               "coalesce(title, '') || ' ' || coalesce(lemmas, '')))")
