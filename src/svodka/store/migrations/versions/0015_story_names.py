"""Stories: ``story_names``, the people, organisations and places each story names (with its last
report's time), so that a story finds its earlier coverage among the latest older stories naming
them however old they are (before, only the 2,000 most recently updated stories were searched:
about a day of a busy site's news). Filled from the stories' stored subjects.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

from svodka.store.schema import UTCDateTime

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

KINDS = ("PER", "ORG", "LOC")  # svodka.store.stories.NAME_KINDS when this was written


def upgrade() -> None:
    names = op.create_table(
        "story_names",
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("story_id", sa.Integer, nullable=False),
        sa.Column("updated", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("name", "story_id"),
    )
    op.create_index("ix_story_names_story", "story_names", ["story_id"])
    op.create_index("ix_story_names_latest", "story_names", ["name", "updated"])
    bind = op.get_bind()
    stories = sa.table("stories", sa.column("id", sa.Integer), sa.column("subject", sa.JSON),
                       sa.column("updated", UTCDateTime))
    rows = []
    for sid, subject, updated in bind.execute(
            sa.select(stories.c.id, stories.c.subject, stories.c.updated)):
        for kind in KINDS:
            rows += [{"name": f"{kind}:{key}", "story_id": sid, "updated": updated}
                     for key in sorted((subject or {}).get(kind) or {})]
    if rows:
        op.bulk_insert(names, rows)


def downgrade() -> None:
    op.drop_index("ix_story_names_latest", table_name="story_names")
    op.drop_index("ix_story_names_story", table_name="story_names")
    op.drop_table("story_names")
