"""Story ranking: many outlets (by their weight), reported fast, in several languages, fresh."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

HALF_LIFE_HOURS = 12.0  # a story's weight halves every this many hours of age
FIRST_SEEN_SHARE = 0.25  # part of the age taken from when the story began (long runners fade)
VELOCITY_HOURS = 3.0  # velocity: reports per hour over this window, up to the latest report
VELOCITY_WEIGHT = 0.5  # a story reported twice as fast gains this much mass per log step
MIN_MASS = 0.1  # low-weight outlets lower a story's mass, never below this
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)  # rank keys count half-lives from here


@dataclass(slots=True)
class StoryStats:
    id: int
    n_articles: int
    n_sources: int
    n_languages: int
    first_seen: datetime | None
    updated: datetime | None
    outlet_weight: float | None = None  # sum of its distinct outlets' weights (None: n_sources)
    recent_reports: int = 0  # reports in the VELOCITY_HOURS up to its latest report


def mass(s: StoryStats) -> float:
    """How much a story weighs before age: the log of its outlets' total weight (the main signal:
    many outlets chose to cover it), less the log of its reports (one outlet's updates count
    little), a step per further language, and the log of its velocity."""
    outlets = s.outlet_weight if s.outlet_weight is not None else float(max(1, s.n_sources))
    articles = max(1, s.n_sources, s.n_articles)
    languages = max(1, s.n_languages)
    velocity = s.recent_reports / VELOCITY_HOURS
    m = (1.0 + 1.5 * math.log(max(outlets, 1e-6)) + 0.5 * math.log(articles)
         + 0.5 * (languages - 1) + VELOCITY_WEIGHT * math.log1p(velocity))
    return max(MIN_MASS, m)


def story_score(s: StoryStats, now: datetime) -> float:
    """``mass * 0.5 ** (age / HALF_LIFE_HOURS)``; age mixes the time since the last report with
    the time since the first, so a story still being reported stays up while a long runner fades."""
    return 2.0 ** (rank_key(s) - _hours(now, EPOCH) / HALF_LIFE_HOURS)


def rank_key(s: StoryStats) -> float:
    """``log2(story_score(s, now))`` plus a term that depends on ``now`` alone: stories sorted by
    it are sorted by their score at any moment, so a process that stores reports recomputes the
    keys of the stories it touched and the order of all stays right."""
    ref = _reference(s)
    return math.log2(mass(s)) + (_hours(ref, EPOCH) if ref else 0.0) / HALF_LIFE_HOURS


def rank_stories(stories: list[StoryStats], now: datetime) -> list[tuple[int, float]]:
    """``(story id, score)`` pairs, best first (ties: most recently updated, then lowest id)."""
    scored = [(s.id, story_score(s, now), _ts(s.updated)) for s in stories]
    scored.sort(key=lambda x: (-x[1], -x[2], x[0]))
    return [(sid, round(score, 6)) for sid, score, _ in scored]


def rank_keys(stories: list[StoryStats]) -> list[tuple[int, float]]:
    """``(story id, rank key)`` pairs for the store to order stories by."""
    return [(s.id, round(rank_key(s), 9)) for s in stories]


def _reference(s: StoryStats) -> datetime | None:
    """The moment the age counts from: 3/4 of the way from the first report to the last."""
    last, first = s.updated or s.first_seen, s.first_seen or s.updated
    if last is None or first is None:
        return None
    return datetime.fromtimestamp(
        (1.0 - FIRST_SEEN_SHARE) * last.timestamp() + FIRST_SEEN_SHARE * first.timestamp(), UTC)


def _hours(now: datetime, then: datetime | None) -> float:
    if then is None:
        return 0.0
    return (now.timestamp() - then.timestamp()) / 3600.0


def _ts(dt: datetime | None) -> float:
    return dt.timestamp() if dt is not None else 0.0
