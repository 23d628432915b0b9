"""Single-pass clustering of a hand-written ru/uk/en corpus with match/merge and StoryMatcher."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import timedelta

import pytest
from stories_corpus import REPORTS, T0, by_key

from svodka.records import Article, Block, Enrichment
from svodka.stories import (
    DEFAULT_THRESHOLD,
    Candidate,
    StoryIndex,
    StoryMatcher,
    earlier_coverage,
    features,
    match,
    merge,
    representative,
    similarity,
)
from svodka.stories.matching import score


def _features(enrich_fn=None) -> dict[str, dict]:
    out = {}
    for r in REPORTS:
        art = r.article()
        out[r.key] = features(art, enrich_fn(art) if enrich_fn else Enrichment())
    return out


def _partition(groups: dict[object, list[str]]) -> set[frozenset[str]]:
    return {frozenset(keys) for keys in groups.values()}


def _expected() -> set[frozenset[str]]:
    events: dict[str, list[str]] = defaultdict(list)
    for r in REPORTS:
        events[r.event].append(r.key)
    return _partition(events)


def _single_pass(
    feats: dict[str, dict],
) -> tuple[set[frozenset[str]], dict[int, dict], dict[int, list[str]]]:
    """The reference loop over the pure functions: published order, match, merge or open."""
    stories: dict[int, dict] = {}
    counts: dict[int, int] = {}
    members: dict[int, list[str]] = defaultdict(list)
    for r in sorted(REPORTS, key=lambda r: r.hours):
        f = feats[r.key]
        cands = [Candidate(sid, sf) for sid, sf in sorted(stories.items())]
        sid, _ = match(f, cands)
        if sid is None:
            sid = len(stories) + 1
            stories[sid], counts[sid] = f, 1
        else:
            stories[sid] = merge(stories[sid], f, counts[sid])
            counts[sid] += 1
        members[sid].append(r.key)
    return _partition(members), stories, members


def test_three_events_in_three_languages_cluster_and_the_rest_stays_apart():
    got, _, _ = _single_pass(_features())
    assert got == _expected()
    multi = [g for g in got if len(g) > 1]
    assert len(multi) == 3
    langs = [{by_key()[k].lang for k in g} for g in multi]
    assert all(ls == {"ru", "uk", "en"} for ls in langs)


def test_story_matcher_gives_the_same_partition():
    feats = _features()
    matcher = StoryMatcher()
    groups: dict[int, list[str]] = defaultdict(list)
    for r in sorted(REPORTS, key=lambda r: r.hours):
        sid, _, _ = matcher.assign(feats[r.key], article_id=len(groups))
        groups[sid].append(r.key)
    assert _partition(groups) == _expected()
    big = max(matcher.counts, key=lambda sid: matcher.counts[sid])
    assert matcher.counts[big] == 4 and len(matcher.members[big]) == 4


def test_story_matcher_match_from_records():
    matcher = StoryMatcher()
    keys = {r.key: matcher.match(i, r.article(), Enrichment()) for i, r in enumerate(REPORTS)}
    assert keys["quake-en"] == keys["quake-ru"] == keys["quake-uk"]
    assert keys["quake-late-ru"] != keys["quake-en"]
    assert keys["hospital-ru"] != keys["drones-ru"]


def test_index_scores_equal_the_linear_reference():
    feats = _features()
    _, stories, _ = _single_pass(feats)
    index = StoryIndex()
    cands = []
    for sid, sf in stories.items():
        upd = T0 + timedelta(hours=sid)
        index.put(sid, sf, upd)
        cands.append(Candidate(sid, sf, upd))
    queries = list(feats.values()) + list(stories.values())  # stories: several script spaces
    assert any(len(q["terms"]) > 1 for q in queries)
    for f in queries:
        fast = index.scores(f)
        for c in cands:
            assert fast.get(c.story_id, 0.0) == pytest.approx(score(f, c), abs=1e-9)
        fast_id, fast_score = index.match(f)
        ref_id, ref_score = match(f, cands)
        assert fast_id == ref_id and fast_score == pytest.approx(ref_score, abs=1e-9)


def test_index_remove_and_forget():
    feats = _features()
    index = StoryIndex()
    for i, r in enumerate(REPORTS):
        index.put(i, feats[r.key], r.article().published)
    f = feats["quake-ru"]
    assert index.match(f)[0] == next(i for i, r in enumerate(REPORTS) if r.key == "quake-ru")
    gone = index.forget_before(T0 + timedelta(hours=100))
    assert len(gone) == len(REPORTS) - 1 and len(index) == 1
    assert index.scores(f) == {}  # the late quake is 12 days away: time factor 0
    for sid in list(gone):
        assert sid not in index


def test_earlier_coverage_links_the_new_quake_to_the_first():
    feats = _features()
    _, stories, members = _single_pass(feats)
    late = feats["quake-late-ru"]
    first_seen = by_key()["quake-late-ru"].article().published
    older = [Candidate(sid, sf, T0 + timedelta(hours=8)) for sid, sf in stories.items()
             if "quake-late-ru" not in members[sid]]
    quake_sid = next(sid for sid, keys in members.items() if "quake-en" in keys)
    got = earlier_coverage(late, first_seen, older, k=3)
    assert got and got[0] == quake_sid
    assert len(got) <= 3
    # A story updated after this one began is not "earlier".
    newer = [Candidate(c.story_id, c.features, first_seen + timedelta(hours=1)) for c in older]
    assert earlier_coverage(late, first_seen, newer) == []


def test_features_are_json_and_merge_grows_the_story():
    feats = _features()
    for f in feats.values():
        assert json.loads(json.dumps(f)) == f
    a, b, c = feats["quake-en"], feats["quake-ru"], feats["quake-uk"]
    s = merge(merge({}, a, 0), b, 1)
    s = merge(s, c, 2)
    assert set(s["langs"]) == {"en", "ru", "uk"}
    assert s["count"] == {"lat": 1, "cyr": 2}
    assert s["first"] == a["published"] and s["published"] == c["published"]
    assert json.loads(json.dumps(s)) == s
    # The centroid is at least as close to each member as the farthest pair of members.
    assert min(similarity(s, x) for x in (a, b, c)) >= min(
        similarity(a, b), similarity(a, c), similarity(b, c)) - 1e-9


def test_similarity_properties():
    feats = _features()
    for f in feats.values():
        assert similarity(f, f) == pytest.approx(1.0, abs=1e-4)
    keys = list(feats)
    for i, ka in enumerate(keys):
        for kb in keys[i + 1:]:
            s = similarity(feats[ka], feats[kb])
            assert 0.0 <= s <= 1.0
            assert s == pytest.approx(similarity(feats[kb], feats[ka]))


def test_time_proximity_matters():
    feats = _features()
    a = dict(feats["cup-uk"])
    b = dict(feats["cup-ru"])
    near = similarity(a, b)
    assert near >= DEFAULT_THRESHOLD
    for days, expect_zero in ((3, False), (5, True)):
        later = (T0 + timedelta(days=days)).isoformat()
        shifted = {**b, "published": later, "first": later}
        s = similarity(a, shifted)
        assert (s == 0.0) if expect_zero else (0.0 < s < near)


def test_match_reports_best_score_below_threshold():
    feats = _features()
    cands = [Candidate(1, feats["drones-ru"]), Candidate(2, feats["metro-ru"])]
    sid, s = match(feats["weather-ru"], cands)
    assert sid is None and s < DEFAULT_THRESHOLD
    sid, s = match(feats["drones-uk"], cands)
    assert sid == 1 and s >= DEFAULT_THRESHOLD
    assert match(feats["drones-uk"], cands, threshold=0.99)[0] is None
    # A candidate's ``updated`` counts as a date: a story dormant for a week is not joined.
    stale = [Candidate(1, {**feats["drones-ru"], "published": None, "first": None},
                       T0 - timedelta(days=7))]
    assert match(feats["drones-uk"], stale)[0] is None


def test_with_svodka_enrich_when_available():
    try:
        from svodka.enrich import enrich
    except ImportError:
        pytest.skip("svodka.enrich.enrich is not importable yet")
    got, _, _ = _single_pass(_features(enrich))
    assert got == _expected()


def test_one_shared_name_is_not_enough_across_scripts():
    feats = _features()
    bread, cup = feats["bread-uk"], feats["cup-en"]
    shared = set(bread["anchors"]) & set(cup["anchors"])
    assert shared == {"kv"}  # Києві / Kyiv
    assert similarity(bread, cup) == 0.0
    # Within one script the same single name is one signal among the terms.
    assert similarity(feats["bread-uk"], feats["cup-uk"]) < DEFAULT_THRESHOLD


def test_representative_article_of_a_story():
    feats = _features()
    members = ["drones-ru", "drones-uk", "drones-en", "drones-ru2"]
    story = {}
    for n, key in enumerate(members):
        story = merge(story, feats[key], n)
    arts = [(i, feats[k]) for i, k in enumerate(members)]
    best = representative(story, arts)
    assert best in (0, 1, 2)  # a full report, not the short rewrite
    assert representative(story, arts, prefer_lang="en") == 2
    assert representative(story, arts, prefer_lang="uk") == 1
    assert representative(story, arts, prefer_lang="de") == best
    assert representative(story, []) is None


def _kharkiv_reports() -> list[dict]:
    def f(title: str, body: str, hours: float) -> dict:
        art = Article(title=title, blocks=[Block(text=body)], published=T0 + timedelta(hours=hours))
        return features(art, Enrichment())

    return [
        f("Ночью в Харькове загорелась подстанция",
          "Огонь на подстанции тушили полтора часа, без света остались 120 тысяч абонентов.", 0),
        f("В Харькове метро остановилось на три часа",
          "Поезда стояли в тоннелях, пассажиров выводили на поверхность. Мэр Игорь Терехов "
          "извинился перед горожанами.", 1),
        # Reports both the fire and the metro: the two stories turn out to be one.
        f("Из-за пожара на подстанции в Харькове метро остановилось на три часа",
          "Подстанция загорелась ночью, огонь тушили полтора часа, без света остались 120 тысяч "
          "абонентов. Поезда метро стояли в тоннелях, пассажиров выводили на поверхность.", 2),
    ]


def test_a_bridging_report_fuses_two_stories_when_asked():
    fire, metro, both = _kharkiv_reports()
    assert similarity(fire, metro) < DEFAULT_THRESHOLD
    plain = StoryMatcher()
    assert [plain.assign(f, i)[0] for i, f in enumerate((fire, metro, both))] == [1, 2, 1]
    assert plain.pop_merges() == [] and len(plain.index) == 2

    fusing = StoryMatcher(merge_threshold=DEFAULT_THRESHOLD)
    keys = [fusing.assign(f, i)[0] for i, f in enumerate((fire, metro, both))]
    assert keys == [1, 2, 1]
    assert fusing.pop_merges() == [(2, 1)]
    assert fusing.pop_merges() == []
    assert len(fusing.index) == 1 and 2 not in fusing.index
    assert fusing.counts == {1: 3} and sorted(fusing.members[1]) == [0, 1, 2]
    fused = fusing.story(1)
    assert fused is not None and fused.features["count"] == {"cyr": 3}
    assert fused.features["first"] == fire["published"]
    assert fused.features["published"] == both["published"]
