"""Russian named entities: natasha's NER (loaded once, lazily) with pymorphy3 base forms."""

from __future__ import annotations

from functools import lru_cache

from . import natasha_ner
from .gazetteer import match_at
from .mentions import Mention
from .morph import WORD_RE
from .normalize import person_base, phrase_base

# natasha's cost grows with the text; the names that matter appear early, and quotes later on
# are resolved through the surnames found here.
MAX_CHARS = 3000


def base_mention(kind: str, words: list[str], start: int, end: int, lang: str) -> Mention:
    """A mention in base form: gazetteer name when the whole span is a known name."""
    mtype, name, key = _base_name(kind, tuple(words), lang)
    return Mention(mtype, name, start, end, key)


@lru_cache(maxsize=100_000)
def _base_name(kind: str, words: tuple[str, ...], lang: str) -> tuple[str, str, str | None]:
    """(type, name, gazetteer id) of a mention's words (cached: names recur)."""
    hit = match_at(list(words), 0, lang) if words else None
    if hit and hit[0] == len(words):
        return hit[1].type, hit[1].name(lang), hit[1].id
    name = person_base(list(words), lang) if kind == "PER" else phrase_base(list(words), lang)
    return kind, name, None


def ner_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, stop, type) of natasha's named entities in the first MAX_CHARS of ``text``: the
    spans of ``natasha.Doc.tag_ner``, without the sentence segmentation it needs first."""
    head = text[:MAX_CHARS]
    return natasha_ner.ner_spans(head) if head.strip() else []


def ru_mentions(text: str) -> list[Mention]:
    out: list[Mention] = []
    for start, stop, kind in ner_spans(text):
        words = WORD_RE.findall(text[start:stop])
        if not words:
            continue
        prev = out[-1] if out else None
        # «МИД РФ», «Минобороны России»: an organisation qualified by a place is one name
        # (the place is still reported as a place of its own).
        if (prev is not None and prev.type == "ORG" and kind in ("LOC", "ORG")
                and not text[prev.end:start].strip()):
            prev.name, prev.end, prev.key = f"{prev.name} {text[start:stop]}", stop, None
        out.append(base_mention(kind, words, start, stop, "ru"))
    return out
