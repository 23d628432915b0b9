"""One canonical name per person: within an article the surname alone, inflected or short forms
resolve to the fullest name given; across languages ``person_key`` links Сергей Лавров,
Сергій Лавров and Sergey Lavrov (a transliterated consonant skeleton of the names).
"""

from __future__ import annotations

import re
from collections import Counter

from .mentions import Mention

_TRANSLIT = dict(zip(
    "абвгґдеёєжзиіїйклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "h", "g", "d", "e", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l", "m",
     "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e",
     "iu", "ia"], strict=True))
_VOWELS = re.compile(r"[aeiouyj']+")


def _latin(word: str) -> str:
    w = word.lower().replace("’", "'").replace("ʼ", "'")
    return "".join(_TRANSLIT.get(ch, ch) for ch in w)


def skeleton(word: str) -> str:
    """Consonant skeleton of a transliterated word: Лавров/Lavrov → lvrv, Зеленський → zlnsk.

    h and g are merged (Ukrainian г is h, Russian г is g) and kh becomes h.
    """
    w = _latin(word).replace("dzh", "j").replace("kh", "h").replace("g", "h").replace("w", "v")
    w = re.sub(r"[^a-z']", "", w)
    if not w:
        return ""
    rest = _VOWELS.sub("", w[1:])
    out = w[0]
    for ch in rest:
        if ch != out[-1]:
            out += ch
    return out


def person_key(name: str) -> str:
    """Language-independent key of a person's name: given-name initial and surname skeleton."""
    words = [w for w in re.split(r"[\s.]+", name) if w]
    if not words:
        return ""
    surname = skeleton(words[-1])
    return f"{skeleton(words[0])[:1]} {surname}" if len(words) > 1 else surname


def resolve_people(mentions: list[Mention]) -> None:
    """Rewrite each PER mention's name to the fullest name of that person in the article."""
    full: dict[str, Counter[str]] = {}
    for m in mentions:
        words = m.name.split()
        if m.type == "PER" and len(words) > 1:
            full.setdefault(skeleton(words[-1]), Counter())[m.name] += 1
    best = {k: max(c.items(), key=lambda kv: (len(kv[0].split()), kv[1]))[0]
            for k, c in full.items()}
    for m in mentions:
        if m.type == "PER":
            m.name = best.get(skeleton(m.name.split()[-1]), m.name)
