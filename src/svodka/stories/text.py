"""Words into the shared spaces that story matching compares.

Two kinds of keys come out of an article:

* **terms** - stems in one space per script. Cyrillic words (Russian and Ukrainian alike) are
  lower-cased, letter-normalised (``і ї -> и``, ``є э -> е``, ``ґ -> г``, ``ы -> и``, apostrophes
  and ``ъ`` dropped), stemmed with the Russian Snowball stemmer, stripped of vowels after the
  first letter and cut to ``PREFIX`` letters, so that a Russian and a Ukrainian report share many
  terms (``выборы``/``вибори``, ``ветер``/``вітер``, ``света``/``світла``, ``Киева``/``Києва``).
  Words that differ between the two languages (``правительство``/``уряд``) do not meet, and the
  skeletons conflate a few unrelated Russian words (measured: no loss of pair F1 on the labelled
  Russian pairs, a gain on the sample web's ru/uk reports). Latin words get the English stemmer. Russian or Ukrainian
  terms never meet English terms, apart from Latin words quoted inside Cyrillic text.
* **anchors** - script-independent keys for names and numbers: a capitalised word or an entity name
  is transliterated to Latin and reduced to a consonant skeleton (``Лавров``/``Lavrov`` -> ``lvrv``,
  ``Зеленского``/``Zelensky`` -> ``zlnsk``, ``Москва``/``Moscow`` -> ``mskv``, ``Київ``/``Kyiv`` ->
  ``kv``); acronyms keep their vowels (``НАТО``/``NATO`` -> ``nato``); names that differ beyond
  transliteration (``США``/``US``, ``Германия``/``Німеччина``/``Germany``) come from the alias table
  ``data/aliases.json``, whose names also meet in cases it does not list (``Одесою``); a region
  named after its centre keys to the centre (``Харківщина``, ``Харьковщины`` -> Kharkiv's key),
  and a region's adjective before "область"/"району"/"краю" adds the centre's key to its own
  (``Харьковской области`` meets "Kharkiv region"; its own key, ``Курской`` -> ``krsk``, still
  meets "Kursk"); numbers are kept as they are (``#2016``). Skeletons are coarse: short
  names collide with unrelated ones, so anchors are one signal among several, never the only one
  for same-script articles.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache, lru_cache
from importlib import resources

import Stemmer

from svodka.words import TOKEN_RE

PREFIX = 5  # Cyrillic stems keep this many letters (first letter and consonants)
SKELETON = 5  # anchors keep this many skeleton consonants

_SENTENCE_BREAK = re.compile(r"[.!?…:;\n(—–]")
_CYR = re.compile(r"[а-яёіїєґ]", re.IGNORECASE)
_LAT = re.compile(r"[a-z]", re.IGNORECASE)

_CYR_NORM = str.maketrans({
    "ё": "е", "і": "и", "ї": "и", "є": "е", "ґ": "г", "ы": "и", "э": "е",
    "ъ": None, "'": None, "’": None, "ʼ": None,
})
# Vowels differ most between Russian and Ukrainian (ветер/вітер, свет/світло, ночь/ніч).
_CYR_VOWELS = str.maketrans({c: None for c in "аеиоуыэюяёіїєьй"})
# Cyrillic letter -> Latin "sound class" letters (upper case marks a digraph sound).
_CYR_LAT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "e", "ё": "e",
    "ж": "Z", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "j", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h",
    "ц": "c", "ч": "C", "ш": "S", "щ": "S", "ъ": None, "ы": "y", "ь": None, "э": "e", "ю": "u",
    "я": "a", "'": None, "’": None, "ʼ": None, "-": None,
})
# Latin spellings -> the same classes, in order (a lone "c" is "k" before "ts" becomes "c").
_LAT_DIGRAPHS = (
    ("shch", "S"), ("sch", "S"), ("sh", "S"), ("zh", "Z"), ("ch", "C"), ("kh", "h"), ("ck", "k"),
    ("ph", "f"), ("th", "t"), ("x", "ks"), ("q", "k"), ("w", "v"), ("c", "k"), ("ts", "c"),
    ("tz", "c"), ("'s", ""), ("’s", ""), ("'", ""), ("’", ""), ("-", ""),
)
_SKELETON_DROP = str.maketrans({c: None for c in "aeiouyj"} | {"h": "g"})
# Case endings stripped from Cyrillic names before transliteration (longest first).
_NAME_ENDINGS = (
    "ого", "его", "ому", "ему", "ыми", "ими", "ами", "ями", "ою", "ею", "ым", "им", "ом", "ем",
    "ой", "ей", "ах", "ях", "ам", "ям",
)


# Letters an alias stem has at least: a shorter one (вен, of вена) is the start of many words.
ALIAS_STEM = 4
_FINAL_VOWELS = frozenset("аяеєиіїоуюыь")
_ALIAS_ENDINGS = ("ою", "ой", "ей", "ом", "ем", "ах", "ях")
# A region named after its centre, Ukrainian or Russian, in every case: Харківщина (Kharkiv),
# Харьковщины, Вінниччина (Vinnytsia: the root's "ц" doubles to "чч").
_REGION_NOUN = re.compile(r"^(.{3,}?)(щин|ччин)(а|и|ы|і|е|у|ою|ой)$")
# A region's adjective, Russian or Ukrainian, in every case: Харьковской, Харківської, Вінницької.
_REGION_ADJECTIVE = re.compile(
    r"^(.{3,}?)(ськ|цьк|ск|цк)(ая|ой|ую|ом|ого|ому|ий|их|ое|ої|ій|ою|а|у|е)$")
# The nouns after such an adjective that make it a region's name ("Харьковской области"); none of
# them is a name itself, nor is English "Oblast" ("Kharkiv Oblast").
REGION_NOUNS = frozenset("""
    область области областью областей областях обл області областю
    район района районе району районом районі
    край края крае краю краем
    oblast oblasts
