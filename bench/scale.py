"""Scale-out benchmark: queue workers on PostgreSQL + a broker with 1, 2 and 4 processes, beside
the in-process crawl on SQLite, over one generated web, in one run.

    python bench/scale.py [--outlets 20] [--per-outlet 50] [--processes 1,2,4] [--threads 4]
        [--pg postgresql://postgres@127.0.0.1:5432/test] [--broker redis://127.0.0.1:6379/15]

Each run: a fresh PostgreSQL database and an empty broker (a Redis database of its own, flushed,
or a RabbitMQ vhost's queue), the web's feeds as sources, `svodka worker --processes N` started,
`svodka scheduler --tick 1` beside them, until every announced article is stored. Reported: articles/s from the
first pass to the last article, CPU per article of the workers (all their processes) and of the
scheduler, and peak memory of the largest worker process; the in-process crawl on SQLite
(`svodka crawl`, its own worker pool) on the same web is the baseline. The machine's cores bound
what more processes can give: the figures say how far from linear it is.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from svodka.config import Settings  # noqa: E402
from svodka.demo import SyntheticWeb  # noqa: E402
from svodka.store import Store  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import timed_crawl  # noqa: E402

DONE_TIMEOUT = 1800.0  # seconds one run may take before it is reported as stalled


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            kids = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            kids = []
        todo.extend(int(k) for k in kids)
    return out


def _cpu_and_rss(pids: list[int]) -> tuple[float, float]:
    """CPU seconds (user + system) of the processes, and the largest peak RSS in MB."""
    cpu, peak = 0.0, 0.0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        cpu += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        hwm = next((ln.split()[1] for ln in status.splitlines() if ln.startswith("VmHWM")), "0")
        peak = max(peak, int(hwm) / 1024)
    return cpu, peak


def _fresh_pg(admin_url: str) -> tuple[str, str]:
    import psycopg

    name = f"svodka_scale_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name, name


def _drop_pg(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _empty_broker(url: str) -> None:
    if url.startswith("redis"):
        import redis

        redis.Redis.from_url(url).flushdb()


def workers_run(web: SyntheticWeb, processes: int, threads: int, pg_admin: str, broker: str,
                data_dir: Path) -> str:
    db_url, db_name = _fresh_pg(pg_admin)
    _empty_broker(broker)
    hosts = ",".join(sorted({o.base_url.split("/")[2].rsplit(":", 1)[0] for o in web.outlets}))
    env = {**os.environ, "SVODKA_DATABASE_URL": db_url, "SVODKA_BROKER_URL": broker,
           "SVODKA_FETCH_ALLOW": hosts, "SVODKA_DATA_DIR": str(data_dir),
           "SVODKA_MEDIA_URL": "file",
           "SVODKA_TASK_LEASE": "60"}  # a message lost in the run is handed out again soon
    store = Store(db_url)
    from svodka.pipeline.admin import import_opml
    from svodka.pipeline.runner import Pipeline

    import_opml(Pipeline(Settings(data_dir=data_dir, database_url=db_url), store=store),
                web.opml().encode())
    n = len(web.articles)
    cli = [sys.executable, "-m", "svodka.cli"]
    worker = subprocess.Popen([*cli, "worker", "--processes", str(processes), "--threads",
                               str(threads)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    scheduler = subprocess.Popen([*cli, "scheduler", "--tick", "1"], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 start_new_session=True)
    try:
        started = time.monotonic()
        while store.count_articles() < n and time.monotonic() - started < DONE_TIMEOUT:
            if scheduler.poll() is not None or worker.poll() is not None:
                return "the scheduler or the workers stopped"
            time.sleep(0.5)
        took = time.monotonic() - started
        stored = store.count_articles()
        cpu, peak = _cpu_and_rss(_tree(worker.pid))
        sched_cpu, _ = _cpu_and_rss([scheduler.pid])
    finally:
        for p in (worker, scheduler):
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(timeout=60)
        store.close()
        _drop_pg(pg_admin, db_name)
    per = 1000 / max(1, stored)
    return (f"{processes} worker process{'es' if processes > 1 else ''} x {threads} threads "
            f"(PostgreSQL + {broker.split(':')[0]}): {stored / took:7.1f} articles/s "
            f"({stored}/{n} in {took:.0f}s, the workers' model loading included); CPU per "
            f"article: workers {cpu * per:.1f} ms, scheduler {sched_cpu * per:.1f} ms; "
            f"largest worker {peak:.0f} MB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--outlets", type=int, default=20)
    ap.add_argument("--per-outlet", type=int, default=50)
    ap.add_argument("--processes", default="1,2,4")
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--broker", default="redis://127.0.0.1:6379/15")
    args = ap.parse_args()
    with SyntheticWeb(n_outlets=args.outlets, articles_per_outlet=args.per_outlet,
                      separate_process=True) as web, \
            tempfile.TemporaryDirectory(prefix="svodka-scale-") as tmp:
        n = len(web.articles)
        print(f"synthetic web: {len(web.outlets)} outlets, {n} articles; {os.cpu_count()} cores",
              flush=True)
        from svodka.pipeline import Pipeline
        from svodka.pipeline.admin import import_opml

        hosts = sorted({o.base_url.split("/")[2].rsplit(":", 1)[0] for o in web.outlets})
        pipeline = Pipeline(Settings(data_dir=Path(tmp) / "inproc", fetch_allow=hosts,
                                     fetch_concurrency=64))
        import_opml(pipeline, web.opml().encode())
        m = timed_crawl(pipeline, web.pid)
        stored = m.summary.stored
        per = 1000 / max(1, stored)
        print(f"baseline: in-process crawl (SQLite, its CPU pool): {stored / m.seconds:7.1f} "
              f"articles/s ({stored}/{n} in {m.seconds:.0f}s); CPU "
              f"{(m.main_cpu + m.workers_cpu) * per:.1f} ms/article", flush=True)
        for k in [int(x) for x in args.processes.split(",")]:
            print(workers_run(web, k, args.threads, args.pg, args.broker, Path(tmp) / f"w{k}"),
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
