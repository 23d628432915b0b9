"""Russian named entities: natasha's NER (loaded once, lazily) with pymorphy3 base forms."""

from __future__ import annotations

from functools import cache
from typing import Any

from .gazetteer import match_at
from .mentions import Mention
from .morph import WORD_RE
from .normalize import person_base, phrase_base

# natasha's cost grows with the text; the names that matter appear early, and quotes later on
# are resolved through the surnames found here.
MAX_CHARS = 3000


@cache
def _natasha() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def base_mention(kind: str, words: list[str], start: int, end: int, lang: str) -> Mention:
    """A mention in base form: gazetteer name when the whole span is a known name."""
    hit = match_at(words, 0, lang) if words else None
    if hit and hit[0] == len(words):
        return Mention(hit[1].type, hit[1].name(lang), start, end, hit[1].id)
    name = person_base(words, lang) if kind == "PER" else phrase_base(words, lang)
    return Mention(kind, name, start, end)


def ru_mentions(text: str) -> list[Mention]:
    from natasha import Doc

    segmenter, ner = _natasha()
    doc = Doc(text[:MAX_CHARS])
    doc.segment(segmenter)
    doc.tag_ner(ner)
    out: list[Mention] = []
    for span in doc.spans:
        words = WORD_RE.findall(span.text)
        if not words:
            continue
        prev = out[-1] if out else None
        # «МИД РФ», «Минобороны России»: an organisation qualified by a place is one name
        # (the place is still reported as a place of its own).
        if (prev is not None and prev.type == "ORG" and span.type in ("LOC", "ORG")
                and not text[prev.end:span.start].strip()):
            prev.name, prev.end, prev.key = f"{prev.name} {span.text}", span.stop, None
        out.append(base_mention(span.type, words, span.start, span.stop, "ru"))
    return out
