"""The store stage: SQLAlchemy 2 + Alembic; SQLite by default, PostgreSQL by URL."""

from svodka.store.stories import StoryRow
from svodka.store.store import Store

__all__ = ["Store", "StoryRow"]
