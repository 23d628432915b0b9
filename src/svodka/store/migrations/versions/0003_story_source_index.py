"""Articles: an index on (story_id, source_id), for counting a story's outlets as it grows.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_articles_story_source", "articles", ["story_id", "source_id"])


def downgrade() -> None:
    op.drop_index("ix_articles_story_source", "articles")
