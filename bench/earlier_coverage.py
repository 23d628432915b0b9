"""Earlier coverage on the labelled pair sets: are a story's sibling events (same subject, another occurrence) found, and unrelated ones left out?

    python bench/earlier_coverage.py [--set crosslang|samelang] [--own-only]

The sets (``tests/stories/data/{crosslang,samelang}``, see their READMEs) label pairs of reports
"same event" or not, and mark the negatives that share people, places or subject as ``hard``:
the next or the previous occurrence of the same thing, which is what a story's earlier coverage
(«Ранее сообщали») should list. Here an *event* is a connected group of same-event pairs; two
events are *related* when a hard negative joins them and *unrelated* when an easy negative does
(other pairs of events carry no label). Every event's reports are enriched by the pipeline's own
code and made one story's subject (``svodka.stories.coverage.subject``); each event then looks
up its earlier coverage among all the others (with its reports' mean sentence vector, as a
story's, and without) (``CoverageIndex.earlier``, the pipeline's ``k``;
the sets carry no dates, so every other event counts as older). Reported: of the related events,
the share found (recall); of the labelled events found, the share related (precision); and how
many found events carry no label. Baseline in the same run: the ``k`` events whose reports' mean
sentence vectors (multilingual-e5-small, as the pipeline computes them) are nearest, among those
at or above the median cosine of all pairs of events (a floor chosen without labels).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import crosslang as cl  # noqa: E402  (bench/crosslang.py: the sets' loaders)
from svodka.enrich import enrich  # noqa: E402
from svodka.pipeline.cluster import record_article  # noqa: E402
from svodka.stories.coverage import MAX_EARLIER, CoverageIndex, Covered, subject  # noqa: E402


def events(docs: dict[str, cl.Doc], pairs: list[cl.Pair]) -> dict[str, int]:
    """Each document's event: the connected groups of same-event pairs (union-find)."""
    parent = {d: d for d in docs}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        if p.same:
            parent[root(p.a)] = root(p.b)
    roots = sorted({root(d) for d in docs})
    number = {r: i for i, r in enumerate(roots)}
    return {d: number[root(d)] for d in docs}


def labels(event: dict[str, int], pairs: list[cl.Pair]) -> dict[frozenset[int], bool]:
    """Pairs of events: True when a hard negative joins them (related), False for an easy one."""
    out: dict[frozenset[int], bool] = {}
    for p in pairs:
        if not p.same and event[p.a] != event[p.b]:
            key = frozenset((event[p.a], event[p.b]))
            out[key] = out.get(key, False) or p.hard
    return out


def found_by_coverage(members: dict[int, list[cl.Doc]],
                      vectors: dict[int, np.ndarray] | None) -> dict[int, list[int]]:
    """Each event's earlier coverage among all the others; ``vectors``: the events' sentence
    vectors (None: entities and keywords alone, as before 7 December 2026)."""
    stories = []
    for e, docs in members.items():
        enrichments = [enrich(record_article({"id": d.id, "title": d.title, "text": d.text,
                                              "language": d.language})) for d in docs]
        stories.append(Covered(e, subject(enrichments),
                               vector=vectors[e] if vectors is not None else None,
                               langs=frozenset(d.language for d in docs)))
    index = CoverageIndex(stories)
    return {c.story_id: index.earlier(c, k=MAX_EARLIER) for c in stories}


def event_vectors(members: dict[int, list[cl.Doc]]) -> dict[int, np.ndarray]:
    """Each event's sentence vector: its reports' mean (as a story's), L2-normalised."""
    from svodka.enrich.embedding import embed_many

    out = {}
    for e, docs in members.items():
        v = embed_many([(d.title or "", d.text or "") for d in docs]).mean(0)
        out[e] = v / np.linalg.norm(v)
    return out


def found_by_vectors(vectors: dict[int, np.ndarray]) -> dict[int, list[int]]:
    """The nearest events by mean sentence vector, at or above the median cosine of all pairs."""
    ids = sorted(vectors)
    vec = np.array([vectors[e] for e in ids])
    gram = vec @ vec.T
    np.fill_diagonal(gram, -1.0)
    floor = float(np.median(gram[np.triu_indices(len(ids), 1)]))
    out = {}
    for i, e in enumerate(ids):
        order = [j for j in np.argsort(-gram[i]) if gram[i, j] >= floor][:MAX_EARLIER]
        out[e] = [ids[j] for j in order]
    return out


@dataclass(frozen=True, slots=True)
class Found:
    """How one method's earlier coverage falls on the labelled pairs of events."""

    hit: int  # related events found
    related: int  # related events, counted from each side
    wrong: int  # unrelated events found
    unlabelled: int  # found events that no pair labels

    @property
    def recall(self) -> float:
        return self.hit / self.related if self.related else 0.0

    @property
    def precision(self) -> float:
        return self.hit / (self.hit + self.wrong) if self.hit + self.wrong else 0.0


def score(found: dict[int, list[int]], labelled: dict[frozenset[int], bool]) -> Found:
    said = [labelled.get(frozenset((e, o))) for e, got in found.items() for o in got]
    return Found(hit=said.count(True), related=2 * sum(labelled.values()),
                 wrong=said.count(False), unlabelled=said.count(None))


def measure(set_dir: Path, shared: Path | None
            ) -> tuple[dict[int, list[cl.Doc]], dict[frozenset[int], bool]]:
    """A set's events (their documents) and the labelled pairs of events."""
    docs = {k: d for k, d in cl.load_docs(shared, set_dir).items() if d.text is not None}
    pairs = cl.usable(docs, cl.load_pairs(set_dir), own_only=shared is None)
    event = events(docs, pairs)
    members: dict[int, list[cl.Doc]] = defaultdict(list)
    for k, e in event.items():
        members[e].append(docs[k])
    return dict(members), labels(event, pairs)


def report(name: str, s: Found) -> None:
    print(f"{name:44} {s.recall:7.3f} {s.precision:9.3f} {s.hit:5d}/{s.related:<5d} "
          f"{s.wrong:6d} {s.unlabelled:8d}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", choices=sorted(cl.SETS), default="samelang")
    ap.add_argument("--own-only", action="store_true",
                    help="only the texts written for the set (as without ../shared/data)")
    args = ap.parse_args()
    shared = None if args.own_only or not cl.SHARED.is_dir() else cl.SHARED
    members, labelled = measure(cl.SETS[args.set], shared)
    n_docs = sum(len(v) for v in members.values())
    print(f"{args.set}: {n_docs} documents in {len(members)} events; "
          f"{sum(labelled.values())} related and {sum(not v for v in labelled.values())} "
          f"unrelated pairs of events labelled; k = {MAX_EARLIER}")
    print(f"{'method':44} {'recall':>7} {'precision':>9} {'found':>11} {'wrong':>6} "
          f"{'unlabelled':>8}")
    vectors = event_vectors(members)
    report("svodka earlier coverage", score(found_by_coverage(members, vectors), labelled))
    report("  the same by entities and keywords alone",
           score(found_by_coverage(members, None), labelled))
    report("mean e5 vector, k nearest above the median",
           score(found_by_vectors(vectors), labelled))
    return 0


if __name__ == "__main__":
    sys.exit(main())
