"""The story engine on a hand-written ru/uk/en corpus: events grouped across languages, the same
stories whatever the arrival order, merges and splits reported, stories loaded from the store."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from datetime import timedelta

import numpy as np
import pytest
from stories_corpus import REPORTS, T0, by_key

from svodka.enrich import enrich
from svodka.pipeline.cluster import story_features
from svodka.records import Article, Block, Enrichment
from svodka.stories import (
    PairScore,
    StoryFeatures,
    StoryMatcher,
    default_score,
    features,
    merge,
    probability,
    similarity,
)
from svodka.stories.linkage import average_link
from svodka.stories.score import Logistic, known_part


@pytest.fixture(scope="module")
def feats() -> dict[str, StoryFeatures]:
    """The pipeline's own features (enrichment, sentence vectors) of every report."""
    out = {}
    for r in REPORTS:
        art = r.article()
        out[r.key] = story_features(art, enrich(art))
    return out


def _expected() -> set[frozenset[str]]:
    events: dict[str, set[str]] = defaultdict(set)
    for r in REPORTS:
        events[r.event].add(r.key)
    return {frozenset(v) for v in events.values()}


def _cluster(feats: dict[str, StoryFeatures], order: list[str], **kw) -> set[frozenset[str]]:
    matcher = StoryMatcher(**kw)
    ids = {key: i for i, key in enumerate(sorted(feats))}  # ids as the store would give them
    for key in order:
        matcher.assign(feats[key], ids[key])
    groups: dict[int, set[str]] = defaultdict(set)
    names = {i: key for key, i in ids.items()}
    for aid, story in matcher.partition().items():
        groups[story].add(names[aid])
    return {frozenset(g) for g in groups.values()}


def _published_order() -> list[str]:
    return [r.key for r in sorted(REPORTS, key=lambda r: r.hours)]


def test_three_events_in_three_languages_cluster_and_the_rest_stays_apart(feats):
    got = _cluster(feats, _published_order())
    assert got == _expected()
    multi = [g for g in got if len(g) > 1]
    assert len(multi) == 3
    assert all({by_key()[k].lang for k in g} == {"ru", "uk", "en"} for g in multi)


def test_the_stories_do_not_depend_on_the_arrival_order(feats):
    first = _cluster(feats, _published_order())
    for seed in range(6):
        order = _published_order()
        random.Random(seed).shuffle(order)
        assert _cluster(feats, order) == first, seed


