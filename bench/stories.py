"""Story matching benchmark: pair F1 on the tgcontest-toloka clustering pairs, and matching speed.

    python bench/stories.py [--no-enrich]

Reads ../shared/data/tgcontest-toloka/clustering_pairs/ in place (exits with a note when absent).
Thresholds are chosen on the train and honey pools (ru_train, ru_honey, en_train) and reported on the
exam pool (ru_exam), never tuned on it. Two ways to turn scores into same-story decisions:

* pairwise: a pair is "same story" when its similarity reaches the threshold;
* single-pass: every pool's documents are clustered in order (svodka: ``StoryMatcher``, i.e. match
  against story centroids and merge, "+fuse" with ``merge_threshold`` equal to the threshold;
  baseline: join the nearest earlier document's cluster), and a pair is "same story" when both
  land in one cluster.

The baseline, computed in the same run: character n-gram TF-IDF (char_wb 3-5, sublinear tf, fitted
on the train/honey documents) with cosine similarity.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable
from pathlib import Path

from svodka.records import Article, Block, Enrichment
from svodka.stories import Candidate, StoryIndex, StoryMatcher, features, match, similarity

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "tgcontest-toloka"
PAIRS = DATA / "clustering_pairs"
TRAIN = ("ru_train_pool.tsv", "ru_honey_pool.tsv", "en_train_pool.tsv")
EXAM = ("ru_exam_pool.tsv",)
GRID = [t / 100 for t in range(5, 96)]

Doc = tuple[str, str]  # title, text
Pair = tuple[Doc, Doc, bool]


def load_pool(name: str) -> list[Pair]:
    csv.field_size_limit(1 << 30)
    with open(PAIRS / name, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [
        ((r["INPUT:first_title"], r["INPUT:first_text"]),
         (r["INPUT:second_title"], r["INPUT:second_text"]),
         r["GOLDEN:quality"] == "OK")
        for r in rows
    ]


def pair_f1(decisions: list[bool], labels: list[bool]) -> float:
    tp = sum(d and y for d, y in zip(decisions, labels, strict=True))
    fp = sum(d and not y for d, y in zip(decisions, labels, strict=True))
    fn = sum(y and not d for d, y in zip(decisions, labels, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def pool_docs(pairs: list[Pair]) -> list[Doc]:
    seen: dict[Doc, None] = {}
    for a, b, _ in pairs:
        seen.setdefault(a)
        seen.setdefault(b)
    return list(seen)


Decide = Callable[[list[Pair], float], list[bool]]


def choose_and_report(name: str, decide: Decide, pools: dict[str, list[Pair]]) -> dict:
    train_labels = [y for p in TRAIN for *_, y in pools[p]]
    best_f1, best_thr = -1.0, GRID[0]
    for thr in GRID:
        f1 = pair_f1([d for p in TRAIN for d in decide(pools[p], thr)], train_labels)
        if f1 > best_f1:
            best_f1, best_thr = f1, thr
    exam_labels = [y for p in EXAM for *_, y in pools[p]]
    exam = pair_f1([d for p in EXAM for d in decide(pools[p], best_thr)], exam_labels)
    per_pool = {p: pair_f1(decide(pools[p], best_thr), [y for *_, y in pools[p]]) for p in pools}
    return {"method": name, "threshold": best_thr, "train_f1": best_f1, "exam_f1": exam,
            "cv_f1": cross_validated(decide, pools) if "pairwise" in name else None,
            "pools": per_pool}


def cross_validated(decide: Decide, pools: dict[str, list[Pair]], folds: int = 10) -> float:
    """Pairwise decisions only: F1 of the train/honey pairs, each fold's threshold chosen on the
    other folds (a less noisy comparison than the 20 exam pairs)."""
    pairs = [pair for p in TRAIN for pair in pools[p]]
    decisions: list[bool] = []
    labels: list[bool] = []
    for k in range(folds):
        fit = [x for i, x in enumerate(pairs) if i % folds != k]
        held = [x for i, x in enumerate(pairs) if i % folds == k]
        fit_labels = [y for *_, y in fit]
        thr = max(GRID, key=lambda t: pair_f1(decide(fit, t), fit_labels))
        decisions += decide(held, thr)
        labels += [y for *_, y in held]
    return pair_f1(decisions, labels)


def svodka_methods(
    pools: dict[str, list[Pair]], enrich_fn
) -> tuple[Decide, Decide, Decide, dict, float]:
    docs = {d for pairs in pools.values() for d in pool_docs(pairs)}
    t0 = time.perf_counter()
    arts = {d: Article(title=d[0], blocks=[Block(text=d[1])]) for d in docs}
    enr = {d: enrich_fn(a) for d, a in arts.items()}
    t1 = time.perf_counter()
    feats = {d: features(arts[d], enr[d]) for d in docs}
    per_doc = (time.perf_counter() - t1) / len(docs)
    print(f"enrichment: {(t1 - t0) / len(docs) * 1e3:.2f} ms/doc; "
          f"features: {per_doc * 1e3:.2f} ms/doc over {len(docs)} docs", file=sys.stderr)
    sims: dict[tuple[Doc, Doc], float] = {}

    def pairwise(pairs: list[Pair], thr: float) -> list[bool]:
        out = []
        for a, b, _ in pairs:
            if (a, b) not in sims:
                sims[(a, b)] = similarity(feats[a], feats[b])
            out.append(sims[(a, b)] >= thr)
        return out

    def single_pass(pairs: list[Pair], thr: float, fuse: bool = False) -> list[bool]:
        matcher = StoryMatcher(threshold=thr, merge_threshold=thr if fuse else None)
        story = {d: matcher.assign(feats[d])[0] for d in pool_docs(pairs)}
        into = dict(matcher.pop_merges())
        for d, sid in story.items():
            while sid in into:
                sid = into[sid]
            story[d] = sid
        return [story[a] == story[b] for a, b, _ in pairs]

    def fusing(pairs: list[Pair], thr: float) -> list[bool]:
        return single_pass(pairs, thr, fuse=True)

    return pairwise, single_pass, fusing, feats, per_doc


def tfidf_methods(pools: dict[str, list[Pair]]) -> tuple[Decide, Decide]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    train_docs = sorted({d for p in TRAIN for d in pool_docs(pools[p])})
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    vec.fit([f"{t} {x}" for t, x in train_docs])
    all_docs = sorted({d for pairs in pools.values() for d in pool_docs(pairs)})
    row = {d: i for i, d in enumerate(all_docs)}
    matrix = vec.transform([f"{t} {x}" for t, x in all_docs])
    gram = (matrix @ matrix.T).toarray()

    def pairwise(pairs: list[Pair], thr: float) -> list[bool]:
        return [gram[row[a], row[b]] >= thr for a, b, _ in pairs]

    def single_pass(pairs: list[Pair], thr: float) -> list[bool]:
        cluster: dict[Doc, int] = {}
        done: list[Doc] = []
        for d in pool_docs(pairs):
            best = max(done, key=lambda e: gram[row[d], row[e]], default=None)
            if best is not None and gram[row[d], row[best]] >= thr:
                cluster[d] = cluster[best]
            else:
                cluster[d] = len(cluster)
            done.append(d)
        return [cluster[a] == cluster[b] for a, b, _ in pairs]

    return pairwise, single_pass


def speed(feats: dict[Doc, dict]) -> dict[str, float]:
    """Matching one article against 1,000 stories: linear ``match`` and ``StoryIndex``."""
    vectors = list(feats.values())
    stories = [vectors[i % len(vectors)] for i in range(1000)]
    cands = [Candidate(i, f) for i, f in enumerate(stories)]
    index = StoryIndex()
    for c in cands:
        index.put(c.story_id, c.features)
    probes = vectors[:200]
    t0 = time.perf_counter()
    for f in probes:
        match(f, cands)
    linear = (time.perf_counter() - t0) / len(probes)
    t0 = time.perf_counter()
    for f in probes:
        index.match(f)
    indexed = (time.perf_counter() - t0) / len(probes)
    return {"linear_ms": linear * 1e3, "index_ms": indexed * 1e3}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-enrich", action="store_true", help="empty Enrichment (stems only)")
    args = ap.parse_args()
    if not PAIRS.is_dir():
        print(f"skipped: {PAIRS} is absent (the shared data set is not checked out here)")
        return 0
    pools = {p: load_pool(p) for p in TRAIN + EXAM}
    enrich_fn: Callable[[Article], Enrichment] = lambda a: Enrichment()  # noqa: E731
    label = "stems"
    if not args.no_enrich:
        try:
            from svodka.enrich import enrich as enrich_fn  # type: ignore[no-redef]
            label = "svodka.enrich lemmas+entities"
        except ImportError:
            print("svodka.enrich is not importable: using stems only", file=sys.stderr)
    pw, sp, fu, feats, per_doc = svodka_methods(pools, enrich_fn)
    rows = [choose_and_report(f"svodka ({label}) pairwise", pw, pools),
            choose_and_report(f"svodka ({label}) single-pass", sp, pools),
            choose_and_report(f"svodka ({label}) single-pass+fuse", fu, pools)]
    bpw, bsp = tfidf_methods(pools)
    rows += [choose_and_report("char TF-IDF baseline pairwise", bpw, pools),
             choose_and_report("char TF-IDF baseline single-pass", bsp, pools)]
    n_train = sum(len(pools[p]) for p in TRAIN)
    n_exam = sum(len(pools[p]) for p in EXAM)
    print(f"pair F1; threshold chosen on {n_train} train/honey pairs, reported on {n_exam} exam pairs")
    print("train = in-sample F1 at the chosen threshold; cv = 10-fold cross-validated F1 on the "
          "train/honey pairs (pairwise only)")
    print(f"{'method':48} {'thr':>5} {'train':>6} {'cv':>6} {'exam':>6}  per pool at thr")
    for r in rows:
        pools_txt = " ".join(f"{p.split('_pool')[0]}={f:.3f}" for p, f in r["pools"].items())
        cv = f"{r['cv_f1']:6.3f}" if r["cv_f1"] is not None else f"{'-':>6}"
        print(f"{r['method']:48} {r['threshold']:5.2f} {r['train_f1']:6.3f} {cv} "
              f"{r['exam_f1']:6.3f}  {pools_txt}")
    s = speed(feats)
    print(f"features: {per_doc * 1e3:.2f} ms/article; one article vs 1,000 stories: "
          f"linear match {s['linear_ms']:.2f} ms, StoryIndex {s['index_ms']:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
