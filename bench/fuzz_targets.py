"""The parsers that take outlet or user input, as fuzz targets: bytes in, no crash out.

Each target feeds one input to one reader the way svodka does and accepts only the errors that
reader declares for bad input; anything else escapes and is a crash. Shared by the fuzz bench
(``bench/fuzz.py``, atheris) and the hypothesis tests (``tests/fuzz``). Seeds: the test suite's
own fixtures (feeds, sitemaps, outlet pages, golden pages) and the packaged OPML.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from svodka.enrich.command import run_classify
from svodka.extract import extract
from svodka.jsonl import InputError
from svodka.pipeline.cluster import run_cluster
from svodka.records import Page, Source
from svodka.sources import SourceError, read_source
from svodka.sources.opml import read_opml

ROOT = Path(__file__).resolve().parents[1]
URL = "https://fuzz.example/news/2026/12/02/article.html"


def extract_page(data: bytes) -> None:
    extract(data, url=URL)


def _read(data: bytes, kind: str, content_type: str) -> None:
    page = Page(url=URL, status=200, headers={"content-type": content_type}, body=data)
    try:
        read_source(Source(url=URL, kind=kind), page)  # type: ignore[arg-type]
    except SourceError:
        pass  # declared: a document that cannot be read


def feed(data: bytes) -> None:
    _read(data, "feed", "application/rss+xml")


def sitemap(data: bytes) -> None:
    _read(data, "sitemap", "application/xml")


def section(data: bytes) -> None:
    _read(data, "section", "text/html")


def opml(data: bytes) -> None:
    try:
        read_opml(data)
    except SourceError:
        pass


def classify(data: bytes) -> None:
    """`svodka classify` over the input as a JSON-lines file (bad lines are skipped)."""
    try:
        run_classify(io.BytesIO(data), io.StringIO())
    except InputError:
        pass  # declared: not UTF-8 JSON lines at all


def cluster(data: bytes) -> None:
    """`svodka stories cluster` over the input as a JSON-lines file (bad lines are skipped)."""
    try:
        run_cluster(io.BytesIO(data), io.StringIO())
    except InputError:
        pass  # declared: not UTF-8 JSON lines at all


TARGETS: dict[str, Callable[[bytes], None]] = {
    "extract": extract_page, "feed": feed, "sitemap": sitemap, "section": section,
    "opml": opml, "classify": classify, "cluster": cluster,
}

_SEEDS = {
    "extract": ["tests/extract/golden/*.html", "tests/sources/fixtures/*.html"],
    "feed": ["tests/sources/fixtures/*.xml", "tests/sources/fixtures/*.rdf",
             "tests/sources/fixtures/*.json"],
    "sitemap": ["tests/sources/fixtures/*sitemap*.xml"],
    "section": ["tests/sources/fixtures/section_*.html", "tests/sources/fixtures/homepage.html"],
    "opml": [],
    "classify": [],
    "cluster": [],
}
MAX_SEED_BYTES = 64 << 10  # libFuzzer's -max_len: larger seeds are cut to this


def seeds(target: str) -> list[bytes]:
    """Starting inputs for ``target`` (real documents of its kind)."""
    out = [p.read_bytes()[:MAX_SEED_BYTES] for pattern in _SEEDS[target]
           for p in sorted(ROOT.glob(pattern))]
    if target == "opml":
        out.append(files("svodka").joinpath("data/default_sources.opml").read_bytes())
    if target == "cluster":
        out.append('{"id": 1, "title": "Шторм «Віра» накрив Одещину", "text": "Порт зупинив '
                   'роботу.", "published": "2026-12-07T10:00:00+02:00", "url": '
                   '"https://a.example/1"}\n{"id": "b", "title": "Шторм «Вера» в Одессе", "text": '
                   '"Порт остановил работу.", "published": 1765094400, "language": "ru"}\n'
                   '{"id": 3, "title": "Storm Vera", "text": "", "published": "7 декабря 2026"}\n'
                   .encode())
    if target == "classify":
        out.append('{"id": 1, "title": "Лавров прибув до Женеви", "text": "Міністр заявив, що '
                   'переговори почнуться в січні."}\n{"id": 2, "title": "Rate cut", "text": '
                   '"The central bank cut its key rate."}\n'.encode())
    return out
