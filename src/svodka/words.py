"""Text normalisation at the edge and the one word pattern shared by enrichment, stories and search."""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that split or glue words without being seen: soft hyphen, zero-width
# space/non-joiner/joiner, word joiner, BOM, Mongolian vowel separator.
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e]")
# Apostrophes inside Ukrainian words are written five ways; one is kept.
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "ʹ": "'"})

# A word: letters, with inner hyphens and apostrophes (Ukrainian п'ять, Нью-Йорк, O'Brien).
WORD_RE = re.compile(r"[^\W\d_]+(?:[-'ʼ’][^\W\d_]+)*")
# A token: a word, a number (1,5 / 3.14 / 2024) or a letters-and-digits run (COVID-19, F-16).
TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:[-'ʼ’][^\W_]+)*")


def normalize_text(text: str) -> str:
    """Unicode NFC with invisible characters removed: what every stage should read."""
    if not text:
        return ""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _INVISIBLE_RE.sub("", text))


def normalize_word(word: str) -> str:
    """A word's comparison form: lower case, ё as е, one apostrophe."""
    return word.lower().replace("ё", "е").translate(_APOSTROPHES)


def words(text: str) -> list[str]:
    """The words of ``text`` (letters only), as written."""
    return WORD_RE.findall(text)


def tokens(text: str) -> list[str]:
    """The words and numbers of ``text``, as written."""
    return TOKEN_RE.findall(text)
