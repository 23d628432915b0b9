"""svodka's command line: a thin front end over the pipeline, the extractor and the site."""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

# One BLAS thread per process: the NER models' small matrices gain nothing from more, and the
# pipeline already runs one process per core (set before numpy is first imported).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from svodka.config import Settings  # noqa: E402

Handler = Callable[[argparse.Namespace, Settings], int]


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(args.data_dir, config_file=args.config,
                             database_url=args.database_url)


def _pipeline(settings: Settings):  # noqa: ANN202 - imported lazily to keep --help fast
    from svodka.pipeline import Pipeline

    return Pipeline(settings)


# -- sources ---------------------------------------------------------------------------------


def cmd_sources_add(args: argparse.Namespace, settings: Settings) -> int:
    from svodka.console import terminal_text
    from svodka.fetch import FetchError
    from svodka.pipeline.admin import add_source
    from svodka.sources import SourceError

    pipeline = _pipeline(settings)

    async def go() -> int:
        try:
            src = await add_source(pipeline, args.url, name=args.name or "", kind=args.kind,
                                   language=args.language, discover=not args.no_discover)
        except (FetchError, SourceError) as exc:
            print(f"error: {terminal_text(args.url)}: {terminal_text(exc.reason)}",
                  file=sys.stderr)
            return 1
        finally:
            await pipeline.aclose()
        print(f"added source {src.id}: {terminal_text(src.name or '(unnamed)')} "
              f"<{terminal_text(src.url)}>")
        return 0

    return asyncio.run(go())


def cmd_sources_import(args: argparse.Namespace, settings: Settings) -> int:
    from svodka.pipeline.admin import import_opml

    skipped: list[str] = []
    added = import_opml(_pipeline(settings), Path(args.file).read_bytes(), skipped=skipped)
    for note in skipped:
        print(f"svodka: {_one_line(ValueError(note))}", file=sys.stderr)
    print(f"imported {len(added)} sources" + (f", skipped {len(skipped)}" if skipped else ""))
    return 0


def cmd_sources_export(args: argparse.Namespace, settings: Settings) -> int:
    from svodka.pipeline.admin import export_opml

    sys.stdout.write(export_opml(_pipeline(settings)))
    return 0


def cmd_sources_list(args: argparse.Namespace, settings: Settings) -> int:
    from svodka.console import sources_table

    pipeline = _pipeline(settings)
    states = [pipeline.store.source_state(s.id or 0) for s in pipeline.store.sources()]
    sources_table(states)
    return 0


MAX_WEIGHT = 100.0  # an outlet counting as a hundred others is a typo, not a policy


def cmd_sources_weight(args: argparse.Namespace, settings: Settings) -> int:
    try:
        weight = float(args.weight)
    except ValueError:
        weight = float("nan")
    if not 0 < weight <= MAX_WEIGHT:  # nan fails too
        print(f"svodka: the weight must be a number above 0 and at most {MAX_WEIGHT:g}, "
              f"not {args.weight!r}", file=sys.stderr)
        return 2
    store = _pipeline(settings).store
    found = next((s for s in store.sources() if args.source in (str(s.id), s.name, s.url)), None)
    if found is None:
        print(f"svodka: no source {args.source!r}", file=sys.stderr)
        return 1
    store.set_source_weight(found.id or 0, weight)
    print(f"source {found.id} now weighs {weight:g} in story ranking")
    return 0


# -- users -----------------------------------------------------------------------------------


def cmd_users_add(args: argparse.Namespace, settings: Settings) -> int:
    """A user of the admin and the reader apps; the password prompted for, or one line on stdin."""
    import getpass

    from svodka.store.users import Users

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != password:
            print("svodka: the passwords differ", file=sys.stderr)
            return INPUT_ERROR_STATUS
    user = Users(_pipeline(settings).store.engine).add(args.name, password)
    print(f"user {user.name} added: log in at /admin; reader apps use the Google Reader API at "
          "/ (ClientLogin) or Fever at /fever/")
    return 0


# -- crawling, serving -----------------------------------------------------------------------


