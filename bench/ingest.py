"""Ingest benchmark: a generated local web crawled end to end, beside a fetch-only baseline.

    python bench/ingest.py [--outlets 50] [--per-outlet 100] [--workers N]

Starts ``SyntheticWeb`` (one HTTP server per outlet on 127.0.0.1), imports its OPML and runs one
``svodka crawl`` pass into a fresh SQLite data dir: feed -> fetch -> extract -> enrich -> media ->
stories -> store. Prints articles per second and peak memory of the main process and of the
largest worker process, and, as the baseline measured in the same run, the rate at which the same
fetcher merely downloads every article page (the ceiling the local web allows).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the CLI does, before numpy loads

from svodka.config import Settings  # noqa: E402
from svodka.demo import SyntheticWeb
from svodka.fetch import Fetcher
from svodka.pipeline import CrawlSummary, Pipeline
from svodka.pipeline.admin import import_opml


def _mb(kb: int) -> float:
    return kb / 1024  # ru_maxrss is in KiB on Linux


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) a live process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(slots=True)
class Measured:
    """One crawl pass, timed, with the CPU seconds of each process that took part."""

    summary: CrawlSummary
    seconds: float
    main_cpu: float
    workers_cpu: float  # the CPU worker processes (joined when the pass ends)
    server_cpu: float  # the local web's server process (NaN without one)


def timed_crawl(pipeline: Pipeline, server_pid: int | None) -> Measured:
    """Run one crawl pass (then close the pipeline), measuring wall time and CPU by process."""

    async def crawl() -> CrawlSummary:
        try:
            return await pipeline.crawl()
        finally:
            await pipeline.aclose()

    def cpu(usage: resource.struct_rusage) -> float:
        return usage.ru_utime + usage.ru_stime

    started = time.perf_counter()
    main0 = cpu(resource.getrusage(resource.RUSAGE_SELF))
    kids0 = cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
    server0 = _cpu_of(server_pid) if server_pid else 0.0
    summary = asyncio.run(crawl())
    return Measured(
        summary=summary, seconds=time.perf_counter() - started,
        main_cpu=cpu(resource.getrusage(resource.RUSAGE_SELF)) - main0,
        workers_cpu=cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - kids0,
        server_cpu=(_cpu_of(server_pid) - server0) if server_pid else float("nan"))


def story_agreement(pipeline: Pipeline, web: SyntheticWeb) -> tuple[float, float]:
    """Pairwise precision and recall of the stored stories against the generator's events."""
    event_of = {a.url: a.event for a in web.articles}
    story_of = {}
    for stored in pipeline.store.latest_articles(limit=1_000_000):
        url = stored.article.url or ""
        if url in event_of:
            story_of[url] = stored.story_id
    same_story = same_event = both = 0
    urls = sorted(story_of)
    by_story: dict[object, list[str]] = {}
    for u in urls:
        by_story.setdefault(story_of[u], []).append(u)
    by_event: dict[object, list[str]] = {}
    for u in urls:
        if event_of[u] is not None:
            by_event.setdefault(event_of[u], []).append(u)
    same_story = sum(len(v) * (len(v) - 1) // 2 for k, v in by_story.items() if k is not None)
    same_event = sum(len(v) * (len(v) - 1) // 2 for v in by_event.values())
    for members in by_story.values():
        counts: dict[object, int] = {}
        for u in members:
            if event_of[u] is not None and story_of[u] is not None:
                counts[event_of[u]] = counts.get(event_of[u], 0) + 1
        both += sum(c * (c - 1) // 2 for c in counts.values())
    return both / max(1, same_story), both / max(1, same_event)


async def fetch_only(settings: Settings, urls: list[str]) -> float:
    fetcher = Fetcher(settings)
    sem = asyncio.Semaphore(settings.fetch_concurrency)

    async def one(url: str) -> None:
        async with sem:
            await fetcher.fetch(url, kind="page")

    started = time.perf_counter()
    try:
        await asyncio.gather(*(one(u) for u in urls))
    finally:
        await fetcher.aclose()
    return time.perf_counter() - started


def stage_costs(web: SyntheticWeb, settings: Settings, n: int = 300) -> None:
    """Milliseconds per article of each CPU-bound stage, on one core, over a sample of pages."""
    import urllib.request

    from svodka.enrich import enrich
    from svodka.enrich.embedding import article_vector
    from svodka.extract import extract
    from svodka.media import FileMediaStore, mirror_image
    from svodka.pipeline.cluster import story_features

    sample = web.articles[:: max(1, len(web.articles) // n)][:n]
    pages = [(a, urllib.request.urlopen(a.url).read()) for a in sample]  # noqa: S310 - loopback
    images = [urllib.request.urlopen(a.image_urls[0]).read() for a, _ in pages[:100]
              if a.image_urls]  # noqa: S310
    enrich(extract(pages[0][1], url=pages[0][0].url))  # load the models before timing
    times = {"extract": 0.0, "sentence vector": 0.0, "enrich": 0.0, "story features": 0.0,
             "mirror image": 0.0}
    for a, body in pages:
        t0 = time.perf_counter()
        art = extract(body, url=a.url)
        t1 = time.perf_counter()
        # The semantic signal: computed once per article (the enrichment's category and the
        # story features read it from the process's cache afterwards).
        article_vector(art)
        t2 = time.perf_counter()
        enr = enrich(art)
        t3 = time.perf_counter()
        story_features(art, enr)
        t4 = time.perf_counter()
        times["extract"] += t1 - t0
        times["sentence vector"] += t2 - t1
        times["enrich"] += t3 - t2
        times["story features"] += t4 - t3
    media = FileMediaStore(settings.data_dir / "bench-media")
    t0 = time.perf_counter()
    for data in images:
        mirror_image(media, 1, data)
    times["mirror image"] = (time.perf_counter() - t0) * len(pages) / max(1, len(images))
    for stage, total in times.items():
        print(f"  {stage:<16} {1000 * total / len(pages):6.2f} ms/article (one core)")


# The same benchmark before story features carried a sentence vector (issue 10), default size,
# on this machine: quoted beside this run's figure (README, "How fast").
BEFORE_ENCODER = "217-233 articles/s"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--outlets", type=int, default=50)
    ap.add_argument("--per-outlet", type=int, default=100)
    ap.add_argument("--workers", type=int, default=None, help="CPU worker processes")
    ap.add_argument("--concurrency", type=int, default=64)
    args = ap.parse_args()

    # The web runs in its own process, so the figures below are svodka's alone.
    with SyntheticWeb(n_outlets=args.outlets, articles_per_outlet=args.per_outlet,
                      separate_process=True) as web, \
            tempfile.TemporaryDirectory(prefix="svodka-bench-") as tmp:
        hosts = sorted({o.base_url.split("/")[2].rsplit(":", 1)[0] for o in web.outlets})
        settings = Settings(data_dir=Path(tmp) / "data", fetch_allow=hosts,
                            fetch_concurrency=args.concurrency, cpu_workers=args.workers)
        n = len(web.articles)
        print(f"synthetic web: {len(web.outlets)} outlets, {n} articles", flush=True)

        base = asyncio.run(fetch_only(settings, [a.url for a in web.articles]))
        print(f"{'baseline: fetch only':<28} {n / base:8.1f} pages/s   ({n} pages in {base:.1f}s)",
              flush=True)

        pipeline = Pipeline(settings)
        import_opml(pipeline, web.opml().encode())

        m = timed_crawl(pipeline, web.pid)
        summary, took = m.summary, m.seconds
        main_cpu, workers_cpu, web_cpu = m.main_cpu, m.workers_cpu, m.server_cpu
        stored = pipeline.store.count_articles()
        main_rss = _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        worker_rss = _mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        print(f"{'svodka crawl (end to end)':<28} {stored / took:8.1f} articles/s "
              f"({stored} stored, {len(summary.failed_entries)} failed, {took:.1f}s); before "
              f"the sentence encoder: {BEFORE_ENCODER}")
        per = 1000 / max(1, stored)
        print(f"CPU per article: main process {main_cpu * per:.2f} ms "
              f"({100 * main_cpu / took:.0f}% of one core), CPU workers {workers_cpu * per:.2f} ms,"
              f" the synthetic web's server {web_cpu * per:.2f} ms; "
              f"{(main_cpu + workers_cpu + web_cpu) / took:.2f} of the 2 cores busy")
        print(f"peak memory: main process {main_rss:.0f} MB, largest child process "
              f"{worker_rss:.0f} MB (the CPU workers, or the synthetic web's server process)")
        stories = pipeline.store.story_rows(limit=100_000)
        multi = sum(1 for s in stories if s.n_articles > 1)
        precision, recall = story_agreement(pipeline, web)
        print(f"stories: {len(stories)} ({multi} with more than one report); pairs of articles "
              f"in one story vs the generator's {len(web.events)} events: precision "
              f"{precision:.2f}, recall {recall:.2f}")
        print("cost per article of each CPU-bound stage (measured after the crawl):")
        stage_costs(web, settings)
        for e in summary.failed_entries[:5]:
            print(f"  failed: {e.url}: {e.error}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
