"""Ranking by outlets (weighted), velocity, languages and freshness; the persisted rank key
orders stories as their score does at any moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from svodka.stories.ranking import StoryStats, rank_keys, rank_stories, story_score

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _s(sid: int, *, sources: int = 3, articles: int = 3, langs: int = 1, first_h: float = 4,
       updated_h: float = 1, weight: float | None = None, recent: int = 0) -> StoryStats:
    return StoryStats(sid, articles, sources, langs, NOW - timedelta(hours=first_h),
                      NOW - timedelta(hours=updated_h), outlet_weight=weight,
                      recent_reports=recent)


def test_a_story_reported_fast_outranks_one_reported_slowly():
    fast = _s(1, sources=4, articles=8, recent=8)  # all eight reports in the last three hours
    slow = _s(2, sources=4, articles=8, recent=1)
    assert story_score(fast, NOW) > story_score(slow, NOW)


def test_outlet_weight_counts_and_defaults_to_one_per_outlet():
    plain = _s(1, sources=3)
    assert story_score(plain, NOW) == story_score(_s(2, sources=3, weight=3.0), NOW)
    heavy = _s(3, sources=3, weight=6.0)  # two outlets of weight 2.5 and one of 1
    light = _s(4, sources=3, weight=1.0)  # three outlets of weight 1/3 (aggregators, say)
    assert story_score(heavy, NOW) > story_score(plain, NOW) > story_score(light, NOW) > 0


def test_fresh_beats_stale_of_equal_mass():
    assert story_score(_s(1, updated_h=1), NOW) > story_score(_s(2, updated_h=30, first_h=40),
                                                             NOW)


_story = st.builds(
    lambda sid, src, extra, langs, first, span, w, recent: _s(
        sid, sources=src, articles=src + extra, langs=langs, first_h=first + span,
        updated_h=first, weight=w, recent=recent),
    st.integers(1, 10_000), st.integers(1, 30), st.integers(0, 30), st.integers(1, 3),
    st.floats(0, 200), st.floats(0, 100), st.none() | st.floats(0.1, 40), st.integers(0, 40))


@given(st.lists(_story, min_size=2, max_size=8, unique_by=lambda s: s.id), st.floats(0, 500))
def test_the_rank_key_orders_as_the_score_does_at_any_later_moment(stories, later):
    keys = dict(rank_keys(stories))
    for when in (NOW, NOW + timedelta(hours=later)):
        scores = dict(rank_stories(stories, when))
        for a in stories:
            for b in stories:
                if keys[a.id] > keys[b.id] + 1e-6:
                    assert scores[a.id] >= scores[b.id] * (1 - 1e-6)
