"""svodka's category classifier on grouped folds of the labelled corpus, beside its lexical model alone and char TF-IDF + LR."""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedGroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

from train_classifier import DEFAULT_DATA, doc_language, fit_matrix, matrix, vectors  # noqa: E402

from svodka.enrich.classify import NOT_NEWS  # noqa: E402
from svodka.enrich.trainset import LabelledDoc, lexicon_docs, load_corpus, near_groups  # noqa: E402

SVODKA = "svodka: lexical + sentence vector"
LEXICAL = "svodka lexical model alone (the previous model)"
BASELINE = "baseline: char 2-5 TF-IDF + LR, same-language originals"
NAMES = (SVODKA, LEXICAL, BASELINE)


@dataclass(slots=True)
class Pooled:
    """Out-of-fold answers of one model over one language's articles."""

    labels: dict[int, str] = field(default_factory=dict)
    news: dict[int, bool] = field(default_factory=dict)  # svodka's shipped news/not-news call
    seconds: float = 0.0  # CPU time of the predictions (robust on a busy machine)

    def macro_f1(self, gold: dict[int, str]) -> float:
        ids = sorted(self.labels)
        return f1_score([gold[i] for i in ids], [self.labels[i] for i in ids], average="macro",
                        zero_division=0)

    def accuracy(self, gold: dict[int, str]) -> float:
        ids = sorted(self.labels)
        return accuracy_score([gold[i] for i in ids], [self.labels[i] for i in ids])


def _text(d: LabelledDoc) -> str:
    return f"{d.title}\n{d.text}"


def baseline(train: list[LabelledDoc]) -> Callable[[list[LabelledDoc]], list[str]]:
    """Char TF-IDF + logistic regression, the reference the corpus README quotes."""
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                          max_features=200_000)
    clf = LogisticRegression(C=10.0, max_iter=3000)
    clf.fit(vec.fit_transform([_text(d) for d in train]), [d.label for d in train])
    return lambda test: list(clf.predict(vec.transform([_text(d) for d in test])))


def run_fold(docs: list[LabelledDoc], x: csr_matrix, vecs: np.ndarray, train: list[int],
             test: list[int], out: dict[str, Pooled]) -> None:
    model = fit_matrix(x[train], [docs[i].label for i in train],
                       [docs[i].lang for i in train if docs[i].original], vecs[train])
    test_docs = [docs[i] for i in test]
    for name, use_vector in ((SVODKA, True), (LEXICAL, False)):
        t0 = time.process_time()
        for i, d in zip(test, test_docs, strict=True):
            lang = doc_language(d)
            p = model.scores(d.title, d.text, lang, vecs[i] if use_vector else None)
            out[name].labels[i] = model.labels[int(np.argmax(p))]
            out[name].news[i] = model.decide(p, lang)[0]
        out[name].seconds += time.process_time() - t0
    predict = baseline([docs[i] for i in train
                        if docs[i].original and docs[i].lang == test_docs[0].lang])
    t0 = time.process_time()
    out[BASELINE].labels.update(zip(test, predict(test_docs), strict=True))
    out[BASELINE].seconds += time.process_time() - t0


def evaluate(docs: list[LabelledDoc], groups: list[int], x: csr_matrix, vecs: np.ndarray,
             lang: str, folds: int, seed: int) -> dict[str, Pooled]:
    """Folds over the language's original articles, grouped by ``near_groups``; each fold's
    models train on every document (translations and lexicon included) outside its groups."""
    targets = np.array([i for i, d in enumerate(docs) if d.lang == lang and d.original])
    labels = [docs[i].label for i in targets]
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    out = {name: Pooled() for name in NAMES}
    for _, test_pos in splitter.split(targets, labels, [groups[i] for i in targets]):
        test = targets[test_pos].tolist()
        held = {groups[i] for i in test}
        train = [i for i in range(len(docs)) if groups[i] not in held]
        run_fold(docs, x, vecs, train, test, out)
    return out


def not_news_line(pooled: Pooled, gold: dict[int, str]) -> str:
    ids = sorted(pooled.news)
    p, r, f, _ = precision_recall_fscore_support(
        [gold[i] == NOT_NEWS for i in ids], [not pooled.news[i] for i in ids], average="binary",
        zero_division=0)
    return f"not-news (shipped rule) precision {p:.3f} recall {r:.3f} F1 {f:.3f}"


def report(docs: list[LabelledDoc], lang: str, runs: list[dict[str, Pooled]]) -> None:
    gold = {i: d.label for i, d in enumerate(docs)}
    n = len(runs[0][SVODKA].labels)
    for name in NAMES:
        f1s = [r[name].macro_f1(gold) for r in runs]
        spread = f" (seeds {min(f1s):.3f}-{max(f1s):.3f})" if len(runs) > 1 else ""
        ms = 1000 * np.mean([r[name].seconds for r in runs]) / n
        print(f"{lang} n={n:3d} {name:55s} macro-F1 {np.mean(f1s):.3f}{spread}  accuracy "
              f"{np.mean([r[name].accuracy(gold) for r in runs]):.3f}  {ms:5.1f} CPU ms/article")
    for name in (SVODKA, LEXICAL):
        print(f"{lang} n={n:3d} {name:55s} {not_news_line(runs[0][name], gold)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0],
                    help="fold shuffles to run; several give the spread of the estimate")
    ap.add_argument("--langs", nargs="+", default=["ru", "en"], choices=["ru", "en"])
    args = ap.parse_args(argv)
    # English "other" has 2 articles: fewer than folds, which sklearn warns about at every split.
    warnings.filterwarnings("ignore", message="The least populated class")
    docs, dropped = load_corpus(args.data)
    if not docs:
        print(f"skipped: no labelled data under {args.data}")
        return 0
    docs += lexicon_docs()
    groups = near_groups(docs)
    t0 = time.perf_counter()
    x = matrix(docs)
    print(f"{len(docs)} documents ({dropped} duplicate rows dropped, {len(set(groups))} groups of "
          f"near-identical items), features in {time.perf_counter() - t0:.1f}s")
    t0 = time.process_time()
    vecs = vectors(docs)
    print(f"sentence vectors (the stories stage's, computed once per article): "
          f"{1000 * (time.process_time() - t0) / len(docs):.1f} CPU ms/article")
    for lang in args.langs:
        report(docs, lang,
               [evaluate(docs, groups, x, vecs, lang, args.folds, s) for s in args.seeds])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
