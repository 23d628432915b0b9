"""Cross-language same-event pairs: pair precision, recall and F1 for ru–en, ru–uk and uk–en.

    python bench/crosslang.py [--own-only] [--engine auto|cli|matcher]

The set is ``tests/stories/data/crosslang/`` (how it was made: its README). Its documents that
refer to the shared tgcontest corpus are read from ../shared/data at run time; without that folder
only the texts written for the set are used (``--own-only`` forces that). All documents go through
the story engine at once, in one fixed arrival order, and a pair counts as "same" when both of its
documents end in one story:

* ``svodka stories cluster`` (the pipeline's code, as a subprocess) when the command exists;
  before it does, the same code path the pipeline runs today: ``StoryMatcher`` over
  ``features(article, enrich(article))`` at its default threshold;
* the baseline, in the same run: character 3–5-gram TF-IDF (char_wb, sublinear tf, fitted on the
  set's documents, no labels) single pass, each document joining its nearest earlier document's
  cluster at or above a threshold chosen on the shared tgcontest train and honey pools (as in
  ``bench/stories.py``; never on this set), or ``BASELINE_FALLBACK_THRESHOLD`` without them.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SET_DIR = ROOT / "tests" / "stories" / "data" / "crosslang"
SHARED = ROOT.parent / "shared" / "data"
LANGUAGE_PAIRS = ("ru-en", "ru-uk", "uk-en")
PARTS = {"original": ("INPUT:title", "INPUT:text"),
         "translation": ("INPUT:trans_title", "INPUT:trans_text")}
HASH_DIGITS = 16  # hex digits of SHA-256 kept per referenced document: enough to notice a change
BASELINE_FALLBACK_THRESHOLD = 0.3  # char TF-IDF cosine when the tgcontest pools are absent
BASELINE_TEXT_CHARS = 1000  # title + this much of the text, as the shared README's baseline
CLUSTER_TIMEOUT_S = 1800


class Made(StrEnum):
    """How a pair was made."""

    CORPUS_CORPUS = "corpus-corpus"  # two original corpus documents
    CORPUS_MT = "corpus-mt"  # an English corpus item against a corpus machine translation
    OWN_CORPUS = "own-corpus"  # a text written for the set against a corpus document
    OWN_OWN = "own-own"  # two texts written for the set


@dataclass(frozen=True, slots=True)
class Ref:
    """Where a shared corpus document is: file under ../shared/data, row URL, which part."""

    file: str
    url: str
    part: str


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    language: str
    title: str | None  # None: a reference not resolved (shared data absent)
    text: str | None
    ref: Ref | None = None
    sha256: str | None = None

    @property
    def own(self) -> bool:
        return self.ref is None


@dataclass(frozen=True, slots=True)
class Pair:
    id: str
    a: str
    b: str
    same: bool
    made: Made
    hard: bool
    note: str


def digest(title: str, text: str) -> str:
    """The short hash a reference records for its document's title and text."""
    return hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()[:HASH_DIGITS]


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _read_tsv(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _row_text(row: dict[str, str], url: str, part: str) -> tuple[str, str] | None:
    """A row's (title, text) for the URL: category rows, or either side of a pair row."""
    if row.get("INPUT:url") == url:
        title, text = PARTS[part]
        return row[title], row[text]
    for side in ("first", "second"):
        if row.get(f"INPUT:{side}_url") == url:
            return row[f"INPUT:{side}_title"], row[f"INPUT:{side}_text"]
    return None


def resolve(ref: Ref, shared: Path = SHARED, cache: dict | None = None) -> list[tuple[str, str]]:
    """Every (title, text) the referenced file holds for the URL (a row can occur twice)."""
    cache = {} if cache is None else cache
    if ref.file not in cache:
        cache[ref.file] = _read_tsv(shared / ref.file)
    found = (_row_text(r, ref.url, ref.part) for r in cache[ref.file])
    return [f for f in found if f is not None]


def load_docs(shared: Path | None = SHARED, set_dir: Path = SET_DIR) -> dict[str, Doc]:
    """The set's documents; references resolved when ``shared`` exists (by URL, checked by hash)."""
    cache: dict[str, list[dict[str, str]]] = {}
    docs: dict[str, Doc] = {}
    for rec in _jsonl(set_dir / "docs.jsonl"):
        if "ref" not in rec:
            docs[rec["id"]] = Doc(rec["id"], rec["language"], rec["title"], rec["text"])
            continue
        ref = Ref(**rec["ref"])
        title = text = None
        if shared is not None and (shared / ref.file).exists():
            match = [f for f in resolve(ref, shared, cache) if digest(*f) == rec["sha256"]]
            if match:
                title, text = match[0]
        docs[rec["id"]] = Doc(rec["id"], rec["language"], title, text, ref, rec["sha256"])
    return docs


def load_pairs(set_dir: Path = SET_DIR) -> list[Pair]:
    return [Pair(p["id"], p["a"], p["b"], p["same"], Made(p["made"]), p["hard"], p["note"])
            for p in _jsonl(set_dir / "pairs.jsonl")]


def language_pair(docs: dict[str, Doc], pair: Pair) -> str:
    """ "ru-en", "ru-uk" or "uk-en" (ordered as in LANGUAGE_PAIRS)."""
    langs = {docs[pair.a].language, docs[pair.b].language}
    return next(lp for lp in LANGUAGE_PAIRS if set(lp.split("-")) == langs)


def arrival_order(docs: Iterable[Doc]) -> list[Doc]:
    """One fixed order that mixes languages and sources: by a hash of the id."""
    return sorted(docs, key=lambda d: hashlib.sha256(d.id.encode()).hexdigest())


# --- engines: documents in arrival order -> story key per document id ---

Cluster = Callable[[list[Doc]], dict[str, object]]


def cli_available() -> bool:
    return subprocess.run(_cli("--help"), capture_output=True, timeout=120).returncode == 0


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from svodka.cli import main; sys.exit(main())",
            "stories", "cluster", *args]


