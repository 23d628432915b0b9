"""Stories form on the bundled sample web's corpus (svodka.demo): its articles carry event labels.

The corpus is written by the demo's authors, not tuned for here: its events (storm «Вера», the
Geneva talks and the rate cut in ru/uk/en, ...) are each one story, through the pipeline's own
features (enrichment and sentence vectors) and engine.
"""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime

import pytest

from svodka.enrich import enrich
from svodka.pipeline.cluster import story_features
from svodka.records import Article, Block
from svodka.stories import StoryMatcher, candidates

try:
    from svodka.demo.corpus import load_corpus
    from svodka.demo.sample import OUTLET_SPECS, published_at
except ImportError as exc:  # pragma: no cover - the demo package is built elsewhere
    pytest.skip(f"svodka.demo corpus is not importable: {exc}", allow_module_level=True)

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _stories(order_seed: int | None = None) -> tuple[list, dict[str, int]]:
    language = {s.slug: s.language for s in OUTLET_SPECS}
    entries = list(load_corpus())
    # As the sample web publishes them (newest first); clustered oldest first.
    dated = sorted([(published_at(NOW, k, e), e) for k, e in enumerate(entries)],
                   key=lambda x: x[0])
    if order_seed is not None:
        random.Random(order_seed).shuffle(dated)
    matcher = StoryMatcher()
    ids = {e.slug: i for i, e in enumerate(sorted(entries, key=lambda e: e.slug))}
    for published, e in dated:
        art = Article(title=e.title, lead=e.lead, blocks=[Block(text=p) for p in e.paragraphs],
                      published=published, language=language[e.outlet], tags=list(e.tags))
        matcher.assign(_features(art), ids[e.slug])
    story = matcher.partition()
    return entries, {slug: story[i] for slug, i in ids.items()}


_cache: dict[str, object] = {}


def _features(art: Article):
    key = art.title or ""
    if key not in _cache:
        _cache[key] = story_features(art, enrich(art))
    return _cache[key]


def test_sample_web_events_are_stories_and_unrelated_ones_never_share_one():
    entries, story = _stories()
    event = {e.slug: e.event or f"single:{e.slug}" for e in entries}
    tp = fp = fn = 0
    for a, b in itertools.combinations(story, 2):
        same, together = event[a] == event[b], story[a] == story[b]
        tp += same and together
        fp += together and not same
        fn += same and not together
    assert fp == 0, "articles of different events share a story"
    # The rate cut's English report scores 0.05 and 0.19 with the Ukrainian reports, 0.62 with
    # the Russian one: it joins through its best-compared language (stories.linkage).
    assert fn == 0, "events are split into several stories"
    for ev in ("storm", "talks", "rate", "football", "launch", "tech", "outage", "rate-hold"):
        assert len({story[e.slug] for e in entries if e.event == ev}) == 1, ev
    language = {s.slug: s.language for s in OUTLET_SPECS}
    for ev in ("talks", "rate"):  # the events reported in all three languages: one story each
        assert {language[e.outlet] for e in entries if e.event == ev} == {"ru", "uk", "en"}
        assert len({story[e.slug] for e in entries if e.event == ev}) == 1


def test_sample_web_events_meet_through_shared_keys_alone(monkeypatch):
    """Above ``ALL_PAIRS_MAX`` reports in the window an arrival is compared only with the reports
    sharing a key (a name, a number, a strong term): the events reported in three languages must
    still meet so, as they would in a busy newsroom's window."""
    _, everything = _stories()
    monkeypatch.setattr(candidates, "ALL_PAIRS_MAX", 0)
    _, keyed = _stories()
    assert _groups(keyed) == _groups(everything)


def _groups(story: dict[str, int]) -> set[frozenset[str]]:
    return {frozenset(k for k in story if story[k] == s) for s in story.values()}


def test_sample_web_stories_do_not_depend_on_the_arrival_order():
    _, first = _stories()
    for seed in (1, 2):
        _, other = _stories(order_seed=seed)
        assert _groups(other) == _groups(first)