def cmd_crawl(args: argparse.Namespace, settings: Settings) -> int:
    from svodka.console import crawl_with_progress

    summary = crawl_with_progress(_pipeline(settings))
    return 0 if summary.stored or not summary.failed_entries else 1


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from svodka.server import serve

    _free_port(args.host, args.port)
    serve(_pipeline(settings), host=args.host, port=args.port, schedule=False,
          workers=args.workers or settings.web_workers)
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from svodka.server import serve

    _free_port(args.host, args.port)
    pipeline = _pipeline(settings)
    if not pipeline.store.sources():
        from svodka.sources.opml import load_default_sources

        added = [pipeline.store.add_source(s) for s in load_default_sources()]
        print(f"no sources yet: imported the {len(added)} default sources")
    serve(pipeline, host=args.host, port=args.port, schedule=True, tick=args.tick)
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from svodka.server import run_demo

    # Taken before crawling and held: the crawl's own connections may not take it meanwhile.
    sock = _bound_socket("127.0.0.1", args.port)
    return run_demo(settings, port=args.port, data_dir_given=args.data_dir is not None, sock=sock)


def cmd_reprocess(args: argparse.Namespace, settings: Settings) -> int:
    from svodka.console import terminal_text
    from svodka.pipeline.reprocess import reprocess
    from svodka.sources import SourceError

    pipeline = _pipeline(settings)
    try:
        summary = asyncio.run(reprocess(pipeline, source=args.source, since=args.since))
    except SourceError as exc:
        print(f"error: {terminal_text(exc.reason)}", file=sys.stderr)
        return 1
    print(f"rebuilt {summary.rebuilt} articles from the archive "
          f"({summary.skipped} pages skipped, {len(summary.errors)} errors)")
    for err in summary.errors[:20]:
        print(f"  {err}", file=sys.stderr)
    return 0 if not summary.errors else 1


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from svodka.config import require_extra

    with require_extra("workers", "svodka worker"):
        import dramatiq  # noqa: F401
    from svodka.pipeline.worker_env import fresh_metrics_dir, metrics_env

    fresh_metrics_dir(settings)
    env = {**os.environ, **metrics_env(settings)}
    os.execvpe(sys.executable, [sys.executable, "-m", "dramatiq", "svodka.pipeline.worker_main",
                                "--processes", str(args.processes), "--threads",
                                str(args.threads)], env)


def cmd_enqueue(args: argparse.Namespace, settings: Settings) -> int:
    from svodka.config import require_extra

    with require_extra("workers", "svodka enqueue"):
        from svodka.pipeline.worker_main import actors
    from svodka.pipeline.workers import enqueue_due

    r = enqueue_due(actors, _pipeline(settings).store, lease=settings.task_lease)
    print(f"sent {r.polls} polls, {r.entries} articles, {r.templates} template tasks"
          + (" (polls held: the workers are behind)" if r.held else ""))
    return 0


def cmd_scheduler(args: argparse.Namespace, settings: Settings) -> int:
    from svodka.config import require_extra

    with require_extra("workers", "svodka scheduler"):
        from svodka.pipeline.worker_main import actors
    from svodka.pipeline.scheduler import Scheduler, actors_sender

    scheduler = Scheduler(_pipeline(settings).store, actors_sender(actors),
                          lease=settings.task_lease)
    asyncio.run(scheduler.run_forever(tick=args.tick))
    return 0


def cmd_settings(args: argparse.Namespace, settings: Settings) -> int:
    from svodka.config import describe, table

    if args.markdown:
        print(table())
        return 0
    for d in describe():
        print(f"{d.env}={getattr(settings, d.name)!s}\n    {d.help} (default: {d.default})")
    return 0


# -- single-document tools -------------------------------------------------------------------


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from svodka.extract.command import run_extract
    from svodka.pipeline.admin import fetch_once

    return run_extract(args.inputs, args.url, args.format, sys.stdout,
                       load_url=lambda u: fetch_once(settings, u))


def cmd_classify(args: argparse.Namespace, settings: Settings) -> int:
    from svodka.enrich.command import run_classify

    if args.file == "-":
        return run_classify(sys.stdin.buffer, sys.stdout)
    with open(args.file, "rb") as inp:
        return run_classify(inp, sys.stdout)


