"""Story ranking: big, multi-source, multi-language and fresh first."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

HALF_LIFE_HOURS = 12.0  # a story's weight halves every this many hours of age
FIRST_SEEN_SHARE = 0.25  # part of the age taken from when the story began (long runners fade)


@dataclass(slots=True)
class StoryStats:
    id: int
    n_articles: int
    n_sources: int
    n_languages: int
    first_seen: datetime | None
    updated: datetime | None


def story_score(s: StoryStats, now: datetime) -> float:
    """``mass * 0.5 ** (age / HALF_LIFE_HOURS)``.

    Mass grows with the log of the number of distinct sources (the main signal: many outlets chose
    to cover it), less with the log of the number of articles (one outlet's repeated updates count
    little), and by a step for each further language. Age mixes the time since the last article with
    the time since the first, so a story still being reported stays up while a long runner fades.
    """
    sources = max(1, s.n_sources)
    articles = max(sources, s.n_articles)
    languages = max(1, s.n_languages)
    mass = 1.0 + 1.5 * math.log(sources) + 0.5 * math.log(articles) + 0.5 * (languages - 1)
    age = (1.0 - FIRST_SEEN_SHARE) * _hours(now, s.updated or s.first_seen)
    age += FIRST_SEEN_SHARE * _hours(now, s.first_seen or s.updated)
    return mass * 0.5 ** (age / HALF_LIFE_HOURS)


def rank_stories(stories: list[StoryStats], now: datetime) -> list[tuple[int, float]]:
    """``(story id, score)`` pairs, best first (ties: most recently updated, then lowest id)."""
    scored = [(s.id, story_score(s, now), _ts(s.updated)) for s in stories]
    scored.sort(key=lambda x: (-x[1], -x[2], x[0]))
    return [(sid, round(score, 6)) for sid, score, _ in scored]


def _hours(now: datetime, then: datetime | None) -> float:
    if then is None:
        return 0.0
    return max(0.0, (now.timestamp() - then.timestamp()) / 3600.0)


def _ts(dt: datetime | None) -> float:
    return dt.timestamp() if dt is not None else 0.0
