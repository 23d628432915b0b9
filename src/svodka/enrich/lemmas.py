"""Lemmatised text for full-text search and story matching."""

from __future__ import annotations

from .morph import TOKEN_RE, lemma


def lemmatize(text: str, lang: str | None) -> list[str]:
    """Lemmas of every word (pymorphy3 for ru/uk, Snowball stems where available, else lower case).

    Numbers are kept as written; punctuation is dropped.
    """
    out: list[str] = []
    for tok in TOKEN_RE.findall(text):
        if tok[0].isdigit():
            out.append(tok.lower())
        else:
            out.append(lemma(tok, lang))
    return out


def lemma_string(text: str, lang: str | None) -> str:
    return " ".join(lemmatize(text, lang))