def cluster_cli(docs: list[Doc]) -> dict[str, object]:
    """``svodka stories cluster`` over a JSONL file of the documents."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as fh:
        for d in docs:
            fh.write(json.dumps({"id": d.id, "title": d.title, "text": d.text,
                                 "language": d.language}, ensure_ascii=False) + "\n")
        path = fh.name
    try:
        out = subprocess.run(_cli(path), capture_output=True, text=True, check=True,
                             timeout=CLUSTER_TIMEOUT_S).stdout
    finally:
        Path(path).unlink()
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    return {r["id"]: r["story"] for r in rows}


def cluster_matcher(docs: list[Doc]) -> dict[str, object]:
    """The pipeline's code path before the command existed: enrich, features, StoryMatcher."""
    from svodka.enrich import enrich
    from svodka.records import Article, Block
    from svodka.stories import StoryMatcher, features

    matcher = StoryMatcher()
    story: dict[str, object] = {}
    for d in docs:
        article = Article(title=d.title, blocks=[Block(text=d.text or "")], language=d.language)
        story[d.id] = matcher.assign(features(article, enrich(article)))[0]
    into = dict(matcher.pop_merges())
    for key, sid in story.items():
        while sid in into:
            sid = into[sid]
        story[key] = sid
    return story


def baseline_threshold() -> tuple[float, str]:
    """The char TF-IDF single-pass threshold chosen on the tgcontest train/honey pools."""
    sys.path.insert(0, str(ROOT / "bench"))
    import stories as tg  # bench/stories.py

    if not tg.PAIRS.is_dir():
        return BASELINE_FALLBACK_THRESHOLD, "fixed (tgcontest pools absent)"
    pools = {p: tg.load_pool(p) for p in tg.TRAIN}
    _, single_pass = tg.tfidf_methods({**pools, **{p: [] for p in tg.EXAM}})
    labels = [y for p in tg.TRAIN for *_, y in pools[p]]
    thr = max(tg.GRID, key=lambda t: tg.pair_f1(
        [d for p in tg.TRAIN for d in single_pass(pools[p], t)], labels))
    return thr, "chosen on the tgcontest train/honey pools"


