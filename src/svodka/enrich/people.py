"""One canonical name per person: within an article the surname alone, inflected or short forms
resolve to the fullest name given; across languages ``person_key`` links Сергей Лавров,
Сергій Лавров and Sergey Lavrov (a transliterated consonant skeleton of the names).
"""

from __future__ import annotations

import re
from collections import Counter

from .mentions import Mention
from .morph import parses

_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})

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
    by_first: dict[str, set[str]] = {}
    for name in best.values():
        by_first.setdefault(name.split()[0], set()).add(name)
    for m in mentions:
        if m.type != "PER":
            continue
        fuller = by_first.get(m.name, set()) if " " not in m.name else set()
        # «Виктор» after «Виктор Иванов»: a given name alone is the one person named so
        m.name = next(iter(fuller)) if len(fuller) == 1 else best.get(
            skeleton(m.name.split()[-1]), m.name)


def _readings(word: str, lang: str) -> tuple[bool, bool]:
    """(has a personal-name reading, has a dictionary reading that is not a name)."""
    ps = parses(word, lang)
    name = any(p.tag.grammemes & _NAME_TAGS for p in ps)
    common = any(p.is_known and not p.tag.grammemes & _NAME_TAGS for p in ps)
    return name, common


def plausible_person(mention: Mention, lang: str | None, *, model: bool) -> bool:
    """Whether a one-word person is a person: a word the dictionary knows only as a common
    word («Овнам», «Рыбам») is not; one that is both a name and a common word («Віра» a storm,
    «Зима», «Українська», «Лізі» of «Ліга») only when a statistical model (``model``) said so.
    Names of several words, and words the dictionary does not know, are kept."""
    words = mention.name.split()
    if mention.type != "PER" or len(words) != 1 or lang not in ("ru", "uk"):
        return True
    name, common = _readings(words[0], lang)
    if not common:
        return True
    return name and model
