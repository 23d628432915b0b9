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
from dataclasses import dataclass
from pathlib import Path

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
        docs.append(LabelledDoc(first_group - len(docs), lang, "", words, label, synthetic=True))
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
            docs.append(LabelledDoc(group, lang, title, text, label))
            tt, tx = row.get("INPUT:trans_title", ""), row.get("INPUT:trans_text", "")
            if tt or tx:
                docs.append(LabelledDoc(group, "ru", tt, tx, label, translated=True))
            group += 1
    return docs, dropped
