"""Changes to a source made by hand (the admin): pause or resume, rename, set its language and
outlet rules, poll it now, remove it with its articles."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, update

from svodka.records import OutletRules
from svodka.store import schema as t


class SourceEdits:
    def __init__(self, store: Any) -> None:
        self.store = store
        self.engine: Engine = store.engine

    def _set(self, source_id: int, **values: Any) -> bool:
        with self.engine.begin() as c:
            n = c.execute(update(t.sources).where(t.sources.c.id == source_id)
                          .values(**values)).rowcount
        return bool(n)

    def set_enabled(self, source_id: int, enabled: bool) -> bool:
        return self._set(source_id, enabled=enabled)

    def poll_now(self, source_id: int) -> bool:
        """Make the source due: the scheduler or the next crawl polls it first."""
        return self._set(source_id, next_poll_at=datetime.now(UTC))

    def edit(self, source_id: int, *, name: str, language: str | None,
             rules: OutletRules | None) -> bool:
        return self._set(source_id, name=name, language=language,
                         rules=rules.to_json() if rules else None)

    def remove(self, source_id: int) -> bool:
        """The source, its queue and its articles (stories recounted)."""
        self.store.delete_articles(source_id=source_id)
        with self.engine.begin() as c:
            c.execute(delete(t.entries).where(t.entries.c.source_id == source_id))
            c.execute(delete(t.templates).where(t.templates.c.source_id == source_id))
            n = c.execute(delete(t.sources).where(t.sources.c.id == source_id)).rowcount
        return bool(n)
