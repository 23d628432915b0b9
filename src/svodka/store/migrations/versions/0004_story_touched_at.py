"""Stories: ``touched_at``, the wall-clock time of the last change (``updated`` is the newest
report's publication time), so that each worker's story matcher can pick up what others changed.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from svodka.store.schema import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("touched_at", UTCDateTime))
    op.execute("UPDATE stories SET touched_at = updated")
    op.create_index("ix_stories_touched_at", "stories", ["touched_at"])


def downgrade() -> None:
    op.drop_index("ix_stories_touched_at", "stories")
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("touched_at")
