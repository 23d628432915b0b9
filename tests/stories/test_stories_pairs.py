"""Pair F1 on the crowd-labelled tgcontest pairs (train/honey pools) at the fitted threshold.

A regression guard, not the reported figure: bench/stories.py reports the exam pool with the
threshold chosen on these pools, beside the char TF-IDF baseline.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from svodka.records import Article, Block, Enrichment
from svodka.stories import StoryFeatures, StoryMatcher, features, probability

PAIRS = (Path(__file__).resolve().parents[2].parent / "shared" / "data" / "tgcontest-toloka"
         / "clustering_pairs")
POOLS = ("ru_train_pool.tsv", "ru_honey_pool.tsv", "en_train_pool.tsv")
RU_POOLS = POOLS[:2]


def _pairs(pools: tuple[str, ...] = POOLS) -> list[tuple[tuple[str, str], tuple[str, str], bool]]:
    if not PAIRS.is_dir():
        pytest.skip(f"{PAIRS} is absent (shared data is only in the project's workplace and CI)")
    csv.field_size_limit(1 << 30)
    out = []
    for name in pools:
        with open(PAIRS / name, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                out.append(((r["INPUT:first_title"], r["INPUT:first_text"]),
                            (r["INPUT:second_title"], r["INPUT:second_text"]),
                            r["GOLDEN:quality"] == "OK"))
    return out


def _f1(decisions: list[bool], labels: list[bool]) -> float:
    tp = sum(d and y for d, y in zip(decisions, labels, strict=True))
    fp = sum(d and not y for d, y in zip(decisions, labels, strict=True))
    fn = sum(y and not d for d, y in zip(decisions, labels, strict=True))
    return 2 * tp / (2 * tp + fp + fn)


def _feats(doc: tuple[str, str]) -> StoryFeatures:
    return features(Article(title=doc[0], blocks=[Block(text=doc[1])]), Enrichment())


def test_pair_f1_on_train_and_honey_pools_without_sentence_vectors():
    pairs = _pairs()
    labels = [y for *_, y in pairs]
    threshold = StoryMatcher().threshold
    probs = [probability(_feats(a), _feats(b)) for a, b, _ in pairs]
    f1 = _f1([p >= threshold for p in probs], labels)
    assert f1 >= 0.78, f1  # measured 0.83 (words only; with the sentence vectors: bench/stories.py)
    same = [p for p, y in zip(probs, labels, strict=True) if y]
    diff = [p for p, y in zip(probs, labels, strict=True) if not y]
    assert sum(same) / len(same) > sum(diff) / len(diff) + 0.2


def test_engine_pair_f1_on_train_and_honey_pools_without_sentence_vectors():
    pairs = _pairs()
    matcher = StoryMatcher()
    ids: dict[tuple[str, str], int] = {}
    for a, b, _ in pairs:
        for d in (a, b):
            if d not in ids:
                ids[d] = len(ids)
                matcher.assign(_feats(d), ids[d])
    story = matcher.partition()
    f1 = _f1([story[ids[a]] == story[ids[b]] for a, b, _ in pairs], [y for *_, y in pairs])
    assert f1 >= 0.75, f1


def _pipeline_decisions(pairs: list[tuple[tuple[str, str], tuple[str, str], bool]],
                        view: Callable[[tuple[str, str]], tuple[str, str]]) -> list[bool]:
    """Each pair decided at the shipped threshold on its documents as ``view`` shows them, through
    the pipeline's own features (enrichment and sentence vector)."""
    from svodka.pipeline.cluster import analysed, record_article

    feats: dict[tuple[str, str], StoryFeatures] = {}
    for doc in {view(d): None for a, b, _ in pairs for d in (a, b)}:
        feats[doc] = analysed(record_article({"id": len(feats), "title": doc[0], "text": doc[1]}))
    threshold = StoryMatcher().threshold
    return [probability(feats[view(a)], feats[view(b)]) >= threshold for a, b, _ in pairs]


def test_headlines_alone_still_meet_their_event():
    """A feed item with no body (a headline, a link post): the pairs of the ru train and honey
    pools scored on their titles alone, through the pipeline's own features (enrichment and
    sentence vector). Headlines share fewer words than whole reports; the full model weighs
    shallow pairs by how shallow they are (``score.SHALLOW_WORDS``). Measured F1 0.667, recall
    60/87 (before: 0.479, 28/87, under the char TF-IDF baseline's 0.56 on the same titles)."""
    pairs = _pairs(RU_POOLS)
    decisions = _pipeline_decisions(pairs, lambda doc: (doc[0], ""))
    labels = [y for *_, y in pairs]
    recall = sum(d and y for d, y in zip(decisions, labels, strict=True)) / sum(labels)
    assert recall >= 0.55, recall
    assert _f1(decisions, labels) >= 0.6, _f1(decisions, labels)


def test_reports_without_titles_meet_by_their_first_sentences():
    """Posts of text alone (a channel's post, a feed item without a title): the ru train and
    honey pairs with their titles removed, through the pipeline's features, which read a
    title-less report's first sentence as its title (``enrich.embedding.titled``). Measured F1
    0.889 (with the first sentence read as body: 0.796)."""
    pairs = _pairs(RU_POOLS)
    decisions = _pipeline_decisions(pairs, lambda doc: ("", doc[1]))
    f1 = _f1(decisions, [y for *_, y in pairs])
    assert f1 >= 0.84, f1
