"""Ukrainian named entities, last pass: a CRF re-reads the rules' and natasha's spans.

The model, its training data and licence (CC BY-NC-SA 4.0), and its figures: docs/entities.md.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .gazetteer import match_alias
from .mentions import Mention
from .morph import WORD_RE, parses
from .natasha_ner import Token, tokenize
from .ner_ru import MAX_CHARS, UK_AS_RU, base_mention, ner_spans

MODEL_PATH = Path(__file__).with_name("models") / "ner_uk.crfsuite"
TYPES = ("PER", "ORG", "LOC")
# Words either side whose features a word sees (two: «Міністерства охорони здоров'я» is decided
# by its neighbours' tags and cases).
CONTEXT = 2
_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Abbr", "Geox", "Orgn"})
_SENTENCE_ENDS = frozenset(".!?…")
_CONTEXT_KEYS = ("w", "sh", "r", "n", "g", "pos", "case")

Span = tuple[int, int, str]
Features = list[str]


def bio(toks: Sequence[Token], spans: Iterable[Span]) -> list[str]:
    """BIO tags of ``toks`` for character spans (a token inside a span takes its type; the
    first span to claim a token keeps it)."""
    tags = ["O"] * len(toks)
    starts = [t.start for t in toks]
    for start, stop, kind in spans:
        first = True
        for i in range(bisect.bisect_left(starts, start), len(toks)):
            if toks[i].stop > stop:
                break
            if tags[i] == "O":
                tags[i] = ("B-" if first else "I-") + kind
            first = False
    return tags


def tag_spans(toks: Sequence[Token], tags: Sequence[str]) -> list[Span]:
    """Character spans of BIO tags (an I- after another type opens a span, as B- does)."""
    out: list[Span] = []
    cur: list[Any] | None = None
    for tok, tag in zip(toks, tags, strict=True):
        if tag == "O":
            if cur:
                out.append((cur[0], cur[1], cur[2]))
            cur = None
        elif tag.startswith("B-") or cur is None or cur[2] != tag[2:]:
            if cur:
                out.append((cur[0], cur[1], cur[2]))
            cur = [tok.start, tok.stop, tag[2:]]
        else:
            cur[1] = tok.stop
    if cur:
        out.append((cur[0], cur[1], cur[2]))
    return out


def _shape(word: str) -> str:
    """«Київ» → Xx, «ЄС» → X, «12-й» → d-x: character classes, repeats merged, first six."""
    out: list[str] = []
    for ch in word[:6]:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


@lru_cache(maxsize=100_000)
def _morph(word: str) -> tuple[tuple[str, str], ...]:
    """pymorphy3-uk's first reading (part of speech, case, known, normal form) and every name
    grammeme of any reading, as feature pairs."""
    ps = parses(word, "uk") if WORD_RE.fullmatch(word) else ()
    if not ps:
        return (("pos", "none"),)
    first = ps[0]
    grammemes = sorted({g for p in ps for g in p.tag.grammemes & _NAME_GRAMMEMES})
    return (("pos", str(first.tag.POS)), ("case", str(first.tag.case)),
            ("known", str(first.is_known)), ("nf", first.normal_form),
            *((f"gr_{g}", "1") for g in grammemes))


def _gazetteer_tags(toks: Sequence[Token]) -> list[str]:
    words = [t.text for t in toks]
    spans: list[Span] = []
    i = 0
    while i < len(toks):
        hit = match_alias(words, i, "uk") if WORD_RE.fullmatch(words[i]) else None
        if hit and all(WORD_RE.fullmatch(w) for w in words[i:i + hit[0]]):
            spans.append((toks[i].start, toks[i + hit[0] - 1].stop, hit[1].type))
            i += hit[0]
        else:
            i += 1
    return bio(toks, spans)


_OFFSETS = (*range(-CONTEXT, 0), *range(1, CONTEXT + 1))


@lru_cache(maxsize=200_000)
def _token_view(word: str, rule: str, model: str, gazetteer: str,
                opens: bool) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """A token's own features and, for each offset in _OFFSETS, the features its neighbour
    there sees ("name:value" strings; cached: most tokens are common words outside names)."""
    f = {"w": word.lower(), "s3": word[-3:].lower(), "s2": word[-2:].lower(),
         "p3": word[:3].lower(), "sh": _shape(word), "r": rule, "n": model, "g": gazetteer,
         "case": "", "sent": str(opens), **dict(_morph(word)), "r|n": f"{rule}|{model}"}
    own = tuple(f"{k}:{v}" for k, v in f.items())
    seen = []
    for d in _OFFSETS:
        out = [f"{d}{k}:{f[k]}" for k in _CONTEXT_KEYS]
        if abs(d) == 1:
            out += [f"{d}{k}:{v}" for k, v in f.items() if k in ("s3", "nf") or k[:3] == "gr_"]
        seen.append(tuple(out))
    return own, tuple(seen)


def features(text: str, toks: Sequence[Token], rule_spans: Iterable[Span],
             model_spans: Iterable[Span]) -> list[Features]:
    """Each token's features ("name:value" strings, as crfsuite reads them): its own and its
    neighbours' (CONTEXT either side)."""
    rules, model, gazetteer = bio(toks, rule_spans), bio(toks, model_spans), _gazetteer_tags(toks)
    views = []
    for i, tok in enumerate(toks):
        opens = i == 0 or toks[i - 1].text in _SENTENCE_ENDS or "\n" in text[toks[i - 1].stop:tok.start]
        views.append(_token_view(tok.text, rules[i], model[i], gazetteer[i], opens))
    out: list[Features] = []
    for i, (own, _) in enumerate(views):
        row = ["bias", *own]
        for n, d in enumerate(_OFFSETS):
            j = i + d
            row += views[j][1][n] if 0 <= j < len(views) else (f"{d}pad",)
        out.append(row)
    return out


