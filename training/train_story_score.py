"""Fit the story pair score (src/svodka/stories/data/pair_score.json) on the ru train and honey pools only.

    python training/train_story_score.py [--cache /tmp/story-features.pkl]

1. Every document of the fitting pools goes through the pipeline's own code (enrichment, story
   features with the sentence vector: ``svodka.pipeline.cluster.story_features``).
2. One logistic regression per model of :mod:`svodka.stories.score` (standardised parts, L2, C=1),
   on the labelled pairs; the standardisation is folded into the shipped weights.
3. How a shallow report shifts the full and the cross model (``score.SHALLOW_WORDS``): the pairs
   again with their bodies cut to ``CUT_WORDS`` words (both documents, and every other
   document), a feed's summary or a title alone; each model's ``SHALLOW_PARTS`` fitted on them
   with its logit held fixed, so pairs of two deeper reports score exactly as before.
4. The threshold: the one at which the story engine, clustering the fitting pools' documents in
   arrival order, reaches the best pair F1 on their labelled pairs.
5. How a cosine across scripts reads as one within a script (``cross_map``): over the English
   category training items and their Russian machine translations
   (``categories/en_cat_training.tsv``), the least-squares line from the cosine of item i in
   English and item j in Russian to the mean cosine of the two in one language (1 for i = j).
The exam pool is never read here (bench/stories.py reports it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from story_pairs import (
    FIT_POOLS,
    PAIRS,
    Doc,
    Pair,
    arrival_order,
    cached,
    load_pool,
    partition_f1,
    pool_urls,
)

from svodka.stories import StoryFeatures, StoryMatcher
from svodka.stories.score import WEIGHTS_FILE, Logistic, Model, PairScore, evidence

CATEGORIES = PAIRS.parent / "categories" / "en_cat_training.tsv"
OUT = Path(__file__).resolve().parents[1] / "src" / "svodka" / "stories" / WEIGHTS_FILE
# Which parts each model weighs (see svodka.stories.score.PARTS). FULL: the sentence vectors, the
# plain lexical similarity (10-fold CV pair F1 on train+honey 0.89 against 0.86 for the cosine
# alone and 0.84 for the words alone; other parts did not help) and whether one outlet wrote both
# (0.892 against 0.876 without, means of 20 seeds, higher with every seed). CROSS: what crosses
# scripts (one outlet in two languages is two editions: the part is 0 there).
MODEL_PARTS = {
    Model.FULL: ("cosine", "lexical", "outlet"),
    Model.CROSS: ("cosine", "anchors", "names"),
    Model.LEXICAL: ("lexical",),
}
C = 1.0
# Bodies cut to this many words for the shallow parts (0: the title alone).
CUT_WORDS = (0, 10, 20, 30)
SHALLOW_PARTS = {
    Model.FULL: ("shallow", "shallow*cosine", "shallow*lexical"),
    Model.CROSS: ("shallow", "shallow*cosine", "shallow*anchors", "shallow*names"),
}
SHALLOW_L2 = 0.01  # on the raw parts' weights: the correction stays small where data is thin
GRID = [t / 100 for t in range(20, 91, 2)]


def pool_features(docs: list[Doc], urls: dict[Doc, str] | None = None
                  ) -> dict[Doc, StoryFeatures]:
    """Each document's features as ``svodka stories cluster`` computes them (with its address
    from ``urls``, when given)."""
    from svodka.pipeline.cluster import analysed, record_article

    urls = urls or {}
    out = {}
    for i, (title, text) in enumerate(docs):
        record = {"id": i, "title": title, "text": text, "url": urls.get((title, text))}
        out[(title, text)] = analysed(record_article(record))
        if i % 50 == 0:
            print(f"features {i}/{len(docs)}", file=sys.stderr)
    return out


def cross_map() -> tuple[float, float]:
    import csv

    from svodka.enrich.embedding import embed

    csv.field_size_limit(1 << 30)
    with open(CATEGORIES, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r.get("INPUT:trans_title")]
    en = np.array([embed(r["INPUT:title"], r["INPUT:text"]) for r in rows])
    ru = np.array([embed(r["INPUT:trans_title"], r["INPUT:trans_text"]) for r in rows])
    across = (en @ ru.T).ravel()
    within = ((en @ en.T + ru @ ru.T) / 2).ravel()  # 1 on the diagonal: the same item
    b, a = np.polyfit(across, within, 1)
    return round(float(a), 4), round(float(b), 4)


def fit(parts: tuple[str, ...], pairs: list[Pair], feats: dict[Doc, StoryFeatures]) -> Logistic:
    x = np.array([[evidence(feats[a], feats[b]).part(p) for p in parts] for a, b, _ in pairs])
    y = np.array([same for *_, same in pairs])
    scaler = StandardScaler().fit(x)
    lr = LogisticRegression(C=C, max_iter=1000).fit(scaler.transform(x), y)
    w = lr.coef_[0] / scaler.scale_
    b = float(lr.intercept_[0] - np.sum(lr.coef_[0] * scaler.mean_ / scaler.scale_))
    return Logistic(parts, tuple(round(float(v), 6) for v in w), round(b, 6))


def cut(doc: Doc, words: int) -> Doc:
    """The document with its body cut to its first ``words`` words."""
    return doc[0], " ".join(doc[1].split()[:words])


def fit_shallow(model: Logistic, parts: tuple[str, ...], pairs: list[Pair],
                views: list[dict[Doc, StoryFeatures]]) -> Logistic:
    """``model`` with ``parts`` added, fitted with ``model``'s logit as a fixed offset on the
    pairs of every view where a side is shallow (as ``fit``, on every pair with two vectors)."""
    from scipy.optimize import minimize

    rows = []
    for feats in views:
        for a, b, same in pairs:
            fa, fb = feats[a], feats[b]
            if fa.embedding is None or fb.embedding is None:
                continue
            ev = evidence(fa, fb)
            if ev.shallow > 0.0:
                rows.append([model.logit(ev), *(ev.part(p) for p in parts), same])
    data = np.array(rows, dtype=float)
    offset, x, y = data[:, 0], data[:, 1:-1], data[:, -1]

    def loss(w: np.ndarray) -> float:
        z = offset + x @ w
        return float(np.sum(np.logaddexp(0.0, z) - y * z) + SHALLOW_L2 * np.sum(w * w))

    w = minimize(loss, np.zeros(len(parts)), method="BFGS").x
    print(f"shallow parts {parts}: {len(y)} pairs, weights {np.round(w, 3).tolist()}",
          file=sys.stderr)
    return Logistic(model.parts + parts,
                    model.weights + tuple(round(float(v), 6) for v in w), model.intercept)


def cluster(docs: list[Doc], feats: dict[Doc, StoryFeatures], score: PairScore,
            threshold: float) -> dict[Doc, int]:
    matcher = StoryMatcher(threshold=threshold, score=score)
    for i, d in enumerate(docs):
        matcher.assign(feats[d], i)
    story = matcher.partition()
    return {d: story[i] for i, d in enumerate(docs)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, help="keep the documents' features in this pickle")
    args = ap.parse_args()
    if not PAIRS.is_dir():
        print(f"{PAIRS} is absent: nothing to fit on", file=sys.stderr)
        return 1
    pools = [load_pool(p) for p in FIT_POOLS]
    pairs = [pair for pool in pools for pair in pool]
    docs = arrival_order(pools)
    feats = cached(args.cache, lambda: pool_features(docs, pool_urls(FIT_POOLS)))
    models = {str(m): fit(parts, pairs, feats) for m, parts in MODEL_PARTS.items()}
    urls = pool_urls(FIT_POOLS)
    views = [feats]
    for n in CUT_WORDS:
        path = args.cache.with_suffix(f".cut{n}.pkl") if args.cache else None
        short = cached(path, lambda n=n: pool_features(
            [cut(d, n) for d in docs], {cut(d, n): u for d, u in urls.items()}))
        cut_feats = {d: short[cut(d, n)] for d in docs}
        views.append(cut_feats)
        views.append({d: cut_feats[d] if i % 2 else feats[d] for i, d in enumerate(docs)})
    for m, parts in SHALLOW_PARTS.items():
        models[str(m)] = fit_shallow(models[str(m)], parts, pairs, views)
    mapping = cross_map()
    score = PairScore(models, 0.5, fitted_on=" + ".join(FIT_POOLS), cross_map=mapping)
    f1, threshold = max((partition_f1(cluster(docs, feats, score, t), pairs), t) for t in GRID)
    print(f"{len(pairs)} pairs, {len(docs)} documents: clustering pair F1 {f1:.3f} at "
          f"threshold {threshold}", file=sys.stderr)
    score = PairScore(models, threshold, fitted_on=score.fitted_on, cross_map=mapping)
    OUT.write_text(json.dumps(score.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
