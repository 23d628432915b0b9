"""Small multilingual gazetteers of places and organisations, matched by lemma.

The data files (``data/places.txt``, ``data/orgs.txt``) give one canonical name per language and
other names; an inflected mention (Россией, у Києві, Ukraine's) is found through the lemmas of
its words and reported by the canonical name in the article's language. The English name is the
entry's language-independent id, so mentions in different languages can be linked.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from .morph import WORD_RE, lemma, normalize_word, parses

DATA = Path(__file__).with_name("data")
LANGS = ("ru", "uk", "en")
MAX_NAME_WORDS = 5
# Countries, US states and large cities, generated from open data by training/build_gazetteer.py.
WORLD = "places_world.txt"


@dataclass(frozen=True, slots=True)
class Entry:
    type: str  # "LOC" or "ORG"
    names: tuple[str, str, str]  # ru, uk, en
    hand_written: bool = True  # preferred over the generated world list for the same words

    def name(self, lang: str | None) -> str:
        return self.names[LANGS.index(lang)] if lang in LANGS else self.names[2]

    @property
    def id(self) -> str:
        return self.names[2]


@lru_cache(maxsize=50_000)
def word_lemmas(word: str, lang: str | None) -> frozenset[str]:
    """Every dictionary form a written word may have (all pymorphy3 parses for ru/uk)."""
    w = normalize_word(word)
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if lang in ("ru", "uk"):
        return frozenset({w} | {p.normal_form.replace("ё", "е") for p in parses(w, lang)})
    return frozenset({w})


def _read(name: str, etype: str, hand_written: bool = True) -> list[tuple[Entry, list[str]]]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("|")
        names = (parts[0].strip(), parts[1].strip(), parts[2].strip())
        others = [a.strip() for a in parts[3].split(",")] if len(parts) > 3 and parts[3] else []
        out.append((Entry(etype, names, hand_written), [*names, *others]))
    return out


@cache
def _index(lang: str) -> dict[str, list[tuple[tuple[str, ...], bool, Entry, str]]]:
    """First-word lemma -> [(lemmas of the name's words, all-caps?, entry, alias)], longest
    first."""
    idx: dict[str, list[tuple[tuple[str, ...], bool, Entry, str]]] = {}
    entries = _read("places.txt", "LOC") + _read("orgs.txt", "ORG") + _read(WORLD, "LOC", hand_written=False)
    for entry, aliases in entries:
        own = entry.name(lang)  # the language's own name first: «Львові» is «Львів», not «Львов»
        for alias in sorted(aliases, key=lambda a: a != own):
            words = WORD_RE.findall(alias)
            if not words:
                continue
            key = tuple(lemma(w, lang) if lang in ("ru", "uk") else normalize_word(w)
                        for w in words)
            caps = alias.replace(".", "").isupper() and len(alias) <= 6
            idx.setdefault(key[0], []).append((key, caps, entry, alias))
    for v in idx.values():
        v.sort(key=lambda t: -len(t[0]))
    return idx


def match_at(words: list[str], i: int, lang: str | None) -> tuple[int, Entry] | None:
    """The longest gazetteer name starting at ``words[i]``: (number of words, entry)."""
    hit = match_alias(words, i, lang)
    return (hit[0], hit[1]) if hit else None


def match_alias(words: list[str], i: int, lang: str | None) -> tuple[int, Entry, str] | None:
    """The longest gazetteer name starting at ``words[i]``: (number of words, entry, the name as
    the gazetteer writes it: «Києві» -> «Київ», «ЄС» -> «ЄС»)."""
    if not words[i][:1].isupper():
        return None
    idx = _index(lang if lang in LANGS else "en")
    lem = [word_lemmas(w, lang) for w in words[i:i + MAX_NAME_WORDS]]
    best: tuple[tuple[int, bool, bool], tuple[int, Entry, str]] | None = None
    for first in lem[0]:
        for key, caps, entry, alias in idx.get(first, ()):
            n = len(key)
            if n > len(lem) or (caps and not words[i].replace(".", "").isupper()):
                continue
            rank = (n, entry.hand_written, alias == entry.name(lang))
            if all(key[k] in lem[k] for k in range(n)) and (best is None or rank > best[0]):
                best = rank, (n, entry, alias)
    return best[1] if best else None


@cache
def given_names() -> frozenset[str]:
    lines = (DATA / "en_names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


@cache
def name_lemmas(lang: str) -> frozenset[str]:
    """Lemmas of the words of every gazetteer name (київ, росія, ...)."""
    return frozenset(w for keys in _index(lang).values() for key, *_ in keys for w in key)
