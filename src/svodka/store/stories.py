"""Story rows: the story matcher's persistent state and the site's front page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, insert, select, union_all, update

from svodka.store import schema as t

if TYPE_CHECKING:
    from sqlalchemy import Engine

CHUNK = 500  # story ids (or names) per query
# The kinds of a story's subject kept as its names (``story_names``): what earlier coverage
# needs a story to share ("KEY" keywords alone never make it).
NAME_KINDS = ("PER", "ORG", "LOC")
NAMES_PER_QUERY = 100  # one query reads the latest stories of this many names (a UNION ALL)

_SHOWN = (update(t.stories).where(t.stories.c.id == bindparam("sid")).values(
    title=bindparam("t"), titles=bindparam("ts"), score=bindparam("sc"), subject=bindparam("su"),
    earlier=bindparam("e")))


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
    subject: dict[str, dict[str, float]] = field(default_factory=dict)  # for earlier coverage

    def title_for(self, language: str | None) -> str:
        """The story's title in ``language`` when one of its reports is in it, else its title."""
        return self.titles.get(language or "", self.title) or self.title


def _row(r: Any) -> StoryRow:
    return StoryRow(
        id=r.id, title=r.title, features=r.features, n_articles=r.n_articles,
        n_sources=r.n_sources, languages=list(r.languages), first_seen=r.first_seen,
        updated=r.updated, score=r.score, earlier=list(r.earlier), titles=dict(r.titles or {}),
        merged_into=r.merged_into, subject=dict(r.subject or {}),
    )


@dataclass(slots=True)
class StoryMember:
    """A story's report, as far as naming, ranking and linking the story go."""

    article_id: int
    source_id: int
    source_weight: float
    title: str
    language: str | None
    when: datetime  # published, else fetched
    lead: str | None
    entities: dict[str, list[str]]
    keywords: list[str]


@dataclass(slots=True)
class StoryShown:
    """What the site shows of a story beyond its reports, recomputed as they come."""

    id: int
    title: str
    titles: dict[str, str]
    score: float  # rank key: stories sorted by it are sorted by their score now
    subject: dict[str, dict[str, float]]
    earlier: list[int] = field(default_factory=list)


def subject_names(subject: dict[str, dict[str, float]] | None) -> list[str]:
    """A story subject's names as ``story_names`` keeps them: ``"PER:pshn"``."""
    return [f"{kind}:{key}" for kind in NAME_KINDS for key in sorted((subject or {}).get(kind) or {})]


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

    def story_members(self, story_ids: list[int]) -> dict[int, list[StoryMember]]:
        """The reports of each story, oldest first."""
        a, src = t.articles.c, t.sources.c
        out: dict[int, list[StoryMember]] = {sid: [] for sid in story_ids}
        with self.engine.connect() as c:
            for chunk in range(0, len(story_ids), CHUNK):
                rows = c.execute(
                    select(a.id, a.story_id, a.source_id, src.weight, a.title, a.language,
                           a.sort_at, a.lead, a.enrichment)
                    .join(t.sources, src.id == a.source_id)
                    .where(a.story_id.in_(story_ids[chunk:chunk + CHUNK]))
                    .order_by(a.sort_at, a.id))
                for r in rows:
                    e = r.enrichment or {}
                    out[r.story_id].append(StoryMember(
                        article_id=r.id, source_id=r.source_id, source_weight=r.weight,
                        title=r.title, language=r.language, when=r.sort_at, lead=r.lead,
                        entities=e.get("entities") or {}, keywords=e.get("keywords") or []))
        return out

    def story_reports(self, story_ids: list[int]) -> dict[int, list[tuple[int, dict | None]]]:
        """Each story's reports as ``(article id, its own story features)`` in id order; the
        features are None for an article stored before they were kept."""
        a = t.articles.c
        out: dict[int, list[tuple[int, dict | None]]] = {sid: [] for sid in story_ids}
        with self.engine.connect() as c:
            for chunk in range(0, len(story_ids), CHUNK):
                rows = c.execute(select(a.id, a.story_id, a.story_features)
                                 .where(a.story_id.in_(story_ids[chunk:chunk + CHUNK]))
                                 .order_by(a.id))
                for r in rows:
                    out[r.story_id].append((int(r.id), r.story_features))
        return out

    def set_story_shown(self, shown: list[StoryShown]) -> None:
        """Store the titles, rank keys, subjects and earlier coverage of stories at once."""
        if not shown:
            return
        with self.engine.begin() as c:
            c.execute(_SHOWN, [{"sid": x.id, "t": x.title, "ts": x.titles, "sc": x.score,
                                "su": x.subject, "e": x.earlier} for x in shown])
            for at in range(0, len(shown), CHUNK):
                part = shown[at:at + CHUNK]
                ids = [x.id for x in part]
                c.execute(delete(t.story_names).where(t.story_names.c.story_id.in_(ids)))
                updated = dict(c.execute(select(t.stories.c.id, t.stories.c.updated)
                                         .where(t.stories.c.id.in_(ids))).all())
                names = [{"name": n, "story_id": x.id, "updated": updated[x.id]}
                         for x in part if x.id in updated for n in subject_names(x.subject)]
                if names:
                    c.execute(insert(t.story_names), names)

    def stories_named(self, names: Iterable[str], *, before: datetime, per_name: int,
                      limit: int) -> list[StoryRow]:
        """The stories last updated before ``before`` that name any of ``names`` (see
        ``subject_names``): for each name its ``per_name`` latest, read from the top of the
        name's index (a city named by a million stories costs what a rare name does); at most
        ``limit`` stories, those of the names fewest stories share first."""
        n, s = t.story_names.c, t.stories.c
        wanted = sorted(set(names)) if per_name > 0 else []
        naming: dict[str, list[int]] = {}
        with self.engine.connect() as c:
            for at in range(0, len(wanted), NAMES_PER_QUERY):
                for name, sid in c.execute(union_all(*(
                        select(n.name, n.story_id).where(n.name == name, n.updated < before)
                        .order_by(n.updated.desc()).limit(per_name).subquery().select()
                        for name in wanted[at:at + NAMES_PER_QUERY]))):
                    naming.setdefault(name, []).append(sid)
            ids: dict[int, None] = {}
            for name in sorted(naming, key=lambda k: (len(naming[k]), k)):
                ids.update(dict.fromkeys(naming[name][:max(0, limit - len(ids))]))
            found = sorted(ids)
            return [_row(r) for at in range(0, len(found), CHUNK) for r in c.execute(
                select(t.stories).where(s.id.in_(found[at:at + CHUNK]), s.n_articles > 0,
                                        s.merged_into.is_(None)))]

    def set_source_weight(self, source_id: int, weight: float) -> None:
        """An outlet's weight in ranking (1 by default)."""
        with self.engine.begin() as c:
            c.execute(update(t.sources).where(t.sources.c.id == source_id)
                      .values(weight=weight))

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