def test_without_sentence_vectors_the_words_still_group_most(feats):
    plain = {k: features(by_key()[k].article(), Enrichment()) for k in feats}
    got = _cluster(plain, _published_order())
    together = sum(len(g) * (len(g) - 1) // 2 for g in got)
    wrong = sum(1 for g in got for a in g for b in g
                if a < b and by_key()[a].event != by_key()[b].event)
    assert together >= 6 and wrong == 0, got


def test_pair_probability_is_symmetric_and_fades_with_time(feats):
    a, b = feats["cup-uk"], feats["cup-ru"]
    near = probability(a, b)
    assert near == pytest.approx(probability(b, a))
    assert near >= StoryMatcher().threshold
    for days, zero in ((3, False), (5, True)):
        later = (T0 + timedelta(days=days)).isoformat()
        shifted = StoryFeatures.from_json({**b.to_json(), "published": later, "first": later})
        p = probability(a, shifted)
        assert (p == 0.0) if zero else (0.0 < p < near)


# -- merges, splits, loaded stories: unit vectors and a score on their cosine alone ----------

COSINE_ONLY = PairScore({"full": Logistic(("cosine",), (50.0,), -38.0),
                         "cross": Logistic(("cosine",), (50.0,), -38.0),
                         "lexical": Logistic(("cosine",), (0.0,), -10.0)}, threshold=0.45)


def _at(degrees: float, hours: float = 0.0) -> StoryFeatures:
    """A report whose sentence vector points ``degrees`` around a circle (cos = closeness)."""
    rad = np.radians(degrees)
    when = (T0 + timedelta(hours=hours)).isoformat()
    vec = np.array([np.cos(rad), np.sin(rad), 0.0], dtype=np.float32)
    return StoryFeatures(lang="ru", langs=["ru"], anchors={"@x": 1.0}, embedding=vec,
                         embedded=1, published=when, first=when)


def test_a_bridging_report_merges_two_stories():
    m = StoryMatcher(score=COSINE_ONLY)
    left, right = m.assign(_at(0), 1)[0], m.assign(_at(50), 2)[0]
    assert left != right
    key, created, _ = m.assign(_at(25), 3)  # close to both: they were one event
    assert not created and key == left
    assert m.pop_merges() == [(right, left)] and m.pop_merges() == []
    assert m.pop_moves() == []
    assert m.partition() == {1: left, 2: left, 3: left}
    assert m.story(right) is None and m.story(left).features.embedded == 3


def test_a_story_that_drifts_into_two_events_is_split():
    m = StoryMatcher(score=COSINE_ONLY)
    a = m.assign(_at(0), 1)[0]
    assert m.assign(_at(38), 2)[0] == a  # probability 0.8: one story, for now
    key, created, _ = m.assign(_at(60), 3)  # close to 2, far from 1: 2 goes with it
    assert created and key != a
    assert m.pop_moves() == [(2, key)]
    assert m.partition() == {1: a, 2: key, 3: key}
    assert m.pop_merges() == []


def test_provisional_keys_are_renamed_in_pending_merges_and_moves():
    keys = iter(range(-1, -100, -1))
    m = StoryMatcher(score=COSINE_ONLY, new_id=lambda: next(keys))
    a = m.assign(_at(0), 1)[0]
    b = m.assign(_at(50), 2)[0]
    m.assign(_at(25), 3)
    m.rename(a, 101)
    assert m.pop_merges() == [(b, 101)]
    assert m.partition() == {1: 101, 2: 101, 3: 101}


def test_stories_loaded_from_the_store_are_joined_and_forgotten():
    m = StoryMatcher(score=COSINE_ONLY)
    m.load(7, _at(0).to_json(), T0, n_articles=3)
    key, created, _ = m.assign(_at(10, hours=2), 1)
    assert key == 7 and not created
    m.load(7, _at(0).to_json(), T0, n_articles=4)  # placed here: left as is
    assert m.partition() == {1: 7}
    far = m.assign(_at(90, hours=2), 2)[0]
    assert far not in (7,)
    assert m.forget_before(T0 + timedelta(hours=1)) == []  # story 7 still has report 1
    assert m.forget_before(T0 + timedelta(hours=3)) == sorted([7, far])
    assert m.partition() == {} and len(m) == 0


def test_average_link_fuses_by_mean_probability():
    edges = {0: {1: 0.9, 2: 0.5}, 1: {0: 0.9}, 2: {0: 0.5}}
    weight = dict.fromkeys(edges, 1)
    assert average_link([0, 1, 2], edges, weight, 0.5) == [[0, 1], [2]]  # (0.5 + 0) / 2
    assert average_link([0, 1, 2], edges, weight, 0.2) == [[0, 1, 2]]
    assert average_link([2, 1, 0], edges, weight, 0.95) == [[2], [1], [0]]


# -- the features record and the plain similarities ------------------------------------------


def test_features_round_trip_through_json_and_merge_grows_the_story(feats):
    for f in feats.values():
        back = StoryFeatures.from_json(json.loads(json.dumps(f.to_json())))
        assert back.terms == f.terms and back.anchors == f.anchors
        assert np.allclose(back.embedding, f.embedding, atol=1e-3)
    a, b, c = feats["quake-en"], feats["quake-ru"], feats["quake-uk"]
    s = merge(merge(None, a, 0), b, 1)
    s = merge(s, c, 2)
    assert set(s.langs) == {"en", "ru", "uk"}
    assert s.count == {"lat": 1, "cyr": 2} and s.embedded == 3
    assert s.first == a.published and s.published == c.published
    assert float(np.linalg.norm(s.embedding)) == pytest.approx(1.0, abs=1e-4)
    old = StoryFeatures.from_json({"v": 1, "terms": {"cyr": {"x": 1.0}}, "anchors": {}})
    assert old.embedding is None and old.terms == {"cyr": {"x": 1.0}}


def test_similarity_properties(feats):
    for f in feats.values():
        assert similarity(f, f) == pytest.approx(1.0, abs=1e-4)
    keys = list(feats)
    for i, ka in enumerate(keys):
        for kb in keys[i + 1:]:
            s = similarity(feats[ka], feats[kb])
            assert 0.0 <= s <= 1.0
            assert s == pytest.approx(similarity(feats[kb], feats[ka]))


def test_one_shared_name_is_not_enough_across_scripts():
    def f(key: str) -> StoryFeatures:
        return features(by_key()[key].article(), Enrichment())

    bread, cup = f("bread-uk"), f("cup-en")
    assert set(bread.anchors) & set(cup.anchors) == {"kv"}  # Києві / Kyiv
    assert similarity(bread, cup) == 0.0
    art = Article(title="x", blocks=[Block(text="y")])
    assert features(art, Enrichment()).embedding is None


def test_the_shipped_score_weighs_only_parts_the_evidence_has():
    score = default_score()
    for model in score.models.values():
        assert all(known_part(p) for p in model.parts), model.parts
    with pytest.raises(ValueError, match="parts it cannot compute"):
        Logistic.from_json({"parts": ["cosine", "sentiment"], "weights": [1, 1], "intercept": 0})