""".split())


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    text = resources.files(__package__).joinpath("data/stopwords.txt").read_text("utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        if not line.startswith("#"):
            words.update(w.replace("ё", "е") for w in line.split())
    return frozenset(words)


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    raw = json.loads(resources.files(__package__).joinpath("data/aliases.json").read_text("utf-8"))
    return {
        name.lower(): key
        for key, names in raw.items()
        if not key.startswith("_")
        for name in names
    }


@lru_cache(maxsize=1)
def _alias_stems() -> dict[str, str]:
    """The Cyrillic alias names without their final vowel (``одеса``, ``одесса`` -> ``одес``,
    ``одесс``), so that the cases the table does not list meet too (Одесою, Одессой,
    Миколаєві, Запоріжжі); stems shorter than ``ALIAS_STEM`` letters are left out."""
    out: dict[str, str] = {}
    for name, key in aliases().items():
        stem = _without_vowel(name) if is_cyrillic(name) else None
        if stem is not None and len(stem) >= ALIAS_STEM:
            out.setdefault(stem, key)
    return out


def _alias(low: str) -> str | None:
    """The alias key of a lower-case word in any case: listed, or its stem is a listed name's."""
    key = aliases().get(low)
    if key is not None or not is_cyrillic(low):
        return key
    stems = _alias_stems()
    for ending in _ALIAS_ENDINGS:
        if low.endswith(ending) and (key := stems.get(low[: -len(ending)])) is not None:
            return key
    stem = _without_vowel(low)
    return stems.get(stem) if stem is not None else None


def _without_vowel(word: str) -> str | None:
    return word[:-1] if word[-1:] in _FINAL_VOWELS else None


