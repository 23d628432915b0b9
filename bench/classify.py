"""Honest cross-validation of svodka's category classifier beside the char TF-IDF + LR baseline.

    python bench/classify.py [--folds 5] [--seeds 0 1 2]

svodka's model also trains on the hand-written seed lexicon (never evaluated on); the baselines do
not. Folds are drawn over de-duplicated original articles of the evaluated language (stratified by
label). Every model in one fold trains on exactly the articles outside the fold's groups: an English
article and its Russian translation are one group, so neither leaks into the other's evaluation.
Reported: macro-F1 over the pooled out-of-fold predictions (and the mean of per-fold macro-F1).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

from train_classifier import DEFAULT_DATA, fit_matrix, matrix  # noqa: E402

from svodka.enrich.trainset import LabelledDoc, lexicon_docs, load_corpus  # noqa: E402


def baseline(train: list[LabelledDoc], test: list[LabelledDoc]) -> list[str]:
    """Char TF-IDF + logistic regression, the reference the corpus README quotes."""
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                          max_features=200_000)
    x = vec.fit_transform([f"{d.title}\n{d.text}" for d in train])
    clf = LogisticRegression(C=10.0, max_iter=3000)
    clf.fit(x, [d.label for d in train])
    return list(clf.predict(vec.transform([f"{d.title}\n{d.text}" for d in test])))


def evaluate(docs: list[LabelledDoc], lang: str, folds: int, seed: int, x) -> dict[str, tuple]:
    targets = [i for i, d in enumerate(docs) if d.lang == lang and d.original]
    y = np.array([docs[i].label for i in targets])
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    names = ("svodka", "baseline (same-language originals)", "baseline (svodka's training set)")
    pooled: dict[str, list[str]] = {n: [""] * len(targets) for n in names}
    per_fold: dict[str, list[float]] = {n: [] for n in names}
    for _train_pos, test_pos in skf.split(np.zeros(len(y)), y):
        test_idx = [targets[p] for p in test_pos]
        test_groups = {docs[i].group for i in test_idx}
        train_idx = [i for i, d in enumerate(docs) if d.group not in test_groups]
        model = fit_matrix(x[train_idx], [docs[i].label for i in train_idx])
        test_docs = [docs[i] for i in test_idx]
        preds = {
            names[0]: [model.labels[int(np.argmax(model.bias + x[i] @ model.weights))]
                       for i in test_idx],
            names[1]: baseline([docs[i] for i in train_idx
                                if docs[i].lang == lang and docs[i].original], test_docs),
            names[2]: baseline([docs[i] for i in train_idx if not docs[i].synthetic], test_docs),
        }
        for n, p in preds.items():
            for pos, label in zip(test_pos, p, strict=True):
                pooled[n][pos] = label
            per_fold[n].append(f1_score(y[test_pos], p, average="macro", zero_division=0))
    return {n: (f1_score(y, pooled[n], average="macro", zero_division=0),
                float(np.mean(per_fold[n])), len(y), accuracy_score(y, pooled[n]))
            for n in names}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0],
                    help="fold shuffles to run; several give the spread of the estimate")
    args = ap.parse_args(argv)
    # English "other" has 2 articles: fewer than folds, which sklearn warns about at every split.
    warnings.filterwarnings("ignore", message="The least populated class")
    docs, dropped = load_corpus(args.data)
    if not docs:
        print(f"skipped: no labelled data under {args.data}")
        return 0
    docs += lexicon_docs()
    t0 = time.perf_counter()
    x = matrix(docs)
    print(f"{len(docs)} documents ({dropped} duplicate rows dropped), features in "
          f"{time.perf_counter() - t0:.1f}s")
    for lang in ("ru", "en"):
        runs = [evaluate(docs, lang, args.folds, seed, x) for seed in args.seeds]
        for name in runs[0]:
            pooled = [r[name][0] for r in runs]
            n = runs[0][name][2]
            spread = f" (seeds {min(pooled):.3f}-{max(pooled):.3f})" if len(runs) > 1 else ""
            print(f"{lang} n={n:3d} {name:38s} macro-F1 pooled {np.mean(pooled):.3f}{spread}  "
                  f"fold mean {np.mean([r[name][1] for r in runs]):.3f}  "
                  f"accuracy {np.mean([r[name][3] for r in runs]):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
