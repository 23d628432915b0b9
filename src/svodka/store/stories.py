"""Story rows: the story matcher's persistent state and the site's front page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from svodka.store import schema as t

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass(slots=True)
class StoryRow:
    id: int
    title: str
    features: dict[str, Any]
    n_articles: int
    n_sources: int
    languages: list[str]
    first_seen: datetime
    updated: datetime
    score: float
    earlier: list[int]
    titles: dict[str, str] = field(default_factory=dict)  # language -> title
    merged_into: int | None = None  # absorbed by this story: its URLs redirect there

    def title_for(self, language: str | None) -> str:
        """The story's title in ``language`` when one of its reports is in it, else its title."""
        return self.titles.get(language or "", self.title) or self.title


def _row(r: Any) -> StoryRow:
    return StoryRow(
        id=r.id, title=r.title, features=r.features, n_articles=r.n_articles,
        n_sources=r.n_sources, languages=list(r.languages), first_seen=r.first_seen,
        updated=r.updated, score=r.score, earlier=list(r.earlier), titles=dict(r.titles or {}),
        merged_into=r.merged_into,
    )


class StoryStore:
    engine: Engine

    def story_rows(
        self, *, updated_since: datetime | None = None, before: datetime | None = None,
        touched_since: datetime | None = None, limit: int = 2000, order: str = "updated",
    ) -> list[StoryRow]:
        s = t.stories.c
        q = select(t.stories).where(s.n_articles > 0).limit(limit)  # emptied by reprocessing
        q = q.order_by(s.score.desc() if order == "score" else s.updated.desc(), s.id.desc())
        if updated_since is not None:
            q = q.where(s.updated >= updated_since)
        if before is not None:
            q = q.where(s.first_seen < before)
        if touched_since is not None:
            q = q.where(s.touched_at >= touched_since)
        with self.engine.connect() as c:
            return [_row(r) for r in c.execute(q)]

    def story(self, story_id: int) -> StoryRow | None:
        with self.engine.connect() as c:
            r = c.execute(select(t.stories).where(t.stories.c.id == story_id)).first()
        return _row(r) if r else None

    def story_redirect(self, story_id: int) -> int | None:
        """The story that absorbed ``story_id`` (merges keep it current), or None."""
        with self.engine.connect() as c:
            return c.scalar(select(t.stories.c.merged_into).where(t.stories.c.id == story_id))

    def duplicate_groups(self, article_ids: list[int]) -> dict[int, int]:
        """Each article's near-duplicate group (its own id when it has none)."""
        a = t.articles.c
        with self.engine.connect() as c:
            return {r.id: r.dup_group or r.id for r in c.execute(
                select(a.id, a.dup_group).where(a.id.in_(article_ids)).order_by(a.id))}

    def set_story_scores(self, scores: list[tuple[int, float]]) -> None:
        if not scores:
            return
        with self.engine.begin() as c:
            for sid, score in scores:
                c.execute(update(t.stories).where(t.stories.c.id == sid).values(score=score))

    def set_story_earlier(self, story_id: int, earlier: list[int]) -> None:
        with self.engine.begin() as c:
            c.execute(update(t.stories).where(t.stories.c.id == story_id)
                      .values(earlier=earlier))
