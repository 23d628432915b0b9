"""The labelled category corpus (tgcontest-toloka ``categories/``), loaded and de-duplicated.

Used by ``training/train_classifier.py`` and ``bench/classify.py`` only (stdlib, no run-time cost).
Every article appears once: rows sharing a URL (scheme, ``www.`` and query ignored) or the same
opening text are merged before any split, so no article can be both trained and evaluated on.
English rows carry a machine translation into Russian; it becomes an extra Russian document in the
same *group* as its original, and splits are made by group. ``lexicon_docs`` adds one small
document per category and language from ``data/category_lexicon.txt`` (hand-written seed words).
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from ..words import tokens

LABELS = ("society", "economy", "technology", "sports", "entertainment", "science", "other",
          "not_news")
FILES = ("ru_cat_training.tsv", "ru_cat_honey.tsv", "en_cat_training.tsv", "en_cat_honey.tsv")


@dataclass(slots=True)
class LabelledDoc:
    group: int  # the original article; a translation shares its original's group
    lang: str
    title: str
    text: str
    label: str
    translated: bool = False
    synthetic: bool = False  # a hand-written lexicon document, never evaluated on
    host: str = ""  # the outlet's host, without "www."

    @property
    def original(self) -> bool:
        """An article as its outlet wrote it (what evaluation is made on)."""
        return not (self.translated or self.synthetic)


LEXICON = Path(__file__).with_name("data") / "category_lexicon.txt"


def lexicon_docs(first_group: int = -1) -> list[LabelledDoc]:
    """One training document per (category, language) line of the seed lexicon."""
    docs = []
    for line in LEXICON.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, lang, words = (part.strip() for part in line.split("|"))
        docs.append(LabelledDoc(group=first_group - len(docs), lang=lang, title="", text=words,
                                label=label, synthetic=True))
    return docs


def _url_key(url: str) -> str:
    u = re.sub(r"^https?://(www\.)?", "", url.strip().lower())
    return u.split("?")[0].split("#")[0].rstrip("/")


def _text_key(title: str, text: str) -> str:
    return " ".join((title + " " + text).lower().split())[:400]


def _rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_corpus(folder: Path) -> tuple[list[LabelledDoc], int]:
    """All labelled documents and the number of duplicate rows dropped."""
    docs: list[LabelledDoc] = []
    seen: set[str] = set()
    dropped = 0
    group = 0
    for name in FILES:
        path = folder / name
        if not path.exists():
            continue
        lang = name[:2]
        for row in _rows(path):
            label = row.get("GOLDEN:res", "").strip()
            title, text = row.get("INPUT:title", ""), row.get("INPUT:text", "")
            if label not in LABELS or not (title or text):
                continue
            keys = {"u:" + _url_key(row.get("INPUT:url", "")), "t:" + _text_key(title, text)}
            if keys & seen:
                dropped += 1
                continue
            seen |= keys
            host = _url_key(row.get("INPUT:url", "")).split("/")[0]
            docs.append(LabelledDoc(group=group, lang=lang, title=title, text=text, label=label,
                                    host=host))
            tt, tx = row.get("INPUT:trans_title", ""), row.get("INPUT:trans_text", "")
            if tt or tx:
                docs.append(LabelledDoc(group=group, lang="ru", title=tt, text=tx, label=label,
                                        translated=True, host=host))
            group += 1
    return docs, dropped


# Two articles whose word 5-gram sets overlap this much (Jaccard) are rewrites of one story.
SAME_STORY_JACCARD = 0.1
_SHINGLE = 5


def _shingles(doc: LabelledDoc) -> set[tuple[str, ...]]:
    found = tokens(f"{doc.title} {doc.text}".lower())
    return {tuple(found[i:i + _SHINGLE]) for i in range(max(1, len(found) - _SHINGLE + 1))}


def _title_key(title: str) -> str:
    return " ".join(tokens(title.lower()))


def _overlapping_pairs(sets: list[set]) -> set[tuple[int, int]]:
    """Every (i, j), i < j, of sets sharing at least one element (through an inverted index)."""
    holders: dict[object, list[int]] = defaultdict(list)
    for i, items in enumerate(sets):
        for item in items:
            holders[item].append(i)
    return {(a, b) for ids in holders.values() if len(ids) > 1 for a, b in combinations(ids, 2)}


def near_groups(docs: list[LabelledDoc]) -> list[int]:
    """A component id per document: documents of one outlet (host), with the same title, of one
    story (word 5-gram overlap) or of one original article (a translation) share it, so that
    cross-validation folds grouped by it never put near-identical items on both sides."""
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    first: dict[str, int] = {}
    for i, d in enumerate(docs):
        for key in (f"g:{d.group}", f"h:{d.host}" if d.host else "", f"t:{_title_key(d.title)}"):
            if key and key != "t:":
                union(i, first.setdefault(key, i))
    shingles = [_shingles(d) for d in docs]
    for i, j in _overlapping_pairs(shingles):
        a, b = shingles[i], shingles[j]
        if len(a & b) >= SAME_STORY_JACCARD * len(a | b):
            union(i, j)
    return [find(i) for i in range(len(docs))]
