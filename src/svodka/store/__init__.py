"""The store stage: SQLAlchemy 2 + Alembic; SQLite by default, PostgreSQL by URL."""

from svodka.store.store import Store
from svodka.store.stories import StoryRow

__all__ = ["Store", "StoryRow"]