def model_spans(text: str) -> list[Span]:
    """natasha's organisations, places and persons on the text respelled as Russian."""
    return [(s, e, t) for s, e, t in ner_spans(text.translate(UK_AS_RU)) if t in TYPES]


def text_features(text: str, mentions: Sequence[Mention]) -> tuple[list[Token], list[Features]]:
    """razdel's tokens of ``text`` and their features, given the rules' mentions."""
    toks = tokenize(text[:MAX_CHARS])
    rule_spans = [(m.start, m.end, m.type) for m in mentions]
    return toks, features(text, toks, rule_spans, model_spans(text))  # the rules' natasha call


@cache
def model_enabled() -> bool:
    """The ``ner_uk_model`` setting (config file or environment), read once per process."""
    from ..config import Settings

    try:
        return Settings.from_env().ner_uk_model
    except (OSError, ValueError) as exc:  # a broken config file: said where it is read first
        logging.getLogger(__name__).warning("settings unreadable, Ukrainian CRF on: %s", exc)
        return True


@cache
def _tagger() -> Any | None:
    """The shipped model's tagger, or None (no model file, or python-crfsuite missing)."""
    if not MODEL_PATH.exists():
        return None
    try:
        import pycrfsuite
    except ImportError:
        logging.getLogger(__name__).warning("python-crfsuite is missing: Ukrainian rules only")
        return None
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_PATH))
    return tagger


def retag(text: str, mentions: list[Mention], tagger: Any | None = None) -> list[Mention]:
    """The mentions the CRF reads from the rules' ``mentions`` (unchanged when no model):
    a span the rules found keeps its name and key, a new span gets its base form."""
    tagger = tagger or (_tagger() if model_enabled() else None)
    if tagger is None or not text.strip():
        return mentions
    toks, feats = text_features(text, mentions)
    if not toks:
        return mentions
    known = {(m.start, m.end, m.type): m for m in mentions}
    out: list[Mention] = []
    for start, stop, kind in tag_spans(toks, tagger.tag(feats)):
        same = known.get((start, stop, kind))
        if same is not None:
            out.append(same)
        elif words := WORD_RE.findall(text[start:stop]):
            out.append(base_mention(kind, words, start, stop, "uk"))
    return out
