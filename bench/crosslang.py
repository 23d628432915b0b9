"""Labelled same-event pairs: pair precision, recall and F1 per language pair (ru–en, ru–uk, uk–en; uk–uk, ru–ru).

    python bench/crosslang.py [--set crosslang|samelang|translations] [--own-only] [--cut N]

The sets are ``tests/stories/data/crosslang/`` (reports in two languages) and
``tests/stories/data/samelang/`` (two Ukrainian or two Russian reports; all written for the set);
how each was made: its README. Its documents that
refer to the shared tgcontest corpus are read from ../shared/data at run time; without that folder
only the texts written for the set are used (``--own-only`` forces that). ``--set translations``
is made at run time from ../shared/data alone: every English item of the tgcontest category honey
pool and its Russian machine translation (``INPUT:trans_title``/``INPUT:trans_text``), every pair
of those documents labelled "same" exactly when it is an item and its own translation (nothing is
fitted on that file: ``cross_map`` is fitted on the category training items). All documents go through
each engine at once, in one fixed arrival order, and a pair counts as "same" when both of its
documents end in one story ("hard FP": hard negatives put together):

* ``svodka stories cluster``: the function the command wraps (``svodka.pipeline.cluster``);
* baselines in the same run, single pass (each document joins its most similar earlier
  document's cluster at or above a threshold): character 3–5-gram TF-IDF (char_wb, sublinear
  tf, as in ``bench/stories.py``) and multilingual-e5-small cosine (the pipeline's sentence
  vector alone). Their thresholds are chosen on the tgcontest train and honey pools, never on
  this set (fixed values without ../shared/data).

``--cut N`` cuts every text to its first N words (0: the titles alone), as a feed's summaries.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SETS = {name: ROOT / "tests" / "stories" / "data" / name for name in ("crosslang", "samelang")}
SET_DIR = SETS["crosslang"]
TRANSLATIONS = Path("tgcontest-toloka") / "categories" / "en_cat_honey.tsv"  # --set translations
SHARED = ROOT.parent / "shared" / "data"
LANGUAGE_PAIRS = ("ru-en", "ru-uk", "uk-en")  # the cross-language set's
LANGUAGE_ORDER = ("ru", "uk", "en")  # a pair of languages is named in this order: "ru-en"
PARTS = {"original": ("INPUT:title", "INPUT:text"),
         "translation": ("INPUT:trans_title", "INPUT:trans_text")}
HASH_DIGITS = 16  # hex digits of SHA-256 kept per referenced document: enough to notice a change
TG_PAIRS = Path("tgcontest-toloka") / "clustering_pairs"
TG_TRAIN = ("ru_train_pool.tsv", "ru_honey_pool.tsv", "en_train_pool.tsv")  # never the exam pool
THRESHOLD_GRID = [t / 100 for t in range(5, 96)]
# Baseline thresholds without the tgcontest pools: about where the train/honey choice lands.
TFIDF_FALLBACK_THRESHOLD = 0.35
E5_FALLBACK_THRESHOLD = 0.88
BASELINE_TEXT_CHARS = 1000  # title + this much of the text, as the shared README's baseline


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


def made_of(a: Doc, b: Doc) -> Made:
    """How a pair of these two documents was made."""
    if a.own and b.own:
        return Made.OWN_OWN
    if a.own or b.own:
        return Made.OWN_CORPUS
    if "translation" in (a.ref.part, b.ref.part):
        return Made.CORPUS_MT
    return Made.CORPUS_CORPUS


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


def translation_set(shared: Path) -> tuple[dict[str, Doc], list[Pair]]:
    """The English category honey items and their Russian machine translations; every pair of
    them, "same" when it is an item and its own translation."""
    docs: dict[str, Doc] = {}
    for i, row in enumerate(_read_tsv(shared / TRANSLATIONS)):
        for lang, part, prefix in (("en", "original", "en"), ("ru", "translation", "mt")):
            title, text = (row[column] for column in PARTS[part])
            if title.strip() or text.strip():
                docs[f"{prefix}.{i}"] = Doc(f"{prefix}.{i}", lang, title, text,
                                            Ref(str(TRANSLATIONS), row["INPUT:url"], part))
    ids = sorted(docs)
    pairs = [Pair(f"{a}~{b}", a, b, a.split(".")[1] == b.split(".")[1],
                  made_of(docs[a], docs[b]), False, "an item and its translation")
             for k, a in enumerate(ids) for b in ids[k + 1:]]
    return docs, pairs


def language_pair(docs: dict[str, Doc], pair: Pair) -> str:
    """ "ru-en", "ru-uk", "uk-en", "uk-uk"...: the two languages in ``LANGUAGE_ORDER``."""
    langs = sorted((docs[pair.a].language, docs[pair.b].language), key=LANGUAGE_ORDER.index)
    return "-".join(langs)


def arrival_order(docs: Iterable[Doc]) -> list[Doc]:
    """One fixed order that mixes languages and sources: by a hash of the id."""
    return sorted(docs, key=lambda d: hashlib.sha256(d.id.encode()).hexdigest())


# --- engines: documents in arrival order -> story key per document id ---

Cluster = Callable[[list[Doc]], dict[str, object]]
Text = tuple[str, str]  # title, text
Vectorise = Callable[[list[Text]], object]  # L2-normalised rows, dense or sparse


def cluster_svodka(docs: list[Doc]) -> dict[str, object]:
    """``svodka stories cluster`` (the function the command wraps), in process."""
    from svodka.pipeline.cluster import run_cluster

    lines = "".join(json.dumps({"id": d.id, "title": d.title, "text": d.text,
                                "language": d.language}, ensure_ascii=False) + "\n"
                    for d in docs)
    out = io.StringIO()
    run_cluster(io.BytesIO(lines.encode()), out)
    rows = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    return {r["id"]: r["story"] for r in rows}


def similarities(vectors) -> np.ndarray:  # noqa: ANN001 - dense array or scipy sparse rows
    """Cosine similarities of L2-normalised rows, as a dense matrix."""
    gram = vectors @ vectors.T
    return gram.toarray() if hasattr(gram, "toarray") else np.asarray(gram)


def single_pass(gram: np.ndarray, threshold: float) -> list[int]:
    """Each document joins the cluster of its most similar earlier one at or above the threshold."""
    cluster: list[int] = []
    for i in range(len(gram)):
        best = int(np.argmax(gram[i, :i])) if i else -1
        cluster.append(cluster[best] if best >= 0 and gram[i, best] >= threshold else i)
    return cluster


def tfidf_vectoriser(fit: list[Text]) -> Vectorise:
    """Char 3-5-gram TF-IDF rows (L2-normalised) of title + the start of the text."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    def joined(texts: list[Text]) -> list[str]:
        return [f"{t} {x[:BASELINE_TEXT_CHARS]}" for t, x in texts]

    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    vec.fit(joined(fit))
    return lambda texts: vec.transform(joined(texts))


