"""Hosts' request pacing shared by every process that crawls into this database: the time the
next request to a host may start, and a hold the host asked for (Retry-After).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "host_pace",
        sa.Column("host", sa.String(300), primary_key=True),
        sa.Column("next_at", sa.Float, nullable=False),  # Unix time
        sa.Column("hold_until", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("host_pace")
