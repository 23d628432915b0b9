"""Earlier coverage at scale: what a refresh costs, and how far back it reaches, with many older stories.

    python bench/earlier_lookup.py [--stories 200000] [--refreshed 100]

A SQLite store is filled with ``--stories`` older stories, one a minute, each naming a place (Zipf
over 300), two people (Zipf over 20,000) and an organisation (Zipf over 2,000), as the refresh
stores them (subject and ``story_names``; no keywords, no sentence vectors). Then ``--refreshed`` new stories, each of two reports
naming a place and people drawn the same way, are refreshed (``refresh_stories``: titles, rank
keys, subject and earlier coverage) in one pass, as the ranking pass after a crawl batch does.
Reported for the pipeline's search (the recent pool and the stories naming the same names) and,
in the same run, for the recent pool alone (the search before 7 December 2026): wall time of the
pass, and how far back the earlier coverage found reaches (median and maximum age in days).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from svodka.pipeline import refresh
from svodka.records import Article, ArticleWrite, Block, Enrichment, Source, StoryPlacement
from svodka.store import Store
from svodka.store import schema as t
from svodka.store.stories import subject_names
from svodka.stories import coverage

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
PLACES, PEOPLE, ORGS = 300, 20_000, 2_000


def zipf(rng: random.Random, n: int) -> int:
    """A rank in 1..n, rank r drawn with weight 1/r."""
    return min(n, int(n ** rng.random()))


# Names are words whose consonant skeletons (the keys stories compare) differ: a kind's letter and
# four syllables, one per base-15 digit of the name's rank.
SYLLABLES = ("ba", "ke", "li", "mo", "nu", "pa", "re", "si", "to", "vu", "za", "de", "fi", "go",
             "hu")
LETTERS = {"LOC": "L", "PER": "P", "ORG": "G"}


def name(kind: str, rank: int) -> str:
    digits = [(rank // 15 ** k) % 15 for k in range(4)]
    return LETTERS[kind] + "".join(SYLLABLES[d] for d in digits)


def names(rng: random.Random) -> dict[str, list[str]]:
    """What one story names: a place, two people and an organisation."""
    return {"LOC": [name("LOC", zipf(rng, PLACES))],
            "PER": [name("PER", zipf(rng, PEOPLE)), name("PER", zipf(rng, PEOPLE))],
            "ORG": [name("ORG", zipf(rng, ORGS))]}


def fill(store: Store, n: int, rng: random.Random) -> None:
    """``n`` older stories, the newest a day before NOW, one a minute back."""
    stories, named = [], []
    for i in range(n):
        when = NOW - timedelta(days=1, minutes=i)
        subj = coverage.subject([Enrichment(entities=names(rng))])
        stories.append({"id": i + 1, "title": f"story {i}", "features": {}, "n_articles": 1,
                        "n_sources": 1, "languages": ["en"], "first_seen": when,
                        "updated": when, "score": 0.0, "earlier": [], "subject": subj})
        named += [{"name": k, "story_id": i + 1, "updated": when} for k in subject_names(subj)]
    with store.engine.begin() as c:
        for at in range(0, n, 5000):
            c.execute(insert(t.stories), stories[at:at + 5000])
        for at in range(0, len(named), 20000):
            c.execute(insert(t.story_names), named[at:at + 20000])


def refreshed(store: Store, n: int, rng: random.Random) -> list[int]:
    """``n`` new stories of two reports each, naming what the older ones name."""
    src = store.add_source(Source(url="https://bench.example/rss", name="bench"))
    ids = []
    for i in range(n):
        entities = names(rng)
        writes = []
        for j in range(2):
            url = f"https://bench.example/{i}/{j}"
            art = Article(url=url, title=f"Report {i} {j}", blocks=[Block("Text.")],
                          published=NOW + timedelta(minutes=i))
            writes.append(ArticleWrite(entry_id=None, source_id=src.id or 0, article=art,
                                       enrichment=Enrichment(language="en", entities=entities),
                                       fetched_at=NOW, url=url))
        aids = store.save_articles(writes)[0]
        sid = store.place_articles({aids[0]: StoryPlacement(story=-1, features={}, when=NOW,
                                                            title="new")})[-1]
        ids.append(sid)
        store.place_articles({aids[1]: StoryPlacement(story=sid, features={}, when=NOW)})
    return ids


def run(store: Store, ids: list[int], per_name: int) -> tuple[float, list[float]]:
    refresh.EARLIER_PER_NAME = per_name
    rows = [store.story(i) for i in ids]
    started = time.perf_counter()
    refresh.refresh_stories(store, [r for r in rows if r is not None])
    took = time.perf_counter() - started
    ages = []
    for i in ids:
        row = store.story(i)
        for e in row.earlier if row else []:
            older = store.story(e)
            if older is not None:
                ages.append((row.first_seen - older.updated).total_seconds() / 86400)
    return took, ages


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", type=int, default=200_000)
    ap.add_argument("--refreshed", type=int, default=100)
    args = ap.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        started = time.perf_counter()
        fill(store, args.stories, rng)
        ids = refreshed(store, args.refreshed, rng)
        print(f"{args.stories:,} older stories, {args.refreshed} refreshed "
              f"(filled in {time.perf_counter() - started:.0f} s)")
        per_name = refresh.EARLIER_PER_NAME
        for label, n in (("recent pool alone (before)", 0), ("recent pool + names", per_name),
                         ("recent pool alone (before), again", 0)):
            took, ages = run(store, ids, n)
            reach = (f"median {statistics.median(ages):.1f} d, max {max(ages):.1f} d"
                     if ages else "none")
            print(f"{label:36} refresh {took * 1000:7.0f} ms  earlier links {len(ages):4}  "
                  f"reach {reach}")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
