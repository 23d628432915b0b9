"""A story as a reader sees it, for its page and its API shape: its title in the reader's
language, a short lead, its reports with near-duplicates folded ("also published by ..."), its
outlets and languages, its first and last report, and its earlier coverage as a timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from svodka.store import Store, StoryRow

from .views import Card, StoryView, story_view

MAX_REPORTS = 200  # reports read for one story page


@dataclass(slots=True)
class ReportGroup:
    """One text: the report shown, and the same text as other outlets (or the same) published it."""

    card: Card
    also: list[Card] = field(default_factory=list)

    @property
    def also_published_by(self) -> list[str]:
        """The other outlets that published this text, each once."""
        names = dict.fromkeys(c.source_name for c in self.also)
        names.pop(self.card.source_name, None)
        return list(names)


@dataclass(slots=True)
class Outlet:
    source_id: int
    name: str
    languages: list[str]
    n_reports: int


@dataclass(slots=True)
class EarlierStory:
    """An older story on the same subject: a point on the story's timeline."""

    id: int
    title: str
    first_seen: datetime
    updated: datetime
    n_sources: int


@dataclass(slots=True)
class StoryPage:
    view: StoryView
    title: str
    lead: str | None
    groups: list[ReportGroup]
    outlets: list[Outlet]
    earlier: list[EarlierStory]

    @property
    def row(self) -> StoryRow:
        return self.view.row

    @property
    def first_reported(self) -> datetime | None:
        return self.view.first_reported

    @property
    def last_reported(self) -> datetime | None:
        times = [t for t in (self.row.updated, *(c.published for c in self.view.cards)) if t]
        return max(times) if times else None


def story_page(store: Store, row: StoryRow, language: str | None) -> StoryPage | None:
    """The story's page in the reader's interface ``language``; None when it has no reports."""
    articles = store.latest_articles(story_id=row.id, limit=MAX_REPORTS)
    view = story_view(row, articles, want=640, language=language)
    if view is None:
        return None
    return StoryPage(
        view=view, title=row.title_for(language) if language in row.titles else view.lead.title,
        lead=view.lead.lead, groups=groups(view, store.duplicate_groups(
            [c.id for c in view.cards])), outlets=outlets(view.cards),
        earlier=earlier(store, row, language))


def groups(view: StoryView, group_of: dict[int, int]) -> list[ReportGroup]:
    """The reports, one per near-duplicate group: the lead's group first, shown by the lead; each
    other group by its earliest report (the original), newest groups first."""
    members: dict[int, list[Card]] = {}
    for c in view.cards:
        members.setdefault(group_of.get(c.id, c.id), []).append(c)
    out = []
    for cards in members.values():
        shown = view.lead if view.lead in cards else min(cards, key=_time)
        out.append(ReportGroup(card=shown, also=sorted((c for c in cards if c is not shown),
                                                       key=_time)))
    lead, rest = out[0], out[1:]
    rest.sort(key=lambda g: (_time(g.card)[0], -_time(g.card)[1], g.card.id))
    return [lead, *rest]


def outlets(cards: list[Card]) -> list[Outlet]:
    """The story's outlets, those with most reports first (then by name)."""
    found: dict[int, Outlet] = {}
    for c in cards:
        o = found.setdefault(c.source_id, Outlet(c.source_id, c.source_name, [], 0))
        o.n_reports += 1
        if c.language and c.language not in o.languages:
            o.languages.append(c.language)
    return sorted(found.values(), key=lambda o: (-o.n_reports, o.name.casefold(), o.source_id))


def earlier(store: Store, row: StoryRow, language: str | None) -> list[EarlierStory]:
    """The story's earlier coverage, newest first, each titled in the reader's language."""
    if not row.earlier:
        return []
    found = [store.story(sid) for sid in row.earlier]
    items = [EarlierStory(id=r.id, title=r.title_for(language), first_seen=r.first_seen,
                          updated=r.updated, n_sources=r.n_sources)
             for r in found if r is not None and r.n_articles > 0 and r.merged_into is None]
    return sorted(items, key=lambda e: (-e.first_seen.timestamp(), e.id))


def _time(c: Card) -> tuple[bool, float]:
    return (c.published is None, c.published.timestamp() if c.published else 0.0)

