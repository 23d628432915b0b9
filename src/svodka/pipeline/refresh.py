"""What the site shows of the stories that changed: their titles, rank keys, subjects and earlier
coverage, recomputed from their reports by whichever process stored them."""

from __future__ import annotations

from datetime import datetime, timedelta

from svodka.records import Enrichment
from svodka.store import Store, StoryRow
from svodka.store.stories import StoryMember, StoryShown, subject_names
from svodka.stories import coverage, ranking, titles
from svodka.stories.features import stored_vector

EARLIER_POOL = 2000  # older stories searched for earlier coverage (the most recently updated)
# ... and, however old, up to as many naming one of the same people, organisations or places: at
# most this many per name, the latest (a city or a president is named by thousands).
EARLIER_PER_NAME = 50


def refresh_stories(store: Store, rows: list[StoryRow]) -> int:
    """Name, rank and link the given stories; returns how many were refreshed."""
    rows = [r for r in rows if r.n_articles > 0 and r.merged_into is None]
    members = store.story_members([r.id for r in rows])
    shown = [_shown(r, members[r.id]) for r in rows if members.get(r.id)]
    if shown:
        by_id = {r.id: r for r in rows}
        began = max(by_id[x.id].first_seen for x in shown)
        fresh = {x.id: x.subject for x in shown}  # not stored yet
        index = coverage.CoverageIndex([
            _covered(o, fresh.get(o.id, o.subject))
            for o in _older(store, began, [x.subject for x in shown])
            if fresh.get(o.id, o.subject)])
        for x in shown:
            x.earlier = index.earlier(_covered(by_id[x.id], x.subject))
    store.set_story_shown(shown)
    return len(shown)


def _older(store: Store, began: datetime, subjects: list[coverage.Subject]) -> list[StoryRow]:
    """The older stories searched for earlier coverage: the most recently updated, and those
    naming what the refreshed stories name."""
    recent = store.story_rows(before=began, limit=EARLIER_POOL)
    held = {o.id for o in recent}
    named = store.stories_named({n for subj in subjects for n in subject_names(subj)},
                                before=began, per_name=EARLIER_PER_NAME, limit=EARLIER_POOL)
    return recent + [o for o in named if o.id not in held]


def _covered(row: StoryRow, subject: coverage.Subject) -> coverage.Covered:
    return coverage.Covered(row.id, subject, row.first_seen, row.updated,
                            vector=stored_vector(row.features or {}),
                            langs=frozenset(row.languages or ()))


def _shown(row: StoryRow, members: list[StoryMember]) -> StoryShown:
    reports = [titles.Report(article_id=m.article_id, title=m.title, language=m.language,
                             when=m.when, lead=m.lead) for m in members]
    facts = titles.story_facts(reports)  # found once, for the title and those per language
    by_language = titles.titles_by_language(reports, facts)
    best = titles.choose(reports, facts)
    weights = {m.source_id: m.source_weight for m in members}
    recent = row.updated - timedelta(hours=ranking.VELOCITY_HOURS)
    stats = ranking.StoryStats(
        id=row.id, n_articles=len(members), n_sources=len(weights),
        n_languages=max(1, len(by_language)), first_seen=row.first_seen, updated=row.updated,
        outlet_weight=sum(weights.values()),
        recent_reports=sum(1 for m in members if m.when >= recent))
    return StoryShown(
        id=row.id, title=best.title if best else row.title,
        titles={lang: r.title for lang, r in by_language.items()},
        score=ranking.rank_key(stats),
        subject=coverage.subject([Enrichment(entities=m.entities, keywords=m.keywords)
                                  for m in members]))