def cluster_tfidf(threshold: float) -> Cluster:
    def run(docs: list[Doc]) -> dict[str, object]:
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = [f"{d.title} {(d.text or '')[:BASELINE_TEXT_CHARS]}" for d in docs]
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        matrix = vec.fit_transform(texts)
        gram = (matrix @ matrix.T).toarray()
        cluster: list[int] = []
        for i in range(len(docs)):
            best = max(range(i), key=lambda j: gram[i, j], default=None)
            joined = best is not None and gram[i, best] >= threshold
            cluster.append(cluster[best] if joined else i)
        return {d.id: c for d, c in zip(docs, cluster, strict=True)}

    return run


# --- scoring ---

@dataclass(frozen=True, slots=True)
class Score:
    n: int
    positives: int
    tp: int
    fp: int
    fn: int
    hard_fp: int
    hard: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0


def score(pairs: list[Pair], story: dict[str, object]) -> Score:
    said = [story[p.a] == story[p.b] for p in pairs]
    return Score(
        n=len(pairs),
        positives=sum(p.same for p in pairs),
        tp=sum(s and p.same for s, p in zip(said, pairs, strict=True)),
        fp=sum(s and not p.same for s, p in zip(said, pairs, strict=True)),
        fn=sum(p.same and not s for s, p in zip(said, pairs, strict=True)),
        hard_fp=sum(s and p.hard and not p.same for s, p in zip(said, pairs, strict=True)),
        hard=sum(p.hard and not p.same for p in pairs),
    )


def usable(docs: dict[str, Doc], pairs: list[Pair], own_only: bool) -> list[Pair]:
    """Pairs whose two documents have text (own-only: both written for the set)."""
    ok = {k for k, d in docs.items() if d.text is not None and (d.own or not own_only)}
    return [p for p in pairs if p.a in ok and p.b in ok]


def by_language_pair(docs: dict[str, Doc], pairs: list[Pair]) -> dict[str, list[Pair]]:
    groups: dict[str, list[Pair]] = {lp: [] for lp in LANGUAGE_PAIRS}
    for p in pairs:
        groups[language_pair(docs, p)].append(p)
    return {**groups, "all": pairs}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--own-only", action="store_true",
                    help="only the texts written for the set (as without ../shared/data)")
    ap.add_argument("--engine", choices=("auto", "cli", "matcher"), default="auto",
                    help="svodka stories cluster, the StoryMatcher code path, or auto")
    args = ap.parse_args()
    shared = None if args.own_only else SHARED
    docs = load_docs(shared)
    pairs = usable(docs, load_pairs(), args.own_only)
    if not SHARED.is_dir() and not args.own_only:
        print(f"note: {SHARED} is absent: only the texts written for the set are used")
    used = arrival_order(d for d in docs.values() if d.text is not None)
    engine = args.engine
    if engine == "auto":
        engine = "cli" if cli_available() else "matcher"
    svodka: Cluster = cluster_cli if engine == "cli" else cluster_matcher
    thr, how = baseline_threshold()
    name = "svodka stories cluster" if engine == "cli" else "StoryMatcher (pipeline path)"
    engines = {name: svodka, f"char TF-IDF single-pass @{thr:.2f}": cluster_tfidf(thr)}
    print(f"{len(used)} documents, {len(pairs)} pairs; baseline threshold {how}")
    groups = by_language_pair(docs, pairs)
    print(f"{'engine':40} {'pairs':>6} {'n':>4} {'pos':>4} {'P':>6} {'R':>6} {'F1':>6} "
          f"{'hard FP':>8}")
    for label, run in engines.items():
        story = run(used)
        for group, members in groups.items():
            s = score(members, story)
            print(f"{label:40} {group:>6} {s.n:4d} {s.positives:4d} {s.precision:6.3f} "
                  f"{s.recall:6.3f} {s.f1:6.3f} {s.hard_fp:3d}/{s.hard:<4d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