@cache
def _stemmer(name: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(name)


def is_cyrillic(word: str) -> bool:
    return _CYR.search(word) is not None


def script_space(text: str) -> str:
    """``"cyr"`` when Cyrillic letters outnumber Latin ones, else ``"lat"``."""
    cyr = len(_CYR.findall(text))
    lat = len(_LAT.findall(text))
    return "cyr" if cyr >= lat and cyr > 0 else "lat"


@lru_cache(maxsize=200_000)
def term(word: str) -> str | None:
    """The shared-space stem of a word, or None for stop words, numbers and one-letter words."""
    w = word.lower().replace("ё", "е")
    if w in stopwords() or len(w) < 2 or any(c.isdigit() for c in w):
        return None
    if is_cyrillic(w):
        w = w.translate(_CYR_NORM)
        stem = _stemmer("russian").stemWord(w)
        stem = (stem[0] + stem[1:].translate(_CYR_VOWELS))[:PREFIX]
    else:
        w = w.replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        stem = _stemmer("english").stemWord(w)
    return stem if len(stem) >= 2 else None


@lru_cache(maxsize=200_000)
def anchor(word: str) -> str | None:
    """The script-independent key of a name word (see the module docstring), or None."""
    low = word.lower().replace("ё", "е")
    alias = _alias(low)
    if alias is not None:
        return alias
    if low in stopwords() or low in REGION_NOUNS:
        return None
    if word.isupper() and 2 <= len(word) <= 6:  # acronym: keep vowels
        return _to_latin(low) or None
    if is_cyrillic(low):
        low = _region_root(low, _REGION_NOUN) or _strip_ending(low)
        alias = aliases().get(low)
        if alias is not None:
            return alias
    return _skeleton(low)


def region_anchor(word: str) -> str | None:
    """The key of the centre a region's adjective names (``Харьковской`` in "Харьковской
    области", ``Харківської`` in "Харківської області": Kharkiv's, as ``Харківщина``'s and
    "Kharkiv region"'s), or None; call it only for a word before one of ``REGION_NOUNS``."""
    low = word.lower().replace("ё", "е")
    root = _region_root(low, _REGION_ADJECTIVE) if is_cyrillic(low) else None
    if root is None:
        return None
    return aliases().get(root) or _skeleton(root)


def _region_root(low: str, pattern: re.Pattern[str]) -> str | None:
    m = pattern.match(low)
    if m is None:
        return None
    return m.group(1) + ("ц" if m.group(2)[0] in "цч" else "")


def _strip_ending(low: str) -> str:
    for ending in _NAME_ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= 4:
            return low[: -len(ending)]
    return low


def _skeleton(low: str) -> str | None:
    skeleton = _collapse(_to_latin(low)).translate(_SKELETON_DROP)[:SKELETON]
    return skeleton if len(skeleton) >= 2 else None


def is_telling(key: str) -> bool:
    """An anchor that is a name, or a number unlike a day of the month or a year (those two say
    little: two unrelated reports of one day share them)."""
    if not key.startswith("#"):
        return True
    digits = key[1:]
    return not (len(digits) <= 2 and int(digits) <= 31) and not (
        len(digits) == 4 and digits[:2] in ("19", "20")
    )


def number(word: str, min_digits: int = 2) -> str | None:
    """``#<digits>`` for a number of at least ``min_digits`` digits (separators dropped: 13,5 and
    13.5 are one key), else None."""
    head = word.split("-", 1)[0]  # "12-й", "3-th"
    digits = "".join(c for c in head if c.isdigit())
    if len(digits) < min_digits or len(digits) != sum(c.isalnum() for c in head):
        return None
    return "#" + (digits.lstrip("0") or "0")


def _to_latin(word: str) -> str:
    if is_cyrillic(word):
        return word.translate(_CYR_LAT)
    for a, b in _LAT_DIGRAPHS:
        word = word.replace(a, b)
    return word


def _collapse(s: str) -> str:
    out: list[str] = []
    for c in s:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def words_with_case(text: str) -> list[tuple[str, bool]]:
    """Words of ``text``, each with whether it is a capitalised word inside a sentence."""
    out: list[tuple[str, bool]] = []
    end = 0
    for m in TOKEN_RE.finditer(text):
        gap = text[end : m.start()]
        initial = not out or _SENTENCE_BREAK.search(gap) is not None
        w = m.group()
        out.append((w, not initial and w[:1].isupper()))
        end = m.end()
    return out


def is_title_case(words: list[str]) -> bool:
    """English-style headlines capitalise (almost) every word, some outlets shout whole titles:
    then case says nothing."""
    alpha = [w for w in words if w[:1].isalpha() and len(w) > 3]
    if len(alpha) < 3:
        return False
    return sum(w[:1].isupper() for w in alpha) >= 0.7 * len(alpha) or all(
        w.isupper() for w in alpha
    )


def log_weight(count: float) -> float:
    return 1.0 + math.log(count) if count >= 1 else count
