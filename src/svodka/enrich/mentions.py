"""The Mention record and word tokens with sentence context, shared by the entity recognisers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .morph import WORD_RE

_SENTENCE_BREAK = re.compile(r"[.!?…:\n«»\"“”„]")


@dataclass(slots=True)
class Mention:
    type: str  # "PER", "ORG" or "LOC"
    name: str  # normalised (base form) name
    start: int
    end: int
    key: str | None = None  # gazetteer id (English name) when known
    by_model: bool = False  # a statistical model (natasha) found this span too
    weak: bool = False  # a rule's guess of the type: a model's type for the same span wins


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    initial: bool  # first word of a sentence (or of a quotation)
    joined: bool  # only spaces separate it from the previous word

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def upper(self) -> bool:
        return len(self.text) >= 2 and self.text.isupper()


def tokens(text: str) -> list[Token]:
    out: list[Token] = []
    prev_end = 0
    for m in WORD_RE.finditer(text):
        start, end = m.span()
        gap = text[prev_end:start]
        if gap == " " and out:  # the common case, decided without a regex
            initial, joined = False, True
        else:
            initial = not out or bool(_SENTENCE_BREAK.search(gap))
            joined = bool(out) and not gap.strip()
        out.append(Token(text=m.group(), start=start, end=end, initial=initial, joined=joined))
        prev_end = end
    return out


def title_case(name: str) -> str:
    """Сергій → Сергій, зеленський → Зеленський, keeps hyphenated parts and abbreviations."""
    def one(w: str) -> str:
        return w if w.isupper() and len(w) > 1 else "-".join(p[:1].upper() + p[1:] for p in
                                                              w.split("-"))
    return " ".join(one(w) for w in name.split())