def e5_vectorise(texts: list[Text]) -> np.ndarray:
    """multilingual-e5-small vectors of title + lead, as the pipeline computes them."""
    from svodka.enrich.embedding import embed_many

    return embed_many([(t, x) for t, x in texts])


# --- thresholds for the baselines: chosen on the tgcontest train/honey pools, never here ---

PoolPair = tuple[Text, Text, bool]


def train_pools(shared: Path | None) -> dict[str, list[PoolPair]]:
    if shared is None or not (shared / TG_PAIRS).is_dir():
        return {}
    return {name: [((r["INPUT:first_title"], r["INPUT:first_text"]),
                    (r["INPUT:second_title"], r["INPUT:second_text"]),
                    r["GOLDEN:quality"] == "OK") for r in _read_tsv(shared / TG_PAIRS / name)]
            for name in TG_TRAIN}


def choose_threshold(vectorise: Vectorise,
                     pools: dict[str, list[PoolPair]]) -> float:
    """The threshold with the best single-pass pair F1 over the pools (each pool clustered
    alone, its documents in order of first appearance)."""
    runs = []
    for pairs in pools.values():
        docs = list(dict.fromkeys(d for a, b, _ in pairs for d in (a, b)))
        row = {d: i for i, d in enumerate(docs)}
        runs.append((similarities(vectorise(docs)), [(row[a], row[b], y) for a, b, y in pairs]))

    def f1(thr: float) -> float:
        tp = fp = fn = 0
        for gram, pairs in runs:
            cl = single_pass(gram, thr)
            for i, j, y in pairs:
                same = cl[i] == cl[j]
                tp, fp, fn = tp + (same and y), fp + (same and not y), fn + (y and not same)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    return max(THRESHOLD_GRID, key=f1)


