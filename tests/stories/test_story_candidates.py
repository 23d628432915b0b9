"""The candidate index: which reports an arrival is compared with, and their cosines."""

from __future__ import annotations

import json
import math
import sys

import numpy as np
import pytest

from svodka.stories import StoryFeatures, StoryMatcher
from svodka.stories.candidates import GROW, GROW_SHARE, SMALL_POSTING, CandidateIndex

DIM = 8


def _unit(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
    return v / np.linalg.norm(v)


def _report(words: list[str], seed: int | None) -> StoryFeatures:
    w = 1 / math.sqrt(len(words))
    return StoryFeatures(lang="ru", langs=["ru"], terms={"cyr": {k: w for k in words}},
                         count={"cyr": 1}, anchors={}, embedding=None if seed is None
                         else _unit(seed), embedded=0 if seed is None else 1)


def test_cosines_are_those_of_the_stored_float16_vectors_and_nan_without_one():
    index = CandidateIndex()
    index.add(0, _report(["а"], 1))
    index.add(1, _report(["б"], None))  # no sentence vector
    index.add(5, _report(["в"], 2))
    probe = _unit(3)
    got = index.cosines(probe, [0, 1, 5, 9])  # 9: never added
    stored = [_unit(s).astype(np.float16).astype(np.float32) for s in (1, 2)]
    # The float16 values the store keeps, multiplied in float32 (the order of the sum may differ).
    assert got[0] == pytest.approx(float(stored[0] @ probe), abs=1e-6)
    assert got[2] == pytest.approx(float(stored[1] @ probe), abs=1e-6)
    assert math.isnan(got[1]) and math.isnan(got[3])
    index.remove(5)
    assert math.isnan(index.cosines(probe, [5])[0]) and index.vector(5) is None
    assert np.array_equal(index.vector(0), stored[0])


def test_the_matrix_grows_by_a_share_of_itself_not_by_a_fixed_step():
    index = CandidateIndex()
    for node in range(10 * GROW):
        index.add(node, _report(["слово"], node))
    before = index.nbytes() // (DIM * 4)  # rows, the slack included
    index.add(before, _report(["слово"], 1))  # the first node beyond them
    after = index.nbytes() // (DIM * 4)
    # A fixed step copied the whole matrix every GROW reports (quadratic in the window).
    assert after - before >= before * GROW_SHARE > GROW
    assert after <= (before + 1) * (1 + GROW_SHARE)  # the slack stays a share
    assert np.array_equal(index.vector(before), _unit(1).astype(np.float16).astype(np.float32))


def test_the_window_keeps_one_object_per_key_and_weight_however_many_reports_hold_it():
    matcher = StoryMatcher()
    stored = json.dumps(_report(["выборы", "киев"], 1).to_json())
    for article in (1, 2):  # two reports read back from the store: new strings each
        matcher.assign(json.loads(stored), article)
    a, b = (matcher._nodes[matcher._by_article[i]].features for i in (1, 2))
    assert a.terms["cyr"] == b.terms["cyr"]
    for k, w in a.terms["cyr"].items():
        assert next(x for x in b.terms["cyr"] if x == k) is k
        assert b.terms["cyr"][k] is w  # one float object per weight too


def test_a_key_finds_every_report_holding_it_as_its_posting_grows_and_shrinks():
    index = CandidateIndex()
    n = 2 * SMALL_POSTING + 5  # one id, then a tuple, then a set
    for node in range(n):
        index.add(node, _report(["общее", f"своё{node}"], None))
    probe = _report(["общее"], None)  # no vector: candidates by shared keys
    assert index.candidates(probe) == list(range(n))
    assert index.candidates(_report(["своё7"], None)) == [7]
    for node in range(n - 2):
        index.remove(node)
    assert index.candidates(probe) == [n - 2, n - 1]
    index.remove(n - 1)
    assert index.candidates(probe) == [n - 2]
    index.add(n - 1, _report(["общее"], None))  # back in
    assert index.candidates(probe) == [n - 2, n - 1]
    index.remove(n - 2)
    index.remove(n - 1)
    assert index.candidates(probe) == [] and index.candidates(_report(["своё7"], None)) == []


def test_a_key_held_by_a_few_reports_costs_less_than_a_set():
    # Most keys (names, rare words) are held by a few reports; an empty set alone is 216 bytes.
    index = CandidateIndex()
    for node in range(300):
        index.add(node, _report([f"пара{node // 3}", f"одно{node}"], None))
    postings = index._postings  # no public view tells its size
    assert len(postings) == 400
    assert sum(sys.getsizeof(p) for p in postings.values()) / len(postings) < 100
