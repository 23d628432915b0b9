"""Story ranking: size, source diversity, languages and freshness."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from svodka.stories import StoryStats, rank_stories, story_score

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _story(sid, articles, sources, langs, first_h, updated_h) -> StoryStats:
    return StoryStats(sid, articles, sources, langs, NOW - timedelta(hours=first_h),
                      NOW - timedelta(hours=updated_h))


def test_big_multi_source_fresh_story_comes_first():
    stories = [
        _story(1, 1, 1, 1, 1, 1),  # a fresh single report
        _story(2, 12, 9, 3, 6, 0.5),  # big, many outlets, three languages, fresh
        _story(3, 14, 10, 3, 60, 48),  # as big, but two days old
        _story(4, 12, 1, 1, 6, 0.5),  # one outlet repeating itself
        _story(5, 4, 4, 1, 3, 1),  # mid-sized, fresh
    ]
    order = [sid for sid, _ in rank_stories(stories, NOW)]
    assert order[0] == 2
    assert order.index(5) < order.index(4) < order.index(3)
    assert order.index(5) < order.index(1)
    assert order[-1] == 3


def test_sources_weigh_more_than_articles_and_languages_count():
    one_outlet = story_score(_story(1, 10, 1, 1, 2, 1), NOW)
    ten_outlets = story_score(_story(2, 10, 10, 1, 2, 1), NOW)
    assert ten_outlets > 2 * one_outlet
    mono = story_score(_story(3, 6, 6, 1, 2, 1), NOW)
    tri = story_score(_story(4, 6, 6, 3, 2, 1), NOW)
    assert tri > mono


def test_long_runner_fades_against_a_new_story_of_equal_size():
    running = story_score(_story(1, 8, 6, 2, 72, 0.5), NOW)
    fresh = story_score(_story(2, 8, 6, 2, 2, 0.5), NOW)
    assert fresh > running > 0


def test_ties_and_missing_dates():
    a = StoryStats(7, 3, 3, 1, None, None)
    b = StoryStats(3, 3, 3, 1, None, None)
    assert [sid for sid, _ in rank_stories([a, b], NOW)] == [3, 7]
    assert rank_stories([], NOW) == []


@given(
    st.integers(1, 50), st.integers(1, 50), st.integers(1, 3),
    st.floats(0, 500), st.floats(0, 500), st.integers(1, 20),
)
def test_monotone_in_sources_and_age(articles, sources, langs, age, extra_age, more):
    sources = min(sources, articles)
    base = _story(1, articles, sources, langs, age, age)
    older = _story(2, articles, sources, langs, age + extra_age, age + extra_age)
    wider = _story(3, articles + more, sources + more, langs, age, age)
    assert story_score(base, NOW) > 0
    assert story_score(older, NOW) <= story_score(base, NOW)
    assert story_score(wider, NOW) > story_score(base, NOW)
