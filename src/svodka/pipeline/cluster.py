"""``svodka stories cluster FILE.jsonl``: articles in arrival order in, their stories out, by the pipeline's own code."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from svodka import stories
from svodka.dates import parse_date
from svodka.enrich import enrich
from svodka.enrich.embedding import embed
from svodka.records import Article, Block, Enrichment


def story_features(article: Article, enrichment: Enrichment) -> stories.StoryFeatures:
    """An article's story features, its sentence vector included: what the pipeline and the
    ``stories cluster`` command hand to the story engine."""
    lead = article.lead or next((p for p in article.paragraphs if p.strip()), "")
    return stories.features(article, enrichment, embedding=embed(article.title or "", lead))


def record_article(record: Any) -> Article:
    """The article of one input line; ``ValueError`` says what is wrong with it."""
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
    when = None
    if published is not None:
        when = parse_date(published)  # ISO 8601 or RFC 2822; a date without a zone is UTC
        if when is None:
            raise ValueError(f'"published" is not an ISO 8601 date: {str(published)[:40]!r}')
    language = record.get("language")
    blocks = [Block(text=p.strip()) for p in text.split("\n") if p.strip()]
    return Article(url=record.get("url") if isinstance(record.get("url"), str) else None,
                   title=title, blocks=blocks, published=when,
                   language=language if isinstance(language, str) else None)


def run_cluster(inp: TextIO, out: TextIO) -> int:
    """Place every line's article in a story, in input order, then write ``{"id","story"}``
    lines with the stories as they end (merges and splits applied). A bad line is reported on
    stderr and skipped. Exit status: 0 when all lines were placed, 1 when any was skipped."""
    status = 0
    matcher = stories.StoryMatcher()
    ids: list[Any] = []
    seen: dict[Any, int] = {}  # id -> the line that gave it
    for n, line in enumerate(inp, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            article = record_article(record)
            if record["id"] in seen:
                raise ValueError(f"id {json.dumps(record['id'], ensure_ascii=False)} "
                                 f"already given on line {seen[record['id']]}")
        except ValueError as exc:
            print(f"line {n}: skipped: {exc}", file=sys.stderr)
            status = 1
            continue
        seen[record["id"]] = n
        matcher.assign(story_features(article, enrich(article)), len(ids))
        ids.append(record["id"])
    for aid, story in sorted(matcher.partition().items()):
        out.write(json.dumps({"id": ids[aid], "story": story}, ensure_ascii=False) + "\n")
    out.flush()
    return status
