"""Train svodka's category classifier and write src/svodka/enrich/models/category.npz.

    python training/train_classifier.py [--data ../shared/data/tgcontest-toloka/categories]

Data: the tgcontest-toloka category sets (crowd-labelled Russian and English news of November 2019
and May 2020, Apache-2.0; ``LICENSE``/``NOTICE`` beside the data), every de-duplicated labelled
article plus the Russian machine translations of the English rows that the corpus ships, and the
hand-written seed lexicon (``data/category_lexicon.txt``: one small document per category and
language, Ukrainian included). Two models are fitted on the same documents: a linear SVM over the
hashed lexical features and a logistic regression over the article's sentence vector (the one
the stories stage uses: multilingual-e5-small over the title and the lead's first 200
characters); run time adds their log-probabilities. The shipped weights are derived from that
data only (Apache-2.0). scikit-learn is needed here only; the shipped model is a numpy file.
``bench/classify.py`` evaluates the same ``fit`` under grouped cross-validation.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from svodka.enrich.classify import MODEL_PATH, CategoryModel
from svodka.enrich.embedding import text_vector
from svodka.enrich.features import N_FEATURES, vectorize
from svodka.enrich.language import detect_language
from svodka.enrich.trainset import LABELS, LabelledDoc, lexicon_docs, load_corpus

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "tgcontest-toloka" / "categories"
C = 1.0
# The sentence-vector model's inverse regularisation: best of 1 / 10 / 100 for that model alone
# on the grouped folds (docs/classification.md).
VECTOR_C = 10.0


def doc_language(doc: LabelledDoc) -> str | None:
    """The language the run-time pipeline would assign (translations are Russian by construction)."""
    if doc.translated or doc.synthetic:
        return "ru" if doc.translated else doc.lang
    return detect_language(f"{doc.title}\n{doc.text}")


def matrix(docs: Sequence[LabelledDoc]) -> csr_matrix:
    rows, cols, vals = [], [], []
    for i, d in enumerate(docs):
        idx, val = vectorize(d.title, d.text, doc_language(d))
        rows.extend([i] * len(idx))
        cols.extend(idx.tolist())
        vals.extend(val.tolist())
    return csr_matrix((vals, (rows, cols)), shape=(len(docs), N_FEATURES), dtype=np.float32)


def vectors(docs: Sequence[LabelledDoc]) -> np.ndarray:
    """The sentence vector of every document, as run time computes it, one row each."""
    return np.vstack([text_vector(d.title, d.text) for d in docs])


def _shipped(weights: np.ndarray) -> np.ndarray:
    """Round-trip through float16 so evaluation sees exactly what ships."""
    return weights.astype(np.float32).astype(np.float16).astype(np.float32)


def fit_matrix(x: csr_matrix, labels: Sequence[str], languages: Sequence[str],
               vecs: np.ndarray | None = None, c: float = C) -> CategoryModel:
    """A linear SVM over the rows of ``x`` and, given the documents' sentence vectors
    ``vecs``, a logistic regression over them; ``languages``: those of the labelled articles."""
    clf = LinearSVC(C=c, class_weight="balanced", random_state=0)
    clf.fit(x, list(labels))
    classes = tuple(str(k) for k in clf.classes_)
    model = CategoryModel(_shipped(clf.coef_.T), clf.intercept_.astype(np.float32), classes,
                          tuple(sorted(set(languages))))
    if vecs is not None:
        lr = LogisticRegression(C=VECTOR_C, class_weight="balanced", max_iter=3000)
        lr.fit(vecs, list(labels))
        assert tuple(str(k) for k in lr.classes_) == classes
        model.vector_weights = _shipped(lr.coef_.T)
        model.vector_bias = lr.intercept_.astype(np.float32)
    return model


def fit(docs: Sequence[LabelledDoc], c: float = C) -> CategoryModel:
    return fit_matrix(matrix(docs), [d.label for d in docs],
                      [d.lang for d in docs if d.original], vectors(docs), c)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args(argv)
    docs, dropped = load_corpus(args.data)
    if not docs:
        print(f"no labelled data under {args.data}", file=sys.stderr)
        return 1
    docs += lexicon_docs()
    model = fit(docs)
    assert set(model.labels) <= set(LABELS)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"trained on {len(docs)} documents ({dropped} duplicate rows dropped) -> {args.out}"
          f" ({args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
