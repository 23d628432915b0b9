"""Articles: a ``sort_at`` column (published, else fetched) with an index, for deep paging.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from svodka.store.schema import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("sort_at", UTCDateTime))
    op.execute("UPDATE articles SET sort_at = coalesce(published, fetched_at)")
    op.create_index("ix_articles_sort_at", "articles", ["sort_at", "id"])
    op.create_index("ix_articles_category", "articles", ["category", "sort_at"])


def downgrade() -> None:
    op.drop_index("ix_articles_category", "articles")
    op.drop_index("ix_articles_sort_at", "articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("sort_at")
