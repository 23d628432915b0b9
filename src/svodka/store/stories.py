"""Story rows: the story matcher's persistent state and the site's front page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update

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


def _row(r: Any) -> StoryRow:
    return StoryRow(
        id=r.id, title=r.title, features=r.features, n_articles=r.n_articles,
        n_sources=r.n_sources, languages=list(r.languages), first_seen=r.first_seen,
        updated=r.updated, score=r.score, earlier=list(r.earlier),
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

    def add_story(self, *, title: str, features: dict[str, Any], article_id: int,
                  language: str | None, when: datetime) -> int:
        """A new story holding one article."""
        with self.engine.begin() as c:
            sid = c.execute(insert(t.stories).values(
                title=title, features=features, n_articles=1, n_sources=1,
                languages=[language] if language else [], first_seen=when, updated=when,
                score=0.0, earlier=[], touched_at=datetime.now(UTC),
            )).inserted_primary_key[0]
            c.execute(update(t.articles).where(t.articles.c.id == article_id)
                      .values(story_id=sid))
        return int(sid)

    def join_story(self, story_id: int, *, article_id: int, when: datetime,
                   features: dict[str, Any] | None = None) -> None:
        """Put an article into a story and update the story's counts, sources and languages.

        ``features`` (the story's centroid) may be left out and saved later in bulk with
        ``save_story_features``: it is the matcher's state, rewritten on every join otherwise.
        """
        a, s = t.articles.c, t.stories.c
        values: dict[str, Any] = {"touched_at": datetime.now(UTC)}
        if features is not None:
            values["features"] = features
        with self.engine.begin() as c:
            art = c.execute(select(a.source_id, a.language, a.story_id)
                            .where(a.id == article_id)).one()
            if art.story_id == story_id:  # reprocessed: already counted
                c.execute(update(t.stories).where(s.id == story_id).values(**values))
                return
            new_source = c.scalar(select(a.id).where(
                a.story_id == story_id, a.source_id == art.source_id).limit(1)) is None
            c.execute(update(t.articles).where(a.id == article_id).values(story_id=story_id))
            row = c.execute(select(s.n_articles, s.n_sources, s.languages, s.updated)
                            .where(s.id == story_id)).one()
            langs = sorted(set(row.languages) | ({art.language} if art.language else set()))
            c.execute(update(t.stories).where(s.id == story_id).values(
                n_articles=row.n_articles + 1, n_sources=row.n_sources + int(new_source),
                languages=langs, updated=max(row.updated, when), **values))

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
