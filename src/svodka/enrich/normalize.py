"""Base forms of multi-word names with pymorphy3 (ru/uk): Сергея Лаврова → Сергей Лавров,
Верховної Ради → Верховна Рада, Министерства иностранных дел → Министерство иностранных дел.

Words up to and including the head noun are put in the nominative (adjectives agreeing with
the head); what follows the head (genitive complements) is kept as written.
"""

from __future__ import annotations

import re
from typing import Any

from .mentions import title_case
from .morph import parses

PERSON_TAGS = ("Name", "Surn", "Patr")


def _pick(word: str, lang: str, want: tuple[str, ...], gender: str | None) -> Any | None:
    best = None
    for p in parses(word, lang):
        if want and not any(t in p.tag.grammemes for t in want):
            continue
        if want and p.tag.number == "plur":
            continue
        if gender and p.tag.gender and p.tag.gender != gender and "Fixd" not in p.tag.grammemes:
            continue
        if best is None:
            best = p
    return best


def _nominative(p: Any, gender: str | None, plural: bool = False) -> str | None:
    tries: list[set[str]] = []
    if plural:  # «Соединенных Штатов», «Курильских островов»: the plural stays plural
        tries += [{"nomn", "plur"}]
    elif gender and p.tag.POS in ("ADJF", "PRTF"):
        tries += [{"nomn", gender}]
    if not plural and "Pltm" not in p.tag.grammemes and p.tag.number != "plur":
        tries += [{"nomn", "sing"}]
    tries += [{"nomn"}]
    for grams in tries:
        try:
            form = p.inflect(grams)
        except (ValueError, KeyError):
            form = None
        if form is not None:
            return form.word
    return None


def _as_written(written: str, base: str) -> str:
    """Keep the writer's е where the dictionary has ё (Пугачевой -> Пугачева)."""
    return base if "ё" in written.lower() else base.replace("ё", "е").replace("Ё", "Е")


def _restore_case(written: str, base: str) -> str:
    if written.isupper() and len(written) > 1:
        return base.upper()
    return _as_written(written, title_case(base) if written[:1].isupper() else base)


_SURNAME_RE = re.compile(r"^(.+?(?:ов|ев|ёв|ин|ын|ін|їн))(а|у|ым|им|ом|е|ой|ою|ої|ій|і)?$")


def _possessive_surname(word: str, gender: str | None) -> str | None:
    """Base form of an -ов/-ев/-ин surname that the dictionary does not know (Силуанова)."""
    m = _SURNAME_RE.match(word)
    if not m:
        return None
    stem, ending = m.group(1), m.group(2) or ""
    if gender == "femn" or (gender is None and ending in ("ой", "ою", "ої", "ій")):
        return stem + "а"
    if ending in ("ой", "ою", "ої"):
        return stem + "а"
    return stem


def _name_gender(words: list[str], lang: str) -> str | None:
    """The person's gender, from a given-name reading that agrees in case with the surname
    («Петра Порошенка» is a man in the genitive, «Юлії Тимошенко» a woman)."""
    names = [p for w in words[:1] for p in parses(w, lang)
             if "Name" in p.tag.grammemes and p.tag.number != "plur" and p.tag.gender]
    if not names:
        return None
    if len(words) > 1:
        last = list(parses(words[-1], lang))
        surn = [p for p in last if "Surn" in p.tag.grammemes] or last
        for q in surn:
            for p in names:
                if p.tag.case == q.tag.case and q.tag.gender in (None, p.tag.gender):
                    return p.tag.gender
    return next((p for p in names if p.tag.case == "nomn"), names[0]).tag.gender


def person_base(words: list[str], lang: str) -> str:
    """Nominative of a person's name, in the gender of the given name when there is one."""
    gender = _name_gender(words, lang)
    out = []
    for i, w in enumerate(words):
        if w.isupper() or len(w) < 2:
            out.append(w)
            continue
        last = i == len(words) - 1 and i > 0
        p = _pick(w, lang, ("Surn",) if last else PERSON_TAGS, gender)
        if p is None:
            base = _possessive_surname(w, gender)
            if base:
                out.append(title_case(base))
                continue
            p = _pick(w, lang, ("ADJF",), gender) or _pick(w, lang, ("NOUN",), gender)
        base = _nominative(p, gender) if p is not None else None
        out.append(_as_written(w, title_case(base)) if base else w)
    return " ".join(out)


def _head_noun(words: list[str], i: int, lang: str) -> Any | None:
    """The noun parse of ``words[i]`` that agrees (gender, case) with the adjective before it."""
    nouns = [p for p in parses(words[i], lang) if p.tag.POS == "NOUN"]
    if i > 0 and nouns:
        adjs = [a for a in parses(words[i - 1], lang) if a.tag.POS in ("ADJF", "PRTF")]
        for n in nouns:
            if any(a.tag.case == n.tag.case and a.tag.gender in (None, n.tag.gender)
                   for a in adjs):
                return n
    return nouns[0] if nouns else None


def _agreeing_adjective(word: str, head: Any, lang: str) -> Any | None:
    """The adjective parse of ``word`` in the head noun's case and number (the first parse of
    «Балтийского» is neuter or masculine; the one that agrees with «моря» is the right one)."""
    adjs = [q for q in parses(word, lang) if q.tag.POS in ("ADJF", "PRTF")]
    agree = [q for q in adjs if head is not None and q.tag.case == head.tag.case
             and q.tag.number == head.tag.number
             and (head.tag.number == "plur" or q.tag.gender in (None, head.tag.gender))]
    return (agree or adjs or [None])[0]


def phrase_base(words: list[str], lang: str) -> str:
    """Nominative of an organisation or place name (head noun and the adjectives before it)."""
    out = list(words)
    head_at = next((i for i, w in enumerate(words)
                    if not (w.isupper() and len(w) > 1) and _head_noun(words, i, lang) is not None
                    and not all(p.tag.POS in ("ADJF", "PRTF") for p in parses(w, lang)[:1])),
                   None)
    if head_at is None:
        return " ".join(out)
    head = _head_noun(words, head_at, lang)
    gender = head.tag.gender if head is not None else None
    plural = head is not None and head.tag.number == "plur"
    for i in range(head_at + 1):
        w = words[i]
        if w.isupper() and len(w) > 1:
            continue
        p = head if i == head_at else _agreeing_adjective(w, head, lang)
        base = _nominative(p, gender, plural) if p is not None else None
        if base:
            out[i] = _restore_case(w, base)
    return " ".join(out)
