"""Shared, lazily loaded morphology: pymorphy3 for ru/uk, Snowball stemmers for others.

Every analyser is built once per process on first use; lemmas are cached per word, since
news vocabulary repeats heavily and a cached lookup costs well under a microsecond.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from ..words import TOKEN_RE, WORD_RE, normalize_word

__all__ = ["TOKEN_RE", "WORD_RE", "analyzer", "is_known", "lemma", "normalize_word", "parses",
           "stemmer"]


_STEMMER_NAMES = {
    "en": "english", "de": "german", "fr": "french", "es": "spanish", "it": "italian",
    "pt": "portuguese", "nl": "dutch", "pl": "polish", "cs": "czech", "tr": "turkish",
    "sv": "swedish", "da": "danish", "no": "norwegian", "fi": "finnish", "hu": "hungarian",
    "ro": "romanian", "el": "greek", "lt": "lithuanian", "sr": "serbian", "ar": "arabic",
}


@cache
def analyzer(lang: str) -> Any:
    """The pymorphy3 analyser for ``ru`` or ``uk``."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


@cache
def stemmer(lang: str) -> Any | None:
    name = _STEMMER_NAMES.get(lang)
    if name is None:
        return None
    import Stemmer

    return Stemmer.Stemmer(name)


@lru_cache(maxsize=300_000)
def lemma(word: str, lang: str | None) -> str:
    """The dictionary form (ru/uk), the stem (languages with a Snowball stemmer) or the lower case."""
    w = normalize_word(word)
    if lang in ("ru", "uk"):  # through ``parses``: keywords and names parse the same words
        return parses(w, lang)[0].normal_form.replace("ё", "е")
    st = stemmer(lang or "")
    return st.stemWord(w) if st is not None else w


@lru_cache(maxsize=300_000)
def parses(word: str, lang: str) -> tuple[Any, ...]:
    """All pymorphy3 parses of a word (as written but for the apostrophe, which the dictionaries
    spell '; pymorphy3 lower-cases itself)."""
    if "’" in word or "ʼ" in word:
        word = word.replace("’", "'").replace("ʼ", "'")
    return tuple(analyzer(lang).parse(word))


@lru_cache(maxsize=300_000)
def is_known(word: str, lang: str) -> bool:
    return analyzer(lang).word_is_known(normalize_word(word))