def cmd_stories_cluster(args: argparse.Namespace, settings: Settings) -> int:
    from svodka.pipeline.cluster import run_cluster

    jobs = args.jobs or settings.cpu_processes
    if args.file == "-":
        return run_cluster(sys.stdin.buffer, sys.stdout, jobs)
    try:
        with open(args.file, "rb") as inp:
            return run_cluster(inp, sys.stdout, jobs)
    except OSError as exc:
        print(f"svodka stories cluster: {args.file}: {exc.strerror}", file=sys.stderr)
        return 2


# -- argument types --------------------------------------------------------------------------


def _port(value: str) -> int:
    port = _positive(value)
    if port > 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port (1-65535)")
    return port


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value} is not positive")
    return n


def _when(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO date or time (e.g. 2026-11-30 or 2026-11-30T08:00)"
        ) from None


def _free_port(host: str, port: int) -> None:
    """Raise OSError saying so when ``host:port`` cannot be listened on (before any work)."""
    _bound_socket(host, port).close()


def _bound_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` for the site to listen on; OSError saying so when the
    address cannot be had."""
    s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind((host, port))
    except OSError as exc:
        s.close()
        raise OSError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; "
                      "choose another with --port") from None
    return s


# -- the parser ------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="svodka",
        description="svodka: a news aggregator. Collects articles from outlets' feeds, extracts "
                    "clean articles, groups them into stories and serves a news site.")
    p.add_argument("--data-dir", help="where the database, archive and media live "
                   "(env SVODKA_DATA_DIR, default ./svodka-data)")
    p.add_argument("--database-url", help="a PostgreSQL URL instead of the SQLite file "
                   "(env SVODKA_DATABASE_URL)")
    p.add_argument("--config", help="a TOML file of settings (env SVODKA_CONFIG; the "
                   "environment overrides it; see `svodka settings`)")
    p.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Handler, help_: str, parent: argparse._SubParsersAction = sub
            ) -> argparse.ArgumentParser:
        sp = parent.add_parser(name, help=help_, description=help_)
        sp.set_defaults(handler=handler)
        return sp

    src = sub.add_parser("sources", help="manage the outlets svodka follows",
                         description="Manage the outlets svodka follows.")
    ssub = src.add_subparsers(dest="sources_command", required=True, metavar="ACTION")
    a = add("add", cmd_sources_add, "add a feed, sitemap or outlet page (feeds are discovered "
            "from an outlet's homepage)", ssub)
    a.add_argument("url")
    a.add_argument("--name")
    a.add_argument("--kind", default="auto", choices=["auto", "feed", "sitemap", "section"])
    a.add_argument("--language", help="the outlet's language (uk, ru, en, ...)")
    a.add_argument("--no-discover", action="store_true", help="store the URL without fetching it")
    i = add("import", cmd_sources_import, "import sources from an OPML file", ssub)
    i.add_argument("file")
    add("export", cmd_sources_export, "print the sources as OPML", ssub)
    add("list", cmd_sources_list, "list the sources with their polling state", ssub)
    w = add("weight", cmd_sources_weight, "how much an outlet counts in story ranking (default 1)",
            ssub)
    w.add_argument("source", help="the source's id, name or URL")
    w.add_argument("weight", help="above 0, at most 100: 2 counts as two outlets, 0.5 as half")

    us = sub.add_parser("users", help="the people who run svodka and read it in apps",
                        description="The admin's and reader apps' users.")
    usub = us.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    u = add("add", cmd_users_add, "add a user (the password is asked for)", usub)
    u.add_argument("name")
    u.add_argument("--password-stdin", action="store_true",
                   help="read the password from the first line of standard input")

    add("crawl", cmd_crawl, "one pass over every source: poll feeds, fetch, extract, enrich, "
        "group into stories and store, with a progress display and a summary")
    for name, handler, help_ in (
        ("serve", cmd_serve, "serve the news site and the JSON API"),
        ("run", cmd_run, "the scheduler and the site in one process (imports the default "
         "sources when there are none)"),
    ):
        sp = add(name, handler, help_)
        sp.add_argument("--host", default="127.0.0.1")
        sp.add_argument("--port", type=_port, default=8080)
        if name == "serve":
            sp.add_argument("--workers", type=_positive, default=None,
                            help="processes answering (default: the web_workers setting, 1)")
        if name == "run":
            sp.add_argument("--tick", type=float, default=60.0,
                            help="seconds between scheduler passes")
    w = add("worker", cmd_worker, "run queue workers (Dramatiq; broker from SVODKA_BROKER_URL, "
            "redis://… or amqp://…) that execute the pipeline's tasks")
    w.add_argument("--processes", type=_positive, default=2)
    w.add_argument("--threads", type=_positive, default=4)
    add("enqueue", cmd_enqueue, "one scheduler pass: send the queue workers what is due "
        "(polls, articles, template learning, ranking), each once")
    sc = add("scheduler", cmd_scheduler, "send the queue workers what is due, every --tick "
             "seconds, each task once however many schedulers run; polls held while the "
             "workers are behind")
    sc.add_argument("--tick", type=float, default=30.0, help="seconds between passes")
    d = add("demo", cmd_demo, "start the bundled sample news web on 127.0.0.1, crawl it and "
            "serve the site (offline)")
    d.add_argument("--port", type=_port, default=8080, help="port of the site (default 8080)")
    r = add("reprocess", cmd_reprocess, "rebuild articles from the archive with the current "
            "extractor and site templates, with no network")
    r.add_argument("--source", help="a source id, name or URL")
    r.add_argument("--since", type=_when, help="only pages fetched since this ISO date")
    st = add("settings", cmd_settings, "every setting with its current value, environment "
             "variable, default and help (file: SVODKA_CONFIG, a TOML file)")
    st.add_argument("--markdown", action="store_true", help="as the README's table")
    e = add("extract", cmd_extract, "extract articles from HTML files (.html, .html.gz, "
            "directories) or URLs")
    e.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
    e.add_argument("--url", help="the page's URL (resolves relative links)")
    e.add_argument("--format", default="json", choices=["json", "markdown", "text"])
    c = add("classify", cmd_classify, "language, entities, quotes, category and keywords for "
            "JSON lines {id,title,text} (text plain or HTML)")
    c.add_argument("file", help="a .jsonl file, or - for standard input")
    st = sub.add_parser("stories", help="the story engine on its own",
                        description="The story engine on its own.")
    stsub = st.add_subparsers(dest="stories_command", required=True, metavar="ACTION")
    sc = add("cluster", cmd_stories_cluster, "group JSON lines {id,title,text,published?,url?,"
             "language?} (in arrival order) into stories: {id,story} lines out; a url names "
             "the report's outlet, as in the pipeline; text is plain (a line a paragraph) or "
             "HTML; published is ISO 8601, RFC 2822, a Unix time or a date as printed "
             "(16.04.2024 10:00)", stsub)
    sc.add_argument("file", help="a .jsonl file, or - for standard input")
    sc.add_argument("--jobs", type=_positive, default=None, metavar="N",
                    help="processes analysing the articles (default: the cpu_workers setting, "
                         "else one per core); the stories do not depend on it")
    return p


# What a user can get wrong (a missing or unreadable file, a file of the wrong kind, a URL svodka
# refuses or cannot reach, a busy port, an optional part not installed) ends the command with
# one line and this status; -v shows the traceback.
INPUT_ERROR_STATUS = 2
MAX_MESSAGE_CHARS = 500  # an error line quotes input; keep it one readable line


def _input_errors() -> tuple[type[BaseException], ...]:
    from svodka.fetch.errors import FetchError
    from svodka.sources.result import SourceError

    return (OSError, UnicodeError, ValueError, ModuleNotFoundError, FetchError, SourceError)


def _one_line(exc: BaseException) -> str:
    """The error as one inert line (input may carry control characters)."""
    from svodka.console import terminal_text

    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        return terminal_text(f"{exc.filename}: {exc.strerror}", MAX_MESSAGE_CHARS)
    return terminal_text(str(exc) or type(exc).__name__, MAX_MESSAGE_CHARS)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from svodka.console import setup_logging

    setup_logging(verbose=args.verbose)
    try:
        return int(args.handler(args, _settings(args)) or 0)
    except KeyboardInterrupt:
        return 130
    except _input_errors() as exc:
        if args.verbose:
            raise
        print(f"svodka: error: {_one_line(exc)}", file=sys.stderr)
        return INPUT_ERROR_STATUS


if __name__ == "__main__":
    sys.exit(main())
