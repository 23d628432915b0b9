"""Russian named entities: natasha's NER (loaded once, lazily) with pymorphy3 base forms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from . import natasha_ner
from .gazetteer import match_alias
from .mentions import Mention
from .morph import WORD_RE, parses
from .normalize import person_base, phrase_base

# Bounded work on pathological input: natasha's cost and memory grow with the text, and a news
# article, however long, is well under this.
MAX_CHARS = 100_000
UK_MODEL_TYPES = ("ORG", "LOC")
NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr"})
PERSON_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
_BREAK_RE = re.compile(r"[()\[\],;/|\n•·▪‧]+")  # list bullets too: «Чили • Коста Рика»
# Lowercase nouns naming a state's body, its team or its delegation: followed by a place in the
# genitive they name an organisation («правительство Израиля», «власти Таиланда», «сборная
# России»), as Russian NER annotation (factRuEval) marks them. The place stays a place too.
RU_STATE_BODIES = frozenset(
    "правительство парламент власть руководство сборная делегация представительство посольство "
    "консульство министерство мэрия администрация генштаб пресс-служба спецслужба разведка "
    "полиция армия прокуратура федерация орган госдепартамент госдеп минфин кабмин кабинет "
    "ведомство командование".split())
# Head nouns of buildings and grounds: a name built on them is a place (factRuEval's convention;
# Ukrainian annotation calls an airport an organisation, so this is Russian only).
RU_FACILITY_HEADS = frozenset("дом дворец аэропорт вокзал стадион космодром".split())
RU_COMPANY_HOUSES = frozenset("торговый издательский модный аукционный ювелирный".split())
# Words of a name after its «при …» or «по …» («при главном архитекторе Москвы»).
MAX_ATTACHED_WORDS = 5
# Adjectives kept before such a noun: «правоохранительные органы Китая», «шахматная федерация».
MAX_BODY_ADJECTIVES = 2
# Ukrainian letters respelled as the Russian model reads them, one character for one so that
# its spans are the text's own offsets: «Міністерство» is «Министерство», «об'єднання» is
# «объеднання». On the Ukrainian dev set this lifts natasha alone from 0.44 to 0.53 micro-F1
# (docs/entities.md).
UK_AS_RU = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "І": "И", "Ї": "И", "Є": "Е",
                          "Ґ": "Г", "'": "ъ", "’": "ъ", "ʼ": "ъ"})


def base_mention(kind: str, words: list[str], start: int, end: int, lang: str) -> Mention:
    """A mention in base form; a name the gazetteer knows keeps its words and gets its id."""
    mtype, name, key = _base_name(kind, tuple(words), lang)
    return Mention(type=mtype, name=name, start=start, end=end, key=key)


@lru_cache(maxsize=100_000)
def _base_name(kind: str, words: tuple[str, ...], lang: str) -> tuple[str, str, str | None]:
    """(type, base form, gazetteer id) of a mention's words (cached: names recur)."""
    hit = match_alias(list(words), 0, lang) if words else None
    if hit and hit[0] == len(words):
        return hit[1].type, hit[2], hit[1].id
    name = person_base(list(words), lang) if kind == "PER" else phrase_base(list(words), lang)
    return kind, name, None


