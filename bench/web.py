"""Site benchmark: p50/p99 latency at fixed request rates over a store of generated articles.

    python bench/web.py [--articles 100000] [--backend sqlite|postgresql|both] [--rate 300]
                        [--seconds 20] [--workers 2] [--crawl-rate 2] [--keep DIR]
                        [--pg-url postgresql://postgres@127.0.0.1:5432/svodka_bench_web]

For each backend: generates the articles (bulk, through ``Store.save_articles``, in stories
of 1-6 reports), starts ``svodka serve --workers N`` on it, starts a crawl of a generated local
web into the same database held to a fixed rate of stored articles (paused and resumed), and
while that crawl stores articles drives the server with `hey` (Debian's package: one process per
endpoint, each at a fixed rate) over home, a story, an article, search and the API, beside
``/static/site.css`` served by the same server in the same run (the baseline). Then, without the
crawl, article pages never asked before (every one made from the store), with `wrk` at a fixed
concurrency. Installs nothing: says which tool is missing.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from svodka.records import (
    Article,
    ArticleWrite,
    Block,
    Enrichment,
    Image,
    Quote,
    Source,
    StoryPlacement,
)
from svodka.store import Store

ADMIN_DB = "test"  # the PostgreSQL server's database for CREATE/DROP DATABASE
BATCH = 1000  # articles per save_articles call: one transaction each
TOP_SCORED = 2000  # stories given a rank score (the rest stay at 0)
# Share of the requests per second each endpoint gets (the static baseline comes on top).
MIX = {"home": 0.35, "story": 0.15, "article": 0.25, "search": 0.10, "api": 0.15}
BASELINE_RATE = 30  # requests/s of the static file, beside the mix
CRAWL_NICE = 10  # the crawl's niceness: the site's requests come first on a busy machine
PACE_TICK = 0.2  # seconds between the crawl pacer's looks at the store
HEY_WORKERS = 4  # connections per endpoint; hey's -q is per worker
LANGS = ("uk", "ru", "en")
SVODKA = [sys.executable, "-c", "from svodka.cli import main; raise SystemExit(main())"]
WORDS = {
    "uk": "уряд рада бюджет місто війна енергетика зерно експорт банк ставка школа лікарня "
          "дорога міст вибори суд податок реформа армія фронт".split(),
    "ru": "правительство бюджет город война энергетика зерно экспорт банк ставка школа "
          "больница дорога мост выборы суд налог реформа армия фронт".split(),
    "en": "government budget city war energy grain export bank rate school hospital road "
          "bridge election court tax reform army front".split(),
}
PEOPLE = ["Олена Коваль", "Ivan Petrenko", "Андрій Шевчук", "Maria Bondar", "Сергей Волков"]
PLACES = ["Київ", "Харків", "Odesa", "Львів", "Дніпро"]


def tools() -> list[str]:
    return [t for t in ("hey", "wrk") if shutil.which(t) is None]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- generation ------------------------------------------------------------------------------

def _sentences(rng: random.Random) -> dict[str, list[str]]:
    """A pool of sentences per language; articles are drawn from it (generation stays cheap)."""
    return {lang: [" ".join(rng.choices(words, k=12)).capitalize() + "." for _ in range(300)]
            for lang, words in WORDS.items()}


def _article(rng: random.Random, pool: dict[str, list[str]], n: int, when: datetime
             ) -> tuple[Article, Enrichment]:
    lang = LANGS[n % 3]
    title = " ".join(rng.choices(WORDS[lang], k=7)).capitalize() + f" {n}"
    paras = [" ".join(rng.choices(pool[lang], k=2)) for _ in range(3)]
    art = Article(
        url=f"https://outlet{n % 50}.example/news/{n}", title=title, lead=paras[0],
        blocks=[Block(p) for p in paras], published=when, language=lang,
        images=[Image(url=f"https://cdn.example/{n}.jpg", role="hero", caption=title[:60],
                      width=1200, height=800, media_key=f"1/{n:064d}.jpg",
                      thumbnails={320: f"1/{n:064d}.w320.webp", 640: f"1/{n:064d}.w640.webp"})])
    person = rng.choice(PEOPLE)
    enr = Enrichment(language=lang, category=rng.choice(["society", "economy", "sports"]),
                     entities={"PER": [person], "ORG": [], "LOC": [rng.choice(PLACES)]},
                     quotes=[Quote(speaker=person, text=paras[1][:120])],
                     keywords=WORDS[lang][:3], lemmas=f"{title} {' '.join(paras)}".lower())
    return art, enr


def generate(store: Store, n: int, seed: int = 7) -> float:
    """``n`` articles from 50 outlets in stories of 1-6 reports; returns the seconds it took."""
    rng = random.Random(seed)
    pool = _sentences(rng)
    started = time.perf_counter()
    sources = [store.add_source(Source(url=f"https://outlet{i}.example/rss",
                                       name=f"Outlet {i:02d}", language=LANGS[i % 3]))
               for i in range(50)]
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    for start in range(0, n, BATCH):
        items, plan, key = [], [], 0
        for n_i in range(start, min(n, start + BATCH)):
            when = t0 + timedelta(seconds=20 * n_i)
            art, enr = _article(rng, pool, n_i, when)
            items.append(ArticleWrite(entry_id=None, source_id=sources[n_i % 50].id or 0,
                                      article=art, enrichment=enr, fetched_at=when,
                                      url=art.url or ""))
            if not plan or rng.random() < 0.3:  # a new story about every third report
                key -= 1
                plan.append(StoryPlacement(story=key, features={}, when=when,
                                           title=art.title or "", language=enr.language))
            else:
                plan.append(StoryPlacement(story=key, features={}, when=when))
        store.save_articles(items, place=lambda ids, plan=plan: plan[:len(ids)])
    rows = store.story_rows(order="updated", limit=TOP_SCORED)
    store.set_story_scores([(r.id, rng.uniform(1, 10) * r.n_articles) for r in rows])
    return time.perf_counter() - started


# -- serving, crawling, load -----------------------------------------------------------------

def serve(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([*SVODKA, "serve", "--port", str(port), "--workers", str(workers)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            if proc.poll() is not None:
                said = proc.stdout.read().decode()[-2000:] if proc.stdout else ""
                raise SystemExit(f"svodka serve exited: {said}") from None
            time.sleep(0.2)
    raise SystemExit("svodka serve did not start in 60 s")


def start_crawl(env: dict[str, str], store: Store, outlets: int, per_outlet: int
                ) -> tuple[object, subprocess.Popen[bytes]]:
    """A generated local web, its outlets added to the store, and `svodka crawl` running in a
    process group of its own (paused and resumed whole by ``Pacer``), with one CPU worker, at
    a lower priority than the site (as a deployment runs a batch job beside a server)."""
    from svodka.demo import SyntheticWeb
    from svodka.sources.opml import read_opml

    web = SyntheticWeb(n_outlets=outlets, articles_per_outlet=per_outlet).start()
    store.add_sources(read_opml(web.opml().encode("utf-8")))
    crawl_env = {**env, "SVODKA_FETCH_ALLOW": "127.0.0.1", "SVODKA_CPU_WORKERS": "1"}
    proc = subprocess.Popen(["nice", "-n", str(CRAWL_NICE), *SVODKA, "crawl"], env=crawl_env,
                            start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return web, proc


def newest_id(store: Store) -> int:
    from sqlalchemy import text

    with store.engine.connect() as c:
        return int(c.scalar(text("SELECT max(id) FROM articles")) or 0)


class Pacer(threading.Thread):
    """Holds a crawl to ``rate`` stored articles a second: its process group is stopped while
    it is ahead of that pace and continued while it is behind (checked every ``PACE_TICK``)."""

    def __init__(self, store: Store, proc: subprocess.Popen[bytes], rate: float) -> None:
        super().__init__(daemon=True)
        self.store, self.proc, self.rate = store, proc, rate
        self.first = newest_id(store)
        self.started = time.monotonic()
        self.halt = threading.Event()
        self.paused = False

    def stored(self) -> int:
        return newest_id(self.store) - self.first

    def _hold(self, pause: bool) -> None:
        if pause != self.paused and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGSTOP if pause else signal.SIGCONT)
            self.paused = pause

    def run(self) -> None:
        while not self.halt.wait(PACE_TICK):
            due = self.rate * (time.monotonic() - self.started)
            self._hold(self.stored() >= due + 1)

    def stop(self) -> float:
        """Stop pacing, let the crawl run again; the articles/s it stored meanwhile."""
        self.halt.set()
        self.join()
        self._hold(False)
        return self.stored() / (time.monotonic() - self.started)


def stop_crawl(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGCONT)
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@dataclass(slots=True)
class Latency:
    name: str
    rate: float  # requests/s asked
    done: float  # requests/s answered
    p50_ms: float
    p99_ms: float
    errors: int


HEY_PCT = re.compile(r"(\d+)% in ([\d.]+) secs")


def hey(name: str, url: str, rate: float, seconds: int) -> subprocess.Popen[str]:
    workers = max(1, min(HEY_WORKERS, int(rate)))
    return subprocess.Popen(["hey", "-z", f"{seconds}s", "-c", str(workers),
                             "-q", f"{rate / workers:.2f}", "-disable-compression", url],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "GOMAXPROCS": "1"})  # one thread: costs little


def read_hey(name: str, rate: float, proc: subprocess.Popen[str]) -> Latency:
    out = proc.communicate()[0]
    pct = {int(p): float(s) * 1000 for p, s in HEY_PCT.findall(out)}
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    codes = re.findall(r"\[(\d{3})\]\s+(\d+) responses", out)
    failed = out.partition("Error distribution:")[2]
    errors = (sum(int(n) for code, n in codes if code != "200")
              + sum(int(n) for n in re.findall(r"\[(\d+)\]\s", failed)))
    return Latency(name, rate, float(rps.group(1)) if rps else 0.0, pct.get(50, float("nan")),
                   pct.get(99, float("nan")), errors)


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """CPU seconds of ``pid`` and its children (the server's worker processes)."""
    pids = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int(_stat(int(entry.name))[1]) == pid:
                    pids.append(int(entry.name))
            except (OSError, IndexError):
                continue
    total = 0
    for p in pids:
        try:
            fields = _stat(p)
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def cpu_per_request(pid: int, url: str, n: int) -> float:
    """The server's CPU milliseconds per request (what bounds its rate, whatever else runs)."""
    subprocess.run(["hey", "-n", "10", "-c", "2", url], capture_output=True)  # warm
    start = cpu_seconds(pid)
    subprocess.run(["hey", "-n", str(n), "-c", "4", url], capture_output=True)
    return (cpu_seconds(pid) - start) * 1000 / n


def cold_articles(base: str, ids: list[int], seconds: int) -> str:
    """Article pages not asked before (every request a cache miss), wrk at 2 connections."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text("ids = {" + ",".join(map(str, ids)) + "}\nn = 0\n"
                      "request = function()\n  n = n + 1\n"
                      "  return wrk.format('GET', '/articles/' .. ids[(n % #ids) + 1])\nend\n")
    out = subprocess.run(["wrk", "-t1", "-c2", f"-d{seconds}s", "--latency", "-s", str(script),
                          base], capture_output=True, text=True).stdout
    script.unlink()
    lat = re.search(r"50%\s+(\S+).*?99%\s+(\S+)", out, re.S)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return (f"cold article pages (wrk, 2 connections, {len(ids)} ids): "
            f"{rps.group(1) if rps else '?'} req/s, p50 {lat.group(1) if lat else '?'}, "
            f"p99 {lat.group(2) if lat else '?'}")


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def cpu_table(server: subprocess.Popen[bytes], base: str, urls: dict[str, str], n: int) -> None:
    print(f"{'endpoint':<10}{'CPU ms/request':>16}{'requests/s per core':>22}  (no crawl, "
          f"load average {load_average()})")
    for name, path in [*urls.items(), ("static", "/static/site.css")]:
        ms = cpu_per_request(server.pid, base + path, n)
        print(f"{name:<10}{ms:>16.2f}{1000 / ms if ms else float('inf'):>22.0f}", flush=True)


def load_during_crawl(env: dict[str, str], store: Store, base: str, urls: dict[str, str],
                      args: argparse.Namespace) -> None:
    """The fixed-rate load while a crawl, held to ``--crawl-rate``, stores articles."""
    before = newest_id(store)
    web, crawl = start_crawl(env, store, args.crawl_outlets, args.crawl_per_outlet)
    try:
        deadline = time.monotonic() + args.crawl_wait  # the load starts once the crawl stores
        while newest_id(store) == before and time.monotonic() < deadline:
            time.sleep(0.5)
        pacer = Pacer(store, crawl, args.crawl_rate)
        pacer.start()
        time.sleep(2)  # the crawl settles into its pace before the load starts
        load_before = load_average()
        procs = {name: hey(name, base + path, args.rate * MIX[name], args.seconds)
                 for name, path in urls.items()}
        procs["static"] = hey("static", base + "/static/site.css", BASELINE_RATE, args.seconds)
        results = [read_hey(n, args.rate * MIX.get(n, 0) or BASELINE_RATE, p)
                   for n, p in procs.items()]
        load_after = load_average()
        rate = pacer.stop()
        crawling = crawl.poll() is None
    finally:
        stop_crawl(crawl)
        web.stop()  # type: ignore[attr-defined]
    print(f"{'endpoint':<10}{'asked/s':>9}{'done/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for r in results:
        print(f"{r.name:<10}{r.rate:>9.0f}{r.done:>9.1f}{r.p50_ms:>9.1f}{r.p99_ms:>9.1f}"
              f"{r.errors:>8}")
    total = sum(r.done for r in results if r.name != "static")
    worst = max(r.p99_ms for r in results if r.name != "static")
    print(f"mix: {total:.0f} req/s answered of {args.rate} asked, worst p99 {worst:.1f} ms "
          f"(goal < 50 ms); the crawl stored {rate:.2f} articles/s (held to {args.crawl_rate})"
          f"{' and was still running' if crawling else ' and had finished'}; load average "
          f"{load_before} before the load, {load_after} after", flush=True)


def bench_backend(label: str, url: str, data_dir: Path, args: argparse.Namespace) -> None:
    store = Store(url)
    print(f"\n== {label}: {url.split('@')[-1]}", flush=True)
    have = store.count_articles()
    if args.keep and have >= args.articles:
        print(f"kept from an earlier run: {have} articles", flush=True)
    else:
        took = generate(store, args.articles)
        print(f"generated {args.articles} articles in {took:.0f} s "
              f"({args.articles / took:.0f}/s through save_articles)", flush=True)
    story = store.story_rows(order="score", limit=1)[0].id
    article = store.latest_articles(limit=1)[0].id
    env = {**os.environ, "SVODKA_DATA_DIR": str(data_dir), "SVODKA_DATABASE_URL": url}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(env, port, args.workers)
    urls = {"home": "/", "story": f"/stories/{story}", "article": f"/articles/{article}",
            "search": "/search?q=" + WORDS["en"][2], "api": "/api/v1/articles?limit=20"}
    try:
        print(f"svodka serve --workers {args.workers}", flush=True)
        cpu_table(server, base, urls, args.cpu_requests)
        load_during_crawl(env, store, base, urls, args)
        ids = random.Random(3).sample(range(1, args.articles), 3000)
        print(cold_articles(base, ids, args.cold_seconds), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
        store.close()


def postgres_database(admin_url: str, *, keep: bool) -> str:
    """The bench's own database (``<name>``, made over the admin database ``test``): dropped
    and made again unless ``keep``."""
    from sqlalchemy import create_engine, text

    base, name = admin_url.rsplit("/", 1)
    engine = create_engine(base.replace("postgresql://", "postgresql+psycopg://") + "/" + ADMIN_DB,
                           isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        exists = c.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists and not keep:
            c.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        if not exists or not keep:
            c.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--rate", type=int, default=300, help="requests/s over the mix")
    ap.add_argument("--seconds", type=int, default=20, help="length of the fixed-rate run")
    ap.add_argument("--cold-seconds", type=int, default=10)
    ap.add_argument("--crawl-outlets", type=int, default=20)
    ap.add_argument("--crawl-per-outlet", type=int, default=100)
    ap.add_argument("--crawl-rate", type=float, default=2.0,
                    help="stored articles/s the crawl is held to (about 0.2 s of CPU each)")
    ap.add_argument("--workers", type=int, default=2, help="svodka serve --workers")
    ap.add_argument("--crawl-wait", type=float, default=180.0,
                    help="at most this many seconds for the crawl's first stored article")
    ap.add_argument("--cpu-requests", type=int, default=400,
                    help="requests per endpoint for the CPU-per-request figures")
    ap.add_argument("--keep", metavar="DIR",
                    help="keep the generated stores (SQLite in DIR, the PostgreSQL database) "
                         "and reuse them when they hold enough articles")
    ap.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/svodka_bench_web")
    args = ap.parse_args()
    if missing := tools():
        print(f"bench/web.py needs {', '.join(missing)} (Debian: apt-get install -y "
              f"{' '.join(missing)}); it installs nothing itself", file=sys.stderr)
        return 2
    print(f"{os.cpu_count()} cores; rate {args.rate} req/s: "
          + ", ".join(f"{k} {v:.0%}" for k, v in MIX.items())
          + f"; static baseline {BASELINE_RATE} req/s", flush=True)
    with tempfile.TemporaryDirectory(prefix="svodka-web-bench-") as scratch:
        tmp = args.keep or scratch
        if args.backend in ("sqlite", "both"):
            d = Path(tmp) / "sqlite"
            d.mkdir(parents=True, exist_ok=True)
            bench_backend("SQLite", f"sqlite:///{d / 'svodka.db'}", d, args)
        if args.backend in ("postgresql", "both"):
            d = Path(tmp) / "pg"
            d.mkdir(parents=True, exist_ok=True)
            try:
                url = postgres_database(args.pg_url, keep=args.keep is not None)
            except Exception as exc:  # noqa: BLE001 - say why, then go on without it
                print(f"PostgreSQL at {args.pg_url} not usable: {type(exc).__name__}: {exc}")
                return 1
            bench_backend("PostgreSQL", url, d, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
