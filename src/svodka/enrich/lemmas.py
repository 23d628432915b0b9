"""Lemmatised text for full-text search and story matching."""

from __future__ import annotations

from functools import lru_cache

from .gazetteer import name_lemmas, word_lemmas
from .morph import TOKEN_RE, lemma


@lru_cache(maxsize=300_000)
def search_lemma(word: str, lang: str | None) -> str:
    """The lemma, preferring a known place or organisation name among a word's readings
    («Києві» is «київ», not the given name «кий»)."""
    first = lemma(word, lang)
    if lang in ("ru", "uk") and word[:1].isupper():
        known = word_lemmas(word, lang) & name_lemmas(lang)
        if known and first not in known:
            return min(known)
    return first


def lemmatize(text: str, lang: str | None) -> list[str]:
    """Lemmas of every word (pymorphy3 for ru/uk, Snowball stems where available, else lower case).

    Numbers are kept as written; punctuation is dropped.
    """
    out: list[str] = []
    for tok in TOKEN_RE.findall(text):
        if tok[0].isdigit():
            out.append(tok.lower())
        else:
            out.append(search_lemma(tok, lang))
    return out


def lemma_string(text: str, lang: str | None) -> str:
    return " ".join(lemmatize(text, lang))