def baseline(name: str, vectorise: Vectorise,
             pools: dict[str, list[PoolPair]], fallback: float) -> tuple[str, Cluster]:
    thr = choose_threshold(vectorise, pools) if pools else fallback
    how = "train/honey" if pools else "fixed"

    def run(docs: list[Doc]) -> dict[str, object]:
        texts = [(d.title or "", d.text or "") for d in docs]
        cl = single_pass(similarities(vectorise(texts)), thr)
        return {d.id: c for d, c in zip(docs, cl, strict=True)}

    return f"{name} single-pass @{thr:.2f} ({how})", run


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
    groups: dict[str, list[Pair]] = {}
    for p in pairs:
        groups.setdefault(language_pair(docs, p), []).append(p)
    order = sorted(groups, key=lambda lp: [LANGUAGE_ORDER.index(x) for x in lp.split("-")])
    return {**{lp: groups[lp] for lp in order}, "all": pairs}


def by_made(pairs: list[Pair]) -> dict[str, list[Pair]]:
    """The pairs by how they were made (those that have members)."""
    return {m.value: [p for p in pairs if p.made is m] for m in Made
            if any(p.made is m for p in pairs)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", choices=[*sorted(SETS), "translations"], default="crosslang",
                    help="which labelled set (default: crosslang)")
    ap.add_argument("--own-only", action="store_true",
                    help="only the texts written for the set (as without ../shared/data)")
    ap.add_argument("--cut", type=int, metavar="N",
                    help="every text cut to its first N words (0: titles alone): feed summaries")
    args = ap.parse_args()
    shared = None if args.own_only or not SHARED.is_dir() else SHARED
    if shared is None and not args.own_only:
        print(f"note: {SHARED} is absent: only the texts written for the set are used")
    if args.set == "translations":
        if shared is None or not (shared / TRANSLATIONS).exists():
            print(f"{SHARED / TRANSLATIONS} is absent: no translations set")
            return 1
        docs, pairs = translation_set(shared)
    else:
        docs = load_docs(shared, SETS[args.set])
        pairs = usable(docs, load_pairs(SETS[args.set]), own_only=shared is None)
    if args.cut is not None:
        docs = {k: d if d.text is None else replace(d, text=" ".join(d.text.split()[:args.cut]))
                for k, d in docs.items()}
    used = arrival_order(d for d in docs.values() if d.text is not None)
    pools = train_pools(SHARED if SHARED.is_dir() else None)
    fit = [p for pairs_ in pools.values() for a, b, _ in pairs_ for p in (a, b)]
    tfidf = tfidf_vectoriser(fit or [(d.title or "", d.text or "") for d in used])
    engines = dict([("svodka stories cluster", cluster_svodka),
                    baseline("char TF-IDF", tfidf, pools, TFIDF_FALLBACK_THRESHOLD),
                    baseline("e5 cosine", e5_vectorise, pools, E5_FALLBACK_THRESHOLD)])
    print(f"{len(used)} documents, {len(pairs)} pairs; baseline thresholds chosen on the "
          f"tgcontest train/honey pools (fixed when absent)")
    groups = {**by_language_pair(docs, pairs), **by_made(pairs)}
    print(f"{'engine':44} {'pairs':>13} {'n':>4} {'pos':>4} {'P':>6} {'R':>6} {'F1':>6} "
          f"{'hard FP':>8} {'s':>6}")
    for label, run in engines.items():
        t0 = time.perf_counter()
        story = run(used)
        took = time.perf_counter() - t0
        for group, members in groups.items():
            s = score(members, story)
            print(f"{label:44} {group:>13} {s.n:4d} {s.positives:4d} {s.precision:6.3f} "
                  f"{s.recall:6.3f} {s.f1:6.3f} {s.hard_fp:3d}/{s.hard:<4d} {took:6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
