"""Stories as a reader sees them: a merged story points at its survivor (``merged_into``, so its
old URLs redirect), a title per language, each article's near-duplicate group with its MinHash
signature and LSH band keys (``article_bands``), and a weight per source for ranking.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("merged_into", sa.Integer))
        batch.add_column(sa.Column("titles", sa.JSON))
    op.create_index("ix_stories_merged_into", "stories", ["merged_into"])
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("dup_group", sa.Integer))
        batch.add_column(sa.Column("fingerprint", sa.LargeBinary))
    op.create_index("ix_articles_dup_group", "articles", ["dup_group"])
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("weight", sa.Float, nullable=False, server_default="1"))
    op.create_table(
        "article_bands",
        sa.Column("band", sa.BigInteger, nullable=False),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.PrimaryKeyConstraint("band", "article_id"),
    )
    op.create_index("ix_article_bands_article", "article_bands", ["article_id"])


def downgrade() -> None:
    op.drop_table("article_bands")
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("weight")
    op.drop_index("ix_articles_dup_group", "articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("fingerprint")
        batch.drop_column("dup_group")
    op.drop_index("ix_stories_merged_into", "stories")
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("titles")
        batch.drop_column("merged_into")
