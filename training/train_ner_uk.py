"""Train svodka's Ukrainian entity CRF and write src/svodka/enrich/models/ner_uk.crfsuite.

    python training/train_ner_uk.py [--data ../shared/data/ner-uk-dev]

Data: lang-uk's ner-uk v2.0 development part (391 BRUK and NashiGroshi texts; CC BY-NC-SA 4.0,
so the model is too: ``models/ner_uk.LICENSE``). The gold file names each entity by its surface
forms, not by offsets: every occurrence of a form at token boundaries is labelled, longer forms
first. The features come from the rules and natasha (``enrich.ner_uk``), which were written
without this data's names. ``bench/ner.py`` measures the same ``fit`` by 5-fold cross-validation,
each text tagged by a model that has not seen it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from svodka.enrich.entities import rule_mentions_of
from svodka.enrich.natasha_ner import Token
from svodka.enrich.ner_uk import MODEL_PATH, TYPES, Features, Span, bio, text_features
from svodka.words import normalize_text

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ner-uk-dev"
# L1 and L2 weights and iterations: L1 keeps the model near 1.3 MB (most word features drop out).
C1, C2, ITERATIONS = 0.1, 0.05, 150
FOLDS = 5


@dataclass(slots=True)
class Example:
    id: str
    text: str  # title and body as svodka reads them (normalised)
    entities: list[dict]  # the gold file's records
    tokens: list[Token]
    features: list[Features]
    tags: list[str]


def load(folder: Path = DATA) -> list[tuple[str, str, list[dict]]]:
    """(id, text, gold entities) of every document that has gold annotations."""
    docs = {d["id"]: d for d in map(json.loads, (folder / "docs.jsonl").read_text("utf-8").splitlines())}
    out = []
    for g in map(json.loads, (folder / "gold.jsonl").read_text("utf-8").splitlines()):
        doc = docs.get(g["id"])
        if doc is not None:
            title = doc.get("title") or ""
            text = normalize_text(f"{title}\n\n{doc['text']}" if title else doc["text"])
            out.append((g["id"], text, g["entities"]))
    return out


def gold_spans(text: str, toks: Sequence[Token], entities: list[dict]) -> list[Span]:
    """Character spans of the entities' surface forms, at token boundaries, longest first; an
    OTHER entity's form blocks its characters without being a span."""
    starts, stops = {t.start for t in toks}, {t.stop for t in toks}
    found = []
    for e in entities:
        kind = e["type"] if e["type"] in TYPES else "OTHER"
        for name in {n for n in e["names"] if n.strip()}:
            at = text.find(name)
            while at >= 0:
                if at in starts and at + len(name) in stops:
                    found.append((len(name), at, at + len(name), kind))
                at = text.find(name, at + 1)
    taken = bytearray(len(text))
    out: list[Span] = []
    for _, start, stop, kind in sorted(found, key=lambda f: -f[0]):
        if any(taken[start:stop]):
            continue
        taken[start:stop] = b"\1" * (stop - start)
        if kind != "OTHER":
            out.append((start, stop, kind))
    return out


def examples(docs: list[tuple[str, str, list[dict]]]) -> list[Example]:
    out = []
    for doc_id, text, entities in docs:
        toks, feats = text_features(text, rule_mentions_of(text, "uk"))
        out.append(Example(doc_id, text, entities, toks, feats,
                           bio(toks, gold_spans(text, toks, entities))))
    return out


def fit(train: Sequence[Example], path: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for ex in train:
        trainer.append(ex.features, ex.tags)
    trainer.set_params({"c1": C1, "c2": C2, "max_iterations": ITERATIONS,
                        "feature.possible_transitions": True})
    trainer.train(str(path))


def folds(exs: Sequence[Example], k: int = FOLDS, seed: int = 0) -> Iterator[
        tuple[list[Example], list[Example]]]:
    """(train, held out) for each of ``k`` folds of a seeded shuffle of the documents."""
    order = list(range(len(exs)))
    random.Random(seed).shuffle(order)
    for f in range(k):
        held = set(order[f::k])
        yield [exs[i] for i in order if i not in held], [exs[i] for i in order[f::k]]


def cross_validated_taggers(exs: Sequence[Example], k: int = FOLDS) -> Iterator[
        tuple[object, list[Example]]]:
    """(tagger trained without them, held-out examples) for each fold."""
    import pycrfsuite

    with tempfile.TemporaryDirectory() as tmp:
        for f, (train, held) in enumerate(folds(exs, k)):
            path = Path(tmp) / f"fold{f}.crfsuite"
            fit(train, path)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            yield tagger, held


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args(argv)
    if not (args.data / "gold.jsonl").exists():
        print(f"no gold.jsonl in {args.data}", file=sys.stderr)
        return 2
    exs = examples(load(args.data))
    fit(exs, args.out)
    print(f"{len(exs)} documents, {sum(len(e.tags) for e in exs)} tokens -> {args.out} "
          f"({args.out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
