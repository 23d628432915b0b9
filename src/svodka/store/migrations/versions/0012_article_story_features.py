"""Each article's own story features (its words, names and sentence vector), so that a process
that starts over rebuilds the story engine report by report instead of from story centroids.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("story_features", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("story_features")
