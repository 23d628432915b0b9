"""Near-duplicates and the story refresh: what they cost per article and story, beside baselines
measured in the same run, and how near-duplicate pairs fall on labelled same-event pairs.

Reads ../shared/data/tgcontest-toloka/clustering_pairs/ (train and honey pools only; the exam pool
is never read) in place; says so and stops when it is absent.

    python3 bench/story_duplicates.py [--articles 1000]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from svodka.enrich import enrich
from svodka.pipeline.refresh import refresh_stories
from svodka.records import Article, ArticleWrite, Block, Enrichment, Source, StoryPlacement
from svodka.store import Store
from svodka.stories import features
from svodka.stories.duplicates import MIN_RESEMBLANCE, fingerprint

PAIRS = Path(__file__).resolve().parents[2] / "shared" / "data" / "tgcontest-toloka" / "clustering_pairs"
POOLS = ("ru_train_pool.tsv", "ru_honey_pool.tsv", "en_train_pool.tsv")
BATCH = 32  # articles per write, as the crawl's write-behind gives them
PER_STORY = 4  # reports per story in the refresh figure
PER_ARTICLE_TEXTS = 60  # texts timed one by one (each enriched first, untimed)


def pairs() -> list[tuple[str, str, str, bool]]:
    csv.field_size_limit(1 << 30)
    out = []
    for name in POOLS:
        with (PAIRS / name).open(encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                out.append((name, r["INPUT:first_text"], r["INPUT:second_text"],
                            r["GOLDEN:quality"] == "OK"))
    return out


def per_article(texts: list[str]) -> None:
    """The fingerprint's cost beside the stories stage's other per-article work, its features."""
    articles = [Article(title="", blocks=[Block(t)]) for t in texts]
    enriched = [enrich(a) for a in articles]  # not timed: the enrich stage's
    fingerprint(texts[0])
    started = time.perf_counter()
    for t in texts:
        fingerprint(t)
    fp_ms = (time.perf_counter() - started) * 1000 / len(texts)
    started = time.perf_counter()
    for a, e in zip(articles, enriched, strict=True):
        features(a, e)
    features_ms = (time.perf_counter() - started) * 1000 / len(texts)
    print(f"per article: fingerprint {fp_ms:.2f} ms; baseline story features {features_ms:.2f} ms "
          f"({len(texts)} texts)")


def labelled(found: list[tuple[str, str, str, bool]]) -> None:
    for pool in POOLS:
        rows = [(a, b, same) for name, a, b, same in found if name == pool]
        dup = {True: 0, False: 0}
        total = {True: 0, False: 0}
        for a, b, same in rows:
            fa, fb = fingerprint(a), fingerprint(b)
            total[same] += 1
            if fa and fb and fa.resemblance(fb.signature) >= MIN_RESEMBLANCE:
                dup[same] += 1
        print(f"{pool}: near-duplicates among same-event pairs {dup[True]}/{total[True]}, "
              f"among different-event pairs {dup[False]}/{total[False]}")


def writes(texts: list[str], n: int) -> None:
    def run(with_fp: bool) -> tuple[float, float]:
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(f"sqlite:///{tmp}/bench.db")
            src = store.add_source(Source(url="https://bench.example/rss", name="bench"))
            t0 = datetime(2026, 11, 1, tzinfo=UTC)
            items = []
            for i in range(n):
                text = texts[i % len(texts)]
                art = Article(url=f"https://bench.example/{i}", title=f"t{i}", blocks=[Block(text)],
                              published=t0 + timedelta(minutes=i))
                items.append(ArticleWrite(entry_id=None, source_id=src.id or 0, article=art,
                                          enrichment=Enrichment(language="ru"), fetched_at=t0,
                                          url=art.url or "",
                                          fingerprint=fingerprint(text) if with_fp else None))
            started = time.perf_counter()
            ids: list[int] = []
            for k in range(0, n, BATCH):
                ids += store.save_articles(items[k:k + BATCH])[0]
            write_ms = (time.perf_counter() - started) * 1000 / n
            sid = 0
            for k, aid in enumerate(ids):
                key = -1 if k % PER_STORY == 0 else sid
                got = store.place_articles({aid: StoryPlacement(story=key, features={},
                                                                when=t0, title=f"t{k}")})
                sid = got.get(-1, sid)
            rows = store.story_rows(limit=n)
            started = time.perf_counter()
            refresh_stories(store, rows)
            refresh_ms = (time.perf_counter() - started) * 1000 / max(1, len(rows))
            store.close()
            return write_ms, refresh_ms
    base, _ = run(False)
    with_fp, refresh_ms = run(True)
    print(f"store write per article (SQLite, batches of {BATCH}, {n} articles): "
          f"{with_fp:.2f} ms with near-duplicate groups; baseline without {base:.2f} ms")
    print(f"story refresh (titles, rank key, subject, earlier coverage): {refresh_ms:.2f} ms "
          f"per story of {PER_STORY} reports")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()
    if not PAIRS.exists():
        print(f"{PAIRS} is absent: nothing to measure")
        return 0
    found = pairs()
    texts = list(dict.fromkeys(t for _, a, b, _ in found for t in (a, b)))
    print(f"{len(texts)} texts; median {statistics.median(len(t.split()) for t in texts)} words")
    per_article(texts[:PER_ARTICLE_TEXTS])
    labelled(found)
    writes(texts, args.articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
