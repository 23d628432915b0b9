"""Stories: ``subject``, what a story is about (its people, organisations, places and keywords,
from its reports' enrichment), kept so that later stories find their earlier coverage without
reading every older report.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("subject", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("subject")