@lru_cache(maxsize=4)  # the Ukrainian rules and the CRF read the same text's spans
def ner_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, stop, type) of natasha's named entities in ``text``: the spans of
    ``natasha.Doc.tag_ner``, without the sentence segmentation it needs first."""
    text = text[:MAX_CHARS]
    return tuple(natasha_ner.ner_spans(text)) if text.strip() else ()


def _script(word: str) -> str:
    return "lat" if word[:1].isascii() else "cyr"


def pieces(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """A model's span cut where it runs over a bracket, a comma, a line break or a change of
    script: «Джошуа Вольф (Joshua Wolf)», «Монако\\nНамибия», «Комитет защиты журналистов (КЗЖ)»
    are two names each."""
    segments, pos = [], start
    for m in _BREAK_RE.finditer(text, start, stop):
        segments.append((pos, m.start()))
        pos = m.end()
    segments.append((pos, stop))
    for a, b in segments:
        run: list[re.Match[str]] = []
        for w in WORD_RE.finditer(text, a, b):
            if run and _script(run[-1].group()) != _script(w.group()):
                yield run[0].start(), run[-1].end()
                run = []
            run.append(w)
        if run:
            yield run[0].start(), run[-1].end()


def _gazetteer_pieces(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """A place span that is several known places side by side («Йемен Замбия», a list set
    without commas) cut into them and the unknown places between them; any other span as it is."""
    words = list(WORD_RE.finditer(text, start, stop))
    out, i, known, unknown_from = [], 0, 0, None
    while i < len(words):
        hit = match_alias([w.group() for w in words], i, "ru")
        if hit is None:  # an unknown place between known ones is a piece of its own
            unknown_from = i if unknown_from is None else unknown_from
            i += 1
            continue
        if unknown_from is not None:
            out.append((words[unknown_from].start(), words[i - 1].end()))
            unknown_from = None
        out.append((words[i].start(), words[i + hit[0] - 1].end()))
        known, i = known + 1, i + hit[0]
    if unknown_from is not None:
        out.append((words[unknown_from].start(), words[-1].end()))
    return out if known > 1 else [(start, stop)]


def ru_mentions(text: str) -> list[Mention]:
    from .ner_rules import quoted_organisations, without_overlaps

    out = _model_mentions(text)
    out = [*out, *state_bodies(text, out)]
    out.sort(key=lambda m: m.start)
    for m in out:
        if m.type == "ORG" and m.key is None:
            _attached_tail(text, m)
    out = without_overlaps(out, _gazetteer_places(text))
    return without_overlaps(quoted_organisations(text, "ru"), out)


def _gazetteer_places(text: str) -> list[Mention]:
    """Capitalised names the gazetteers know («чемпионата Европы») where the model saw none."""
    from .mentions import tokens

    toks = tokens(text[:MAX_CHARS])
    words = [t.text for t in toks]
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        hit = match_alias(words, i, "ru") if toks[i].cap else None
        if hit is None:
            i += 1
            continue
        n, entry, alias = hit
        if n > 1 or not any(p.is_known and not p.tag.grammemes & NAME_GRAMMEMES
                            for p in parses(words[i], "ru")):  # «Того», «Заря»: common words
            out.append(Mention(type=entry.type, name=alias, start=toks[i].start,
                               end=toks[i + n - 1].end, key=entry.id))
        i += n
    return out


def _tail_word(word: str, cases: tuple[str, ...]) -> bool:
    ps = parses(word, "ru")
    if word[:1].isupper():  # a place or a body («при Президенте РФ»), not a person's name
        return not any(p.tag.grammemes & PERSON_GRAMMEMES for p in ps) or any(
            p.tag.case in cases and "Geox" in p.tag.grammemes for p in ps) or word.isupper()
    return ps[0].tag.POS in ("NOUN", "ADJF", "PRTF") and any(
        p.tag.case in cases and p.tag.POS in ("NOUN", "ADJF", "PRTF") for p in ps)


def _attached_tail(text: str, m: Mention) -> None:
    """«Совет при Президенте РФ по развитию информационного общества», «ГУ МЧС России по
    Санкт-Петербургу», «Следственный комитет при прокуратуре»: «при …» (locative) and «по …»
    (dative) and the genitives after them are part of an organisation's name; a lone lowercase
    word after «по» is not («МИД по телефону»)."""
    pos, taken = m.end, 0
    for prep, case in (("при", "loct"), ("по", "datv")):
        found = re.match(rf" {prep} ", text[pos:pos + len(prep) + 2])
        if not found:
            continue
        cases, q, ends = (case,), pos + found.end(), []
        while len(ends) < MAX_ATTACHED_WORDS:
            w = WORD_RE.match(text, q)
            if w is None or not _tail_word(w.group(), cases):
                break
            ends.append(w.end())
            cases, q = (case, "gent"), w.end()
            conj = re.match(r" и (?=\w)| (?=\w)", text[q:q + 4])
            if conj is None:
                break
            q += conj.end()
        if prep == "по" and len(ends) == 1 and text[pos + found.end()].islower():
            continue
        if ends:
            pos, taken = ends[-1], taken + len(ends)
    if taken:
        m.name, m.end, m.key = f"{m.name}{text[m.end:pos]}", pos, None


def _genitive_place(words: list[str]) -> bool:
    return any(p.tag.case == "gent" or "Fixd" in p.tag.grammemes for p in parses(words[0], "ru")) \
        or words[0].isupper()


def state_bodies(text: str, mentions: list[Mention]) -> list[Mention]:
    """«правительство Израиля», «правоохранительными органами Китая», «сборная России»: a
    lowercase state-body noun (and the adjectives before it) with the place after it in the
    genitive is an organisation, the place still a place of its own."""
    out: list[Mention] = []
    for m in mentions:
        if m.type != "LOC":
            continue
        words = list(WORD_RE.finditer(text, max(0, m.start - 80), m.start))
        if not words or text[words[-1].end():m.start].strip() or not _genitive_place(
                WORD_RE.findall(text[m.start:m.end])):
            continue
        head = words[-1].group()
        opening = head[1:].islower() and _opens_sentence(text, words[-1].start())
        if not (head.islower() or opening) or not {p.normal_form for p in parses(head, "ru")} & RU_STATE_BODIES:
            continue
        first = len(words) - 1
        while (first > 0 and len(words) - first <= MAX_BODY_ADJECTIVES
               and not text[words[first - 1].end():words[first].start()].strip()
               and words[first - 1].group().islower() and not opening
               and parses(words[first - 1].group(), "ru")[0].tag.POS in ("ADJF", "PRTF")):
            first -= 1
        start = words[first].start()
        if any(o.type == "ORG" and o.start <= start and m.end <= o.end for o in mentions):
            continue
        names = [w.group() for w in words[first:]] + WORD_RE.findall(text[m.start:m.end])
        out.append(base_mention("ORG", names, start, m.end, "ru"))
    return out


def _model_mentions(text: str) -> list[Mention]:
    out: list[Mention] = []
    for span_start, span_stop, kind in ner_spans(text):
        cuts = [p for a, b in pieces(text, span_start, span_stop) for p in (
            _gazetteer_pieces(text, a, b) if kind == "LOC" else [(a, b)])]
        for start, stop in cuts:
            words = WORD_RE.findall(text[start:stop])
            prev = out[-1] if out else None
            # «МИД РФ», «Минобороны России»: an organisation qualified by a place is one name
            # (the place is still reported as a place of its own). Two organisations side by
            # side («REGNUM Верховный суд») stay two.
            if (prev is not None and prev.type == "ORG" and kind == "LOC"
                    and not text[prev.end:start].strip()):
                prev.name, prev.end, prev.key = f"{prev.name} {text[start:stop]}", stop, None
            m = base_mention(_facility_type(kind, words), words, start, stop, "ru")
            m.by_model = True
            out.append(m)
    return out


def _facility_type(kind: str, words: list[str]) -> str:
    """«Белый дом», «Дворец молодёжи», «аэропорт Рейган»: a building named by its head noun is
    a place (the model often calls it an organisation), as Russian annotation has it."""
    if kind != "ORG":
        return kind
    if any(parses(w, "ru")[0].normal_form in RU_COMPANY_HOUSES for w in words):
        return kind  # «Издательский дом …», «Торговый дом …» are companies
    for word in words:  # the head is the first word past the adjectives («Белый» is one too)
        ps = parses(word, "ru")
        if any(p.tag.POS == "NOUN" and p.normal_form in RU_FACILITY_HEADS for p in ps):
            return "LOC"
        if not any(p.tag.POS == "ADJF" for p in ps):
            break
    return kind


def uk_mentions(text: str) -> list[Mention]:
    """Ukrainian: the rules (pymorphy3-uk, gazetteers), and natasha's organisations and places
    where the rules found nothing."""
    from .ner_rules import rule_mentions

    out = rule_mentions(text, "uk")
    by_span = {(m.start, m.end): m for m in out}
    for span_start, span_stop, kind in ner_spans(text.translate(UK_AS_RU)):
        for start, stop in pieces(text, span_start, span_stop):
            same = by_span.get((start, stop))
            if same is not None:
                same.by_model = same.type == kind
            if kind not in UK_MODEL_TYPES:
                continue
            if same is not None and (same.type == "PER" or same.weak) and same.key is None:
                # «Гельсінкі», «Індіана»: a place or organisation the rules took for a person
                same.type = kind
            if any(m.start < stop and start < m.end for m in by_span.values()):
                continue
            words = WORD_RE.findall(text[start:stop])
            if len(words) == 1 and _opens_sentence(text, start) and _uk_common_word(words[0]):
                continue  # «Представник ЄС»: the model's span over a sentence's first word
            out.append(base_mention(kind, words, start, stop, "uk"))
    out.sort(key=lambda m: m.start)
    return _qualified_organisations(text, out)


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 20):start].rstrip()
    return not before or before[-1] in ".!?…:\n«»\"“”—"


def _uk_common_word(word: str) -> bool:
    """A word the Ukrainian dictionary knows, only as a common word (no name tags), and the
    gazetteers do not know."""
    ps = parses(word, "uk")
    return (not word.isupper() and bool(ps) and match_alias([word], 0, "uk") is None
            and all(p.is_known and not p.tag.grammemes & NAME_GRAMMEMES for p in ps))


def _qualified_organisations(text: str, mentions: list[Mention]) -> list[Mention]:
    """«Міністерство оборони України», «Верховна Рада України»: a place right after an
    organisation's name is part of that name (and not a place of its own)."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (prev is not None and prev.type == "ORG" and m.type == "LOC"
                and prev.end < m.start and not text[prev.end:m.start].strip()
                and "\n" not in text[prev.end:m.start]):
            prev.name, prev.end, prev.key = f"{prev.name} {text[m.start:m.end]}", m.end, None
            continue
        out.append(m)
    return out
