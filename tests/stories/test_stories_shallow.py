"""Reports with little body (a title alone, a feed's summary): how many body words the features
record, the shallowness the pair score weighs, and the cosine floor that still bounds the models."""

from __future__ import annotations

import random

import numpy as np
import pytest

from svodka.records import Article, Block, Enrichment
from svodka.stories import features
from svodka.stories.features import BODY_WORDS, StoryFeatures
from svodka.stories.score import (
    SHALLOW_WORDS,
    Evidence,
    Logistic,
    PairScore,
    default_score,
    evidence,
    known_part,
)

BODY = ("Національний банк знизив облікову ставку до 13,5% річних. Рішення ухвалила рада НБУ "
        "у четвер, повідомила прес-служба регулятора. ") * 10


def _feats(title: str, body: str) -> StoryFeatures:
    return features(Article(title=title, blocks=[Block(text=body)] if body else []), Enrichment())


def test_features_record_the_body_words_read_and_keep_them_through_json():
    whole, brief, bare = (_feats("НБУ знизив облікову ставку", b)
                          for b in (BODY, " ".join(BODY.split()[:12]), ""))
    assert (whole.words, brief.words, bare.words) == (BODY_WORDS, 12, 0)
    assert "words" not in whole.to_json()  # the common case costs nothing in the store
    for f in (whole, brief, bare):
        assert StoryFeatures.from_json(f.to_json()).words == f.words
    assert StoryFeatures.from_json({"terms": {}}).words == BODY_WORDS  # stored before the field


def test_shallowness_is_that_of_the_shallower_side_and_zero_for_deep_pairs():
    whole = _feats("НБУ знизив облікову ставку", BODY)
    brief = _feats("НБУ знизив ставку до 13,5%", " ".join(BODY.split()[:10]))
    bare = _feats("Нацбанк знизив облікову ставку", "")
    assert evidence(whole, whole).shallow == 0.0
    assert evidence(whole, brief).shallow == pytest.approx(1 - 10 / SHALLOW_WORDS)
    assert evidence(brief, bare).shallow == evidence(bare, whole).shallow == 1.0


def test_product_parts_multiply_and_unknown_factors_are_refused():
    ev = Evidence(cosine=0.8, lexical=0.5, shallow=0.25)
    assert ev.part("shallow*cosine") == pytest.approx(0.2)
    assert ev.part("shallow*lexical") == pytest.approx(0.125)
    assert known_part("shallow*cosine") and not known_part("shallow*sentiment")
    with pytest.raises(ValueError, match="parts it cannot compute"):
        Logistic.from_json({"parts": ["shallow*sentiment"], "weights": [1], "intercept": 0})


def test_the_shipped_full_model_is_unchanged_for_deep_pairs_and_lifts_title_only_pairs():
    full = default_score().models["full"]
    deep = Evidence(cosine=0.9, lexical=0.3)
    base = Logistic(full.parts[:3], full.weights[:3], full.intercept)
    assert full.probability(deep) == base.probability(deep)
    # Two headlines alone share fewer words than two whole reports: the same cosine and words
    # weigh more for them (fitted on the ru pairs with their bodies cut).
    titles = Evidence(cosine=0.9, lexical=0.3, shallow=1.0)
    assert full.probability(titles) > base.probability(titles)


def _random_model(rng: random.Random) -> Logistic:
    parts = ("cosine", "lexical", "outlet", "shallow", "shallow*cosine", "shallow*lexical")
    weights = (rng.uniform(20, 40), rng.uniform(-3, 8), rng.uniform(-3, 1), rng.uniform(-2, 2),
               rng.uniform(-10, 10), rng.uniform(-8, 8))
    return Logistic(parts, weights, rng.uniform(-40, -20))


def test_the_cosine_floor_bounds_models_with_shallow_parts():
    rng = random.Random(7)
    for _ in range(200):
        model = _random_model(rng)
        score = PairScore({"full": model}, threshold=0.5)
        p_min = rng.uniform(0.1, 0.6)
        floor = score.cosine_floor(p_min)
        # No evidence below the floor reaches p_min, whatever its other parts.
        grid = np.linspace(0.0, 1.0, 11)
        best_below = max(
            (model.probability(Evidence(cosine=floor - 1e-6, lexical=lex, outlet=out, shallow=s))
             for lex in grid for out in (0.0, 1.0) for s in grid), default=0.0)
        assert best_below < p_min
        if model.weights[0] + min(0.0, model.weights[4]) > 0 and -1.0 < floor < 1.0:
            # ... and it is the bound: just above it some evidence does (the cosine's weight, at
            # least 10, lifts the logit by 0.5 over 0.05).
            reach = max(model.probability(Evidence(cosine=floor + 0.05, lexical=lex, outlet=out,
                                                   shallow=s))
                        for lex in grid for out in (0.0, 1.0) for s in grid)
            assert reach >= p_min
    products = Logistic(("cosine", "cosine*lexical"), (30.0, 5.0), -30.0)
    assert PairScore({"full": products}, threshold=0.5).cosine_floor(0.3) == -1.0
