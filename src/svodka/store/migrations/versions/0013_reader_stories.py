"""Stories as reader-app items: each exposed story's stable item id, each user's read and starred
stories.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_items",
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("item_id", sa.BigInteger, nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "user_stories",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("is_read", sa.Boolean, nullable=False),
        sa.Column("is_starred", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "story_id"),
    )


def downgrade() -> None:
    op.drop_table("user_stories")
    op.drop_table("story_items")
