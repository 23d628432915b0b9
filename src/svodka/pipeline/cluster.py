"""``svodka stories cluster FILE.jsonl``: articles in arrival order in, their stories out, by the pipeline's own code."""

from __future__ import annotations

import json
import multiprocessing
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from typing import Any, BinaryIO, TextIO

from svodka import stories
from svodka.dates import parse_date, parse_printed_date, parse_unix_time
from svodka.enrich import enrich
from svodka.enrich.embedding import article_vector, titled
from svodka.jsonl import numbered_lines, parse_object
from svodka.markup import paragraphs, plain_line
from svodka.records import Article, Block, Enrichment

# Lines read and analysed at a time: worker processes enrich and encode a batch in parallel, then
# its articles are placed one by one; memory holds one batch, not the file.
BATCH = 256
# Fewer articles than this in a batch are analysed in this process: starting workers (each loads
# the models) costs more than it saves.
MIN_PARALLEL = 32


def story_features(article: Article, enrichment: Enrichment) -> stories.StoryFeatures:
    """An article's story features, its sentence vector included: what the pipeline and the
    ``stories cluster`` command hand to the story engine. An article without a title is read
    with its first sentence as one (``embedding.titled``); the vector is the one the
    enrichment's category read (``embedding.article_vector``)."""
    article = titled(article)
    return stories.features(article, enrichment, embedding=article_vector(article))


def record_article(record: Any, problems: list[str] | None = None) -> Article:
    """The article of one input line; ``ValueError`` says why the line cannot be placed. What
    is wrong but does not stop it (a date that cannot be read: the article is placed without
    it) is appended to ``problems``."""
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    if record.get("id") is None:
        raise ValueError('no "id"')
    if not isinstance(record["id"], str | int) or isinstance(record["id"], bool):
        raise ValueError('"id" must be a string or an integer')
    title, text = record.get("title"), record.get("text")
    if not isinstance(title, str) or not isinstance(text, str) or not (title or text).strip():
        raise ValueError('"title" and "text" must be strings, not both empty')
    published = record.get("published")
    when = record_date(published)
    if when is None and published not in (None, "") and problems is not None:
        problems.append(f'"published" is not a date, placed without one: {str(published)[:40]!r}')
    language = record.get("language")
    blocks = [Block(text=p) for p in paragraphs(text)]
    return Article(url=record.get("url") if isinstance(record.get("url"), str) else None,
                   title=plain_line(title), blocks=blocks, published=when,
                   language=language if isinstance(language, str) else None)


def record_date(value: Any) -> datetime | None:
    """An input line's publication time: ISO 8601 or RFC 2822 (a time without a zone is UTC),
    a Unix time in seconds or milliseconds, or a date as printed ("16.04.2024 10:00",
    "16 апреля 2024"); None when it is none of them."""
    found = parse_date(value) or parse_unix_time(value)  # each refuses what it does not read
    if found is None and isinstance(value, str):
        found = parse_printed_date(value)
    return found


def analysed(article: Article) -> stories.StoryFeatures:
    """An article's story features from scratch (enrichment, sentence vector): the work a
    worker process does for ``run_cluster``."""
    return story_features(article, enrich(article))


def run_cluster(inp: BinaryIO, out: TextIO, jobs: int = 1) -> int:
    """Place every line's article in a story, in input order, then write ``{"id","story"}``
    lines with the stories as they end (merges and splits applied). A bad line (not UTF-8, not
    JSON, over ``jsonl.MAX_LINE_BYTES``, without an id or a text) is reported on stderr and
    skipped; ``jsonl.InputError`` when the input is not UTF-8 at all. ``jobs`` processes analyse
    the articles (``BATCH`` lines at a time, once there are ``MIN_PARALLEL``); they are placed one
    by one in input order, so the stories are the same whatever ``jobs``. Exit status: 0 when all
    lines were placed, 1 when any was skipped."""
    status = 0
    matcher = stories.StoryMatcher()
    ids: list[Any] = []
    seen: dict[Any, int] = {}  # id -> the line that gave it
    pool: ProcessPoolExecutor | None = None
    try:
        for batch in _batches(inp):
            good: list[tuple[Any, Article]] = []
            for n, line in batch:
                try:
                    record = parse_object(line)
                    problems: list[str] = []
                    article = record_article(record, problems)
                    if record["id"] in seen:
                        raise ValueError(f"id {json.dumps(record['id'], ensure_ascii=False)} "
                                         f"already given on line {seen[record['id']]}")
                except ValueError as exc:
                    print(f"line {n}: skipped: {exc}", file=sys.stderr)
                    status = 1
                    continue
                for problem in problems:
                    print(f"line {n}: {problem}", file=sys.stderr)
                seen[record["id"]] = n
                good.append((record["id"], article))
            if pool is None and jobs > 1 and len(good) >= MIN_PARALLEL:
                pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"))
            articles = [a for _, a in good]
            found = (pool.map(analysed, articles, chunksize=max(1, len(articles) // (4 * jobs)))
                     if pool is not None else map(analysed, articles))
            for (record_id, _), features in zip(good, found, strict=True):
                matcher.assign(features, len(ids))
                ids.append(record_id)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    for aid, story in sorted(matcher.partition().items()):
        out.write(json.dumps({"id": ids[aid], "story": story}, ensure_ascii=False) + "\n")
    out.flush()
    return status


def _batches(inp: BinaryIO) -> Iterator[list[tuple[int, bytes | None]]]:
    """The non-blank lines with their numbers (None: too long to read), ``BATCH`` at a time."""
    batch: list[tuple[int, bytes | None]] = []
    for n, line in numbered_lines(inp):
        if line is None or line.strip():
            batch.append((n, line))
            if len(batch) == BATCH:
                yield batch
                batch = []
    if batch:
        yield batch
