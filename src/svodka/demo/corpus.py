"""The hand-written sample corpus (``texts/*.txt``), parsed into entries.

Format: ``#`` lines outside an entry are comments. An entry starts with
``## slug=... outlet=... [event=...] [news=no] [days=N]``, then ``key: value`` header lines
(author, section, tags, captions, title, lead; lists separated by ``,`` or ``|`` for
captions), a blank line, and the body: one paragraph per line, blank lines between.
The number of captions is the number of images. ``days=N``: published N days before the rest
(an earlier occurrence of a subject the rest reports: a story's earlier coverage).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

# Files in publication order: newest first, so stories of one event are close in time.
CORPUS_FILES = (
    "storm.txt", "rate.txt", "football.txt", "launch.txt",
    "talks.txt", "tech.txt", "outage.txt", "singles.txt", "earlier.txt",
)


@dataclass(frozen=True, slots=True)
class CorpusEntry:
    slug: str
    outlet: str
    event: str | None
    is_news: bool
    author: str
    section: str
    tags: tuple[str, ...]
    captions: tuple[str, ...]
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    days_before: int = 0  # published this many days before the rest of the corpus


def _entry(head: str, lines: list[str]) -> CorpusEntry:
    attrs = dict(part.split("=", 1) for part in head.split())
    header: dict[str, str] = {}
    body: list[str] = []
    in_body = False
    for line in lines:
        if not in_body and not line.strip():
            in_body = bool(header)
            continue
        if in_body:
            if line.strip():
                body.append(line.strip())
        else:
            key, _, value = line.partition(":")
            header[key.strip()] = value.strip()
    missing = {"title", "lead", "author", "section", "captions"} - header.keys()
    if missing or not body:
        raise ValueError(f"corpus entry {attrs.get('slug')}: missing {sorted(missing) or 'body'}")
    return CorpusEntry(
        slug=attrs["slug"],
        outlet=attrs["outlet"],
        event=attrs.get("event"),
        is_news=attrs.get("news", "yes") != "no",
        author=header["author"],
        section=header["section"],
        tags=tuple(t.strip() for t in header.get("tags", "").split(",") if t.strip()),
        captions=tuple(c.strip() for c in header["captions"].split("|") if c.strip()),
        title=header["title"],
        lead=header["lead"],
        paragraphs=tuple(body),
        days_before=int(attrs.get("days", 0)),
    )


def parse_corpus(text: str) -> list[CorpusEntry]:
    entries: list[CorpusEntry] = []
    head: str | None = None
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("## "):
            if head is not None:
                entries.append(_entry(head, lines))
            head, lines = line[3:], []
        elif head is not None:
            lines.append(line)
    if head is not None:
        entries.append(_entry(head, lines))
    return entries


@cache
def load_corpus() -> tuple[CorpusEntry, ...]:
    folder = resources.files("svodka.demo.texts")
    out: list[CorpusEntry] = []
    for name in CORPUS_FILES:
        out.extend(parse_corpus((folder / name).read_text(encoding="utf-8")))
    return tuple(out)
