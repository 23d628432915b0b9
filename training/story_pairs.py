"""The tgcontest-toloka clustering pairs, read in place: pools, their documents in arrival order, and pair F1."""

from __future__ import annotations

import csv
import json
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path

PAIRS = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "tgcontest-toloka"
         / "clustering_pairs").resolve()
FIT_POOLS = ("ru_train_pool.tsv", "ru_honey_pool.tsv")  # weights and threshold are fitted here
EXAM_POOLS = ("ru_exam_pool.tsv",)  # reported only, never fitted on
RU_POOLS = FIT_POOLS + EXAM_POOLS
EN_POOLS = ("en_train_pool.tsv",)

Doc = tuple[str, str]  # title, text
Pair = tuple[Doc, Doc, bool]  # the two documents, same story?


def load_pool(name: str) -> list[Pair]:
    csv.field_size_limit(1 << 30)
    with open(PAIRS / name, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [((r["INPUT:first_title"], r["INPUT:first_text"]),
             (r["INPUT:second_title"], r["INPUT:second_text"]),
             r["GOLDEN:quality"] == "OK") for r in rows]


def pool_urls(names: Iterable[str]) -> dict[Doc, str]:
    """Each document's address in the pools (the outlet is read from it)."""
    csv.field_size_limit(1 << 30)
    out: dict[Doc, str] = {}
    for name in names:
        with open(PAIRS / name, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                for side in ("first", "second"):
                    out.setdefault((r[f"INPUT:{side}_title"], r[f"INPUT:{side}_text"]),
                                   r[f"INPUT:{side}_url"])
    return out


def arrival_order(pools: Iterable[list[Pair]]) -> list[Doc]:
    """Every document once, in the order the pools, their pairs and each pair's sides list them."""
    seen: dict[Doc, None] = {}
    for pairs in pools:
        for a, b, _ in pairs:
            seen.setdefault(a)
            seen.setdefault(b)
    return list(seen)


def pair_f1(decisions: Iterable[bool], labels: Iterable[bool]) -> float:
    tp = fp = fn = 0
    for d, y in zip(decisions, labels, strict=True):
        tp += d and y
        fp += d and not y
        fn += y and not d
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def partition_f1(story: dict[Doc, object], pairs: list[Pair]) -> float:
    """Pair F1 of a clustering: a pair is "same story" when both documents are in one story."""
    return pair_f1([story[a] == story[b] for a, b, _ in pairs], [y for *_, y in pairs])


def as_jsonl(docs: list[Doc], urls: dict[Doc, str] | None = None) -> list[str]:
    """The documents as ``svodka stories cluster`` input lines (id = position), with their
    addresses when ``urls`` has them."""
    urls = urls or {}
    return [json.dumps({"id": i, "title": t, "text": x}
                       | ({"url": urls[(t, x)]} if (t, x) in urls else {}), ensure_ascii=False)
            for i, (t, x) in enumerate(docs)]


def cached(path: Path | None, compute: Callable[[], dict]) -> dict:
    """``compute()``, kept in ``path`` (a pickle) when given: encoding takes minutes."""
    if path is not None and path.exists():
        with open(path, "rb") as fh:
            return pickle.load(fh)
    out = compute()
    if path is not None:
        with open(path, "wb") as fh:
            pickle.dump(out, fh)
    return out
