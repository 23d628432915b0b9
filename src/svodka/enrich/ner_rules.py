"""Rule-based named entities for languages without a packaged NER model (Ukrainian, English).

Candidates are runs of capitalised words. Each run is read left to right: gazetteer names first
(places and organisations, matched by lemma), then persons (pymorphy3's Name/Surn/Patr tags for
Ukrainian; a given-names list, titles and speech verbs for English), organisation head words
(«Міністерство …», "… Ministry", "Bank of …") and abbreviations. A capitalised word that opens a
sentence is taken only when it is known to be a name.
"""

from __future__ import annotations

import bisect
import re

from .gazetteer import Entry, given_names, match_alias, match_at
from .mentions import Mention, Token, title_case, tokens
from .morph import WORD_RE, parses
from .ner_ru import UK_AS_RU, base_mention

UK_ORG_HEADS = frozenset(
    "міністерство служба управління департамент комітет агенція агентство партія компанія банк "
    "фонд суд прокуратура поліція університет академія інститут асоціація федерація союз рада "
    "корпорація концерн уряд апарат офіс адміністрація палата бюро центр група".split())
UK_LOC_HEADS = frozenset("область район край регіон громада море океан острів півострів".split())
EN_ORG_WORDS = frozenset(
    "inc corp corporation ltd llc plc company co group bank university ministry department "
    "council commission agency association federation club fc party parliament congress senate "
    "court police army navy institute foundation committee office service airlines motors "
    "technologies times news post journal network union organisation organization authority "
    "administration board bureau school college hospital fund reserve exchange".split())
EN_TITLES = frozenset(
    "mr mrs ms dr sir dame president minister secretary senator sen rep gov governor chancellor "
    "king queen prince princess pope judge general gen col coach prime deputy mayor ambassador "
    "spokesman spokeswoman spokesperson lord lady chairman ceo director professor prof "
    "foreign defence defense finance economy interior chief".split())
EN_NOT_NAMES = frozenset(
    "the a an in on at of for to and but or if as by with from he she it its they we i you this "
    "that these those there here his her their our my your when while after before since "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december today yesterday tomorrow".split())
# Capitalised abbreviations that are units, formats or roles, not organisations.
EN_NOT_ACRONYMS = frozenset(
    "GB MB TB KB GHZ MHZ MP HDR USB LED LCD OLED CPU GPU RAM SSD HD UHD TV PC AM PM OK CEO CFO "
    "GDP VAT DNA RNA AI VR AR PDF FAQ DIY BBQ ID PIN SMS GPS MPH KM KG UK".split())
LOCATIVE_PREPOSITIONS = frozenset({"у", "в", "на", "при", "по"})
# Abbreviations of common nouns (media, taxes, units, technologies), not organisations.
NOT_ORG_ACRONYMS = frozenset(
    "ЗМІ СМИ ПДВ НДС ВВП ДНК РНК СМС SMS IT ІТ ПК ЕОМ ЧС ЖКГ ЖКХ ОТГ ДТП АЕС АЭС ГЕС ГЭС ТЕЦ "
    "ТЭЦ ПММ ЗНО ЄДРПОУ ЄРПН ПКУ ФОП ТОВ ПАТ ПрАТ ООО ОАО ЗАО ПАО".split())
# Prefixes of compound institution names (держ-, укр-, мін-, нац-, ген-, голов-).
ORG_PREFIXES = ("держ", "укр", "мін", "нац", "ген", "голов")
NOT_COMPOUND_ORGS = frozenset(
    "держава державник українець українка українство міністр мінімум мінерал національність "
    "націоналіст націоналістка генерал генерація генератор генеральша генетика головування "
    "головешка".split())
# Words that name a settlement or a river before its name: «с. Ясень», «смт Іванків», «у селі
# Пірново», «річки Інгул». The full words may also be a council's («голова села Іван …»), so a
# given name after them is a person's.
UK_SETTLEMENT_ABBREVIATIONS = frozenset({"м", "с", "смт", "сел", "х"})
UK_SETTLEMENT_WORDS = frozenset("село селище хутір містечко річка озеро".split())
# Longest name taken after a settlement word («Велика Олександрівка», «Мала Костромка»).
MAX_SETTLEMENT_WORDS = 3
_ROMAN_RE = re.compile(r"^[IVXLCDMХІ]+(?:-[IVXLCDMХІ]+)?$")
SPEECH_WORDS = frozenset("said says told added stated noted wrote tweeted according".split())
_PERSON_TAGS = ("Name", "Surn", "Patr")
_PERSON_GRAMMEMES = frozenset(_PERSON_TAGS)
_NAME_GRAMMEMES = frozenset({*_PERSON_TAGS, "Geox", "Orgn", "Abbr"})
# Parts of speech that never start a name.
FUNCTION_POS = frozenset(
    "NPRO CONJ PREP PRCL ADVB PRED INTJ NUMR COMP GRND VERB INFN PRTS ADJS".split())


def _runs(toks: list[Token], connectors: frozenset[str]) -> list[list[Token]]:
    """Maximal runs of capitalised words joined by spaces (connectors allowed inside)."""
    runs: list[list[Token]] = []
    cur: list[Token] = []
    for i, t in enumerate(toks):
        inner = (cur and t.joined and t.text in connectors and i + 1 < len(toks)
                 and toks[i + 1].cap and toks[i + 1].joined)
        if t.cap and (not cur or t.joined) and not (cur and t.initial):
            cur.append(t)
        elif inner:
            cur.append(t)
        else:
            if cur:
                runs.append(cur)
            cur = [t] if t.cap else []
    if cur:
        runs.append(cur)
    return runs


def _uk_person_word(w: str) -> bool:
    return len(w) > 1 and any(tag in p.tag.grammemes for p in parses(w, "uk") for tag in _PERSON_TAGS)


def _uk_sentence_word(w: str, following: str | None) -> bool:
    """A capitalised word that opens a sentence only because it opens it: a pronoun,
    conjunction or adverb («Вона зазначила», «Тому Тереза Мей»), or a common word not followed
    by a name («Люди кажуть»)."""
    ps = parses(w, "uk")
    common = [p for p in ps if p.is_known and not p.tag.grammemes & _NAME_GRAMMEMES]
    if not common:
        return False
    if any(p.tag.POS in FUNCTION_POS for p in common):
        return True
    # «Зеленський подякував» opens a sentence with a surname; «Люди кажуть» with the plural of
    # a noun that is also an informal given name.
    named = any(p.tag.grammemes & _PERSON_GRAMMEMES and "Infr" not in p.tag.grammemes
                for p in ps)
    return not named and (following is None or not _uk_person_word(following))


def _uk_not_a_person(toks: list[Token], k: int) -> bool:
    """A one-word name-like word that the context shows to be something else: an adjective
    agreeing with the noun after it («Українська «Зоря»», «Чорному морі»), or a word in the
    locative after у/в/на («у Лізі конференцій» is the league's, not Liza's)."""
    word = toks[k].text
    ps = parses(word, "uk")
    if k > 0 and toks[k - 1].text in LOCATIVE_PREPOSITIONS and any(
            p.tag.case == "loct" and not p.tag.grammemes & _PERSON_GRAMMEMES for p in ps):
        return True
    if k + 1 >= len(toks):
        return False
    nouns = [p for p in parses(toks[k + 1].text, "uk") if p.tag.POS == "NOUN"]
    return any(a.tag.POS == "ADJF" and n.tag.case == a.tag.case and n.tag.number == a.tag.number
               and (a.tag.number == "plur" or a.tag.gender in (None, n.tag.gender))
               for a in ps for n in nouns)


def _uk_acronym(w: str) -> bool:
    """An all-capitals word that names an organisation: not a Roman numeral (XX, IV), a
    common abbreviation (ЗМІ, ПДВ) or a word of a line set in capitals (ВОДА, НЕ)."""
    if _ROMAN_RE.match(w) or w in NOT_ORG_ACRONYMS:
        return False
    ps = parses(w, "uk")
    return not any(p.is_known for p in ps) or any("Abbr" in p.tag.grammemes for p in ps)


def _surname_first(run: list[Token], i: int, j: int) -> bool:
    """«Дегтярьова Тетяна Анатоліївна»: a surname, then the given name and a patronymic."""
    return j == i + 1 and j + 1 < len(run) and any(
        "Patr" in p.tag.grammemes for p in parses(run[j + 1].text, "uk"))


def _uk_compound_org(t: Token) -> bool:
    """«Держгеокадастр», «Укравтодор», «Мінприроди», «Нацполіція»: a word made of an
    institution's prefix and a stem, that is no person, place or common adjective."""
    low = t.text.lower()
    if t.upper or len(low) < 7 or not low.startswith(ORG_PREFIXES):
        return False
    ps = parses(t.text, "uk")
    return not any(p.tag.grammemes & _NAME_GRAMMEMES - {"Orgn"} or p.tag.POS != "NOUN"
                   or p.normal_form in NOT_COMPOUND_ORGS for p in ps)


def _uk_surname_after(prev: str, w: str) -> bool:
    """«Майк Пенс»: a capitalised word right after a given name is its surname, even when the
    dictionary knows it as a common word (пенс), unless it is a known place."""
    return _uk_given_name(prev) and match_at([w], 0, "uk") is None


def _uk_given_name(w: str) -> bool:
    tags = {g for p in parses(w, "uk") for g in p.tag.grammemes & _NAME_GRAMMEMES}
    return "Name" in tags and "Surn" not in tags


def _uk_known_common(w: str) -> bool:
    ps = parses(w, "uk")
    return bool(ps) and all(p.is_known for p in ps) and not _uk_person_word(w)


def _mention(kind: str, run: list[Token], lang: str) -> Mention:
    words = [t.text[:-2] if t.text.endswith(("'s", "’s")) else t.text for t in run]
    if lang == "uk":
        return base_mention(kind, words, run[0].start, run[-1].end, lang)
    return Mention(kind, title_case(" ".join(words)) if kind == "PER" else " ".join(words),
                   run[0].start, run[-1].end)


def _known(entry: Entry, alias: str, run: list[Token]) -> Mention:
    """A gazetteer name: the name the article wrote, in the gazetteer's base form, keyed by
    the entry's id."""
    return Mention(type=entry.type, name=alias, start=run[0].start, end=run[-1].end, key=entry.id)


def _uk_personish(t: Token) -> bool:
    """A capitalised animate noun (a given name missing the Name tag, e.g. «Володимир»)."""
    return any(p.tag.POS == "NOUN" and p.tag.animacy == "anim" for p in parses(t.text, "uk"))


def _uk_org_tail(toks: list[Token], k: int) -> int:
    """Index after an organisation name whose head word is ``toks[k]``: the lowercase
    genitive words after it («Міністерство закордонних справ») and a place («… України»)."""
    j = k + 1
    while j < len(toks) and j - k <= 4 and toks[j].joined and not toks[j].cap and any(
            p.tag.case == "gent" for p in parses(toks[j].text, "uk")):
        j += 1
    if (j > k + 1 and j < len(toks) and toks[j].joined
            and match_at([toks[j].text], 0, "uk") is not None):
        j += 1
    return j


def _uk_adjective_phrase(toks: list[Token], k: int) -> tuple[int, str] | None:
    """«Харківська область», «Харківська обласна військова адміністрація»: a capitalised
    adjective, lowercase adjectives, then a place or organisation head noun -> (end, type)."""
    if not any(p.tag.POS == "ADJF" for p in parses(toks[k].text, "uk")[:1]):
        return None
    j = k + 1
    while (j < len(toks) and j - k <= 3 and toks[j].joined and not toks[j].cap
           and any(p.tag.POS == "ADJF" for p in parses(toks[j].text, "uk")[:1])):
        j += 1
    if j >= len(toks) or not toks[j].joined or toks[j].cap:
        return None
    heads = {p.normal_form for p in parses(toks[j].text, "uk")}
    if heads & UK_LOC_HEADS:
        return j + 1, "LOC"
    if heads & UK_ORG_HEADS:
        return j + 1, "ORG"
    return None


def _after_settlement_word(toks: list[Token], k: int, text: str) -> bool:
    """Whether ``toks[k]`` follows «с.», «смт», «селі», «річки» …: a settlement's or river's name."""
    if k == 0:
        return False
    prev = toks[k - 1]
    gap = text[prev.end:toks[k].start]
    if "\n" in gap or gap.strip() not in ("", "."):
        return False
    if prev.text in UK_SETTLEMENT_ABBREVIATIONS:
        before = text[max(0, prev.start - 3):prev.start].strip()
        return not before[-1:].isdigit() and (gap.strip() == "." or prev.text == "смт")
    return (prev.text.islower() and gap.strip() == "" and not _uk_given_name(toks[k].text)
            and bool(_lemmas(prev) & UK_SETTLEMENT_WORDS))


def _uk_proper_noun(t: Token, lowercase: set[str]) -> bool:
    """A capitalised word inside a sentence that the dictionary knows only as an inanimate
    noun, and that is no common word written with a capital: not written in lower case in the
    same article (Закон … закону), no verbal noun (Положення), no Russian common word
    (Кабінет, Програма). A place's name (Волині, Горлівки, Дністер), as a rule."""
    ps = parses(t.text, "uk")
    if (t.initial or t.upper or len(t.text) <= 2 or not ps or not all(
            p.is_known and p.tag.POS == "NOUN" and p.tag.animacy == "inan"
            and not p.tag.grammemes & _NAME_GRAMMEMES for p in ps)):
        return False
    lemmas = {p.normal_form for p in ps}
    if lemmas & lowercase or any(lem.endswith("ння") for lem in lemmas):
        return False
    ru = parses(t.text.translate(UK_AS_RU), "ru")
    return not any(p.is_known and not p.tag.grammemes & _NAME_GRAMMEMES for p in ru)


def _uk_run(run: list[Token], toks: list[Token], pos: dict[int, int],
            out: list[Mention], text: str, lowercase: set[str]) -> None:
    words = [x.text for x in run]
    i = 0
    while i < len(run):
        t = run[i]
        hit = match_alias(words, i, "uk")
        if hit:
            n, e, alias = hit
            out.append(_known(e, alias, run[i:i + n]))
            i += n
            continue
        if i == 0 and _after_settlement_word(toks, pos[t.start], text):
            n = min(len(run), MAX_SETTLEMENT_WORDS)
            out.append(_mention("LOC", run[:n], "uk"))
            i += n
            continue
        if _uk_compound_org(t):
            out.append(_mention("ORG", [t], "uk"))
            i += 1
            continue
        if t.initial and _uk_sentence_word(t.text, run[i + 1].text if i + 1 < len(run) else None):
            i += 1
            continue
        if _uk_person_word(t.text) or (i + 1 < len(run) and _uk_personish(t)
                                        and _uk_person_word(run[i + 1].text)):
            j = i + 1
            while j < len(run) and j - i < 3 and (
                    _uk_person_word(run[j].text) or not _uk_known_common(run[j].text)
                    or _uk_surname_after(run[j - 1].text, run[j].text)) and not (
                    _uk_given_name(run[j].text) and not _uk_given_name(run[j - 1].text)
                    and not _surname_first(run, i, j)):
                j += 1  # «Равіль Брагін Олександр Черняєв»: a given name after a surname starts
                # the next person (but «Шелельо Михайло Васильович» is one)
            if j > i + 1 or not _uk_not_a_person(toks, pos[t.start]):
                out.append(_mention("PER", run[i:j], "uk"))
            i = j
            continue
        phrase = _uk_adjective_phrase(toks, pos[t.start]) if i == len(run) - 1 else None
        if phrase:
            out.append(_mention(phrase[1], toks[pos[t.start]:phrase[0]], "uk"))
            i += 1
            continue
        lemmas = {p.normal_form for p in parses(t.text, "uk")}
        if lemmas & UK_ORG_HEADS and not t.initial:
            k = pos[t.start]
            end = _uk_org_tail(toks, k)
            out.append(_mention("ORG", toks[k:end], "uk"))
            while i < len(run) and run[i].start < toks[end - 1].end:
                i += 1
            continue
        if t.upper and len(t.text) <= 6:
            if _uk_acronym(t.text):
                out.append(_mention("ORG", [t], "uk"))
            i += 1
            continue
        if len(run) == 1 and _uk_proper_noun(t, lowercase):
            m = _mention("LOC", [t], "uk")
            m.weak = True
            out.append(m)
        i += 1


def _en_common(t: Token, lower_words: set[str]) -> bool:
    low = t.text.lower()
    return low in EN_NOT_NAMES or (t.initial and low in lower_words)


def _en_run(run: list[Token], toks: list[Token], pos: dict[int, int], lower_words: set[str],
            surnames: set[str], out: list[Mention]) -> None:
    while run and _en_common(run[0], lower_words):
        run = run[1:]
    titled = False
    low = [t.text.lower().rstrip(".") for t in run]
    if not any(w in EN_ORG_WORDS for w in low):
        cut = max((k + 1 for k, w in enumerate(low[:-1]) if w in EN_TITLES), default=0)
        run, titled = run[cut:], cut > 0
    if not run:
        return
    words = [t.text for t in run]
    i = 0
    while i < len(run):
        hit = match_alias(words, i, "en")
        if hit:
            n, e, alias = hit
            out.append(_known(e, alias, run[i:i + n]))
            i += n
            continue
        rest = run[i:]
        low = [t.text.lower().rstrip(".") for t in rest]
        if len(rest) == 1 and low[0] in EN_ORG_WORDS:  # "Microsoft Corp": the suffix alone
            return
        if any(w in EN_ORG_WORDS for w in low):
            out.append(_mention("ORG", rest, "en"))
            return
        if len(rest) == 1 and rest[0].upper and len(rest[0].text) <= 6:
            if rest[0].text not in EN_NOT_ACRONYMS and low[0] not in lower_words:
                out.append(_mention("ORG", rest, "en"))
            return
        k = pos[rest[-1].start]
        near = {x.text.lower() for x in toks[max(0, pos[rest[0].start] - 2):k + 3]}
        if (rest[0].text in given_names() or titled or rest[-1].text in surnames
                or (len(rest) in (2, 3) and near & SPEECH_WORDS)):
            out.append(_mention("PER", rest[:3], "en"))
            surnames.add(rest[-1].text.removesuffix("'s").removesuffix("’s"))
        return


# --- organisations written with a legal form or a descriptor and a quoted name --------------

# Legal forms written before a company's name (uk, ru): «ТОВ «Альфа»», «ООО «Ромашка»».
LEGAL_FORMS = frozenset(
    "ТОВ ТзОВ ТДВ ПАТ ПрАТ ПП ДП КП КНП КЗ АТ ВАТ ЗАТ ГО БО БФ МБФ ОСББ НВП НВФ ВКФ НПП ПФ ФГ СП "
    "ДПІ ТД ООО ОАО ЗАО ПАО АО НАО ИП ЧП ГУП МУП ФГУП ГБУ ФГБУ НКО АНО НПО ОДО".split())
# Nouns that introduce a quoted organisation name: «фірма «Альфа»», «компания «Вектор»».
ORG_DESCRIPTORS = frozenset(
    "фірма компанія підприємство держпідприємство товариство корпорація концерн холдинг група "
    "банк фонд організація об'єднання газета видання агентство агенція телеканал телекомпанія "
    "радіостанція партія спілка асоціація федерація клуб завод фабрика комбінат кооператив "
    "офшор нерезидент постачальник підрядник субпідрядник забудовник страховик "
    "фирма компания предприятие госпредприятие общество корпорация концерн холдинг группа банк "
    "фонд организация объединение газета издание агентство телеканал телекомпания радиостанция "
    "партия союз ассоциация федерация клуб завод фабрика комбинат кооператив движение "
    "поставщик подрядчик застройщик страховщик".split())
# Longest abbreviation read as a descriptor before a quoted name («ВГО», «ПВНЗ»).
MAX_DESCRIPTOR_LETTERS = 5
OPEN_QUOTES = "«“„\""
CLOSING_QUOTES = "»”“\""
# A quoted name longer than this, or running over a line break, is not a name.
MAX_QUOTED_CHARS = 160
_OPEN_QUOTE_RE = re.compile(f"[{OPEN_QUOTES}]")


def _opening(text: str, i: int) -> bool:
    """Whether the quote at ``text[i]`` opens (after a space or another quote, before a letter)."""
    before = text[i - 1:i]
    after = text[i + 1:i + 2]
    return (not before or before.isspace() or before in OPEN_QUOTES) and (after.isalnum() or after in OPEN_QUOTES)


def _quote_end(text: str, q: int) -> int | None:
    """Index just past the quoted name opened at ``text[q]``, nested quotes included: the
    first closing quote ends it, with the closing quotes right after it («ЛБК «Наш Дом»»; the
    outer one is often left out: «ЛБК «Наш Дом»)."""
    for i in range(q + 1, min(len(text), q + MAX_QUOTED_CHARS)):
        ch = text[i]
        if ch == "\n" or ch == "«":
            if ch == "\n":
                return None
            continue
        if ch in CLOSING_QUOTES and not (ch in OPEN_QUOTES and _opening(text, i)):
            j = i + 1
            while j < len(text) and text[j] in CLOSING_QUOTES:
                j += 1
            return j
    return None


def _quoted_name_start(text: str, q: int) -> bool:
    nxt = text[q + 1:q + 2]
    return bool(nxt) and (nxt.isupper() or nxt.isdigit() or nxt in OPEN_QUOTES)


def _legal_form(word: str) -> bool:
    """A legal form, or any abbreviation that is no common one, before a quoted name: «ТОВ»,
    «ВО «Свобода»», «ТРК «Україна»», «ГУП «Водоканал»» (the abbreviation says what it is)."""
    return word in LEGAL_FORMS or (
        2 <= len(word) <= MAX_DESCRIPTOR_LETTERS and word.isupper() and word.isalpha()
        and word not in NOT_ORG_ACRONYMS and not _ROMAN_RE.match(word))


def _legal_prefix(text: str, q: int) -> int | None:
    """Start of the chain of legal forms right before ``text[q]`` («ПрАТ КП «…»»), if any."""
    start = None
    pos = q
    for m in reversed(list(re.finditer(r"\S+", text[max(0, q - 40):q]))):
        word_start = max(0, q - 40) + m.start()
        if text[word_start + len(m.group()):pos].strip() or not _legal_form(m.group()):
            break
        start = pos = word_start
    return start


def _descriptor_before(toks: list[Token], ends: list[int], q: int, lang: str) -> bool:
    k = bisect.bisect_right(ends, q) - 1
    return k >= 0 and not toks[k].text[:1].isupper() and any(
        p.normal_form in ORG_DESCRIPTORS for p in parses(toks[k].text, lang))


def quoted_organisations(text: str, lang: str, toks: list[Token] | None = None) -> list[Mention]:
    """«ТОВ «Альфа-Буд»», «ПрАТ КП «Укренергомонтаж»», «ООО «Ромашка»» (the legal form is part
    of the name), «фірма «Альфа»» and «компания «Вектор»» (the quoted name alone)."""
    if not _OPEN_QUOTE_RE.search(text):
        return []
    toks = tokens(text) if toks is None else toks
    ends = [t.end for t in toks]
    out: list[Mention] = []
    q = 0
    while True:
        found = _OPEN_QUOTE_RE.search(text, q)
        if found is None:
            return out
        q = found.start()
        end = _quote_end(text, q) if _quoted_name_start(text, q) else None
        if end is None:
            q += 1
            continue
        start = _legal_prefix(text, q)
        if start is None and _descriptor_before(toks, ends, q, lang):
            start = q
        if start is not None and WORD_RE.search(text, q, end):
            name = " ".join(text[start:end].split())
            out.append(Mention("ORG", name, start, end))
            q = end
        else:
            q += 1


# --- organisations and places named by a head noun: «Черкаське територіальне відділення АМКУ» ---

UK_ORG_PHRASE_HEADS = UK_ORG_HEADS | frozenset(
    "відділ відділення інспекція комісія лікарня поліклініка госпіталь школа гімназія ліцей "
    "коледж музей бібліотека театр підприємство об'єднання товариство комбінат завод фабрика "
    "трест спілка церква командування штаб бригада батальйон полк дивізія загін лабораторія "
    "організація клуб редакція телеканал господарство митниця казначейство секретаріат "
    "представництво мерія магістрат виконком держадміністрація адміністрація госпсуд райсуд "
    "адмінсуд міськрада облрада райрада сільрада селищрада облдержадміністрація "
    "райдержадміністрація райадміністрація держпідприємство лісгосп держлісгосп "
    "генпрокуратура інспекція держслужба".split())
UK_LOC_PHRASE_HEADS = UK_LOC_HEADS | frozenset("округ губернія повіт селище".split())
# Words that name a street, square or road before its name: «вул. Франка, 7», «площі Ринок».
UK_STREET_WORDS = frozenset(
    "вул вулиця просп проспект пров провулок пл площа бульв бульвар шосе набережна узвіз "
    "майдан алея проїзд тупик".split())
TAIL_PREPOSITIONS = frozenset({"з", "із", "при"})
# Words of a name after its head noun: enough for «Управління з будівництва, ремонту та
# реконструкції Департаменту будівництва Харківської міської ради», not a whole sentence.
MAX_TAIL_WORDS = 10
_HOUSE_RE = re.compile(r",\s*\d+[а-яa-z]?\b")


def _lemmas(t: Token) -> set[str]:
    return {p.normal_form for p in parses(t.text, "uk")}


def _adjective(t: Token) -> bool:
    return any(p.tag.POS in ("ADJF", "PRTF") for p in parses(t.text, "uk")[:2])


def _genitive(t: Token) -> bool:
    return any(p.tag.case == "gent" or "Fixd" in p.tag.grammemes for p in parses(t.text, "uk"))


def _tail(toks: list[Token], j: int, text: str) -> int:
    """Index after the words that qualify a name ending before ``toks[j]``: genitives
    («… захисту економіки», «… Миколаївської облдержадміністрації», «… КМДА»), joined by і/та/й,
    «з/при …», «ім. …», «м. …» (a city)."""
    end = j
    limit = min(len(toks), j + MAX_TAIL_WORDS)
    named = False  # the last word taken is a capitalised name (a place, an abbreviation)
    while j < limit:
        t = toks[j]
        gap = text[toks[j - 1].end:t.start]
        if gap.strip() not in ("", "."):
            break
        low = t.text.lower()
        if (gap.strip() == "." and toks[j - 1].text not in ("ім", "м")) or "\n" in gap:
            break
        if (low in ("у", "в") and j + 2 < limit and toks[j + 1].cap and toks[j + 2].joined
                and _lemmas(toks[j + 2]) & UK_LOC_PHRASE_HEADS and _adjective(toks[j + 1])):
            j += 3  # «Управління СБУ у Чернігівській області»
            end = j
            continue
        if low in ("ім", "імені", "м") and j + 1 < len(toks) and toks[j + 1].cap:
            j += 1
            continue
        if low in ("і", "та", "й") or low in TAIL_PREPOSITIONS:
            nxt = toks[j + 1] if j + 1 < limit else None
            if nxt is not None and _genitive(nxt) and (low in TAIL_PREPOSITIONS or not nxt.cap):
                j += 1
                continue
            break
        if t.cap and not t.upper and _uk_person_word(t.text) and not _lemmas(t) & (
                UK_ORG_PHRASE_HEADS | UK_LOC_PHRASE_HEADS):
            break  # «… міської ради Олексія Осипенка»: the head of the body, not its name
        if not t.cap and not t.upper and named and low not in TAIL_PREPOSITIONS:
            break  # «… Київської обласної ради договору»: the name ended with its place
        if t.upper or (_genitive(t) and (t.cap or parses(t.text, "uk")[0].tag.POS not in (
                "VERB", "INFN", "PREP", "CONJ", "ADVB"))):
            named = t.cap and not _adjective(t) and toks[j - 1].text.lower() not in TAIL_PREPOSITIONS
            j += 1
            end = j
            continue
        if t.cap and toks[j - 1].text.lower() in ("ім", "імені", "м"):
            j += 1
            end = j
            continue
        break
    return end


def _head_kind(t: Token, prev: Token | None = None) -> str | None:
    if (t.upper and len(t.text) <= 6 and prev is not None and prev.cap and t.joined
            and _adjective(prev) and _uk_acronym(t.text)):
        return "ORG"  # «Запорізької ОДА», «Кременчуцький НПЗ»
    lem = _lemmas(t)
    if lem & UK_ORG_PHRASE_HEADS:
        return "ORG"
    if lem & UK_LOC_PHRASE_HEADS:
        return "LOC"
    return None


def _shared_head_list(toks: list[Token], start: int, k: int) -> int:
    """Start of a list of names sharing one plural head: «Донецькій та Луганській
    областях», «Пролетарське і Кегичівське ПСГ» are one name, as they are annotated."""
    if (start < k and start >= 2 and toks[start].cap and toks[start].joined
            and toks[start - 1].joined and toks[start - 1].text in ("і", "та", "й")
            and toks[start - 2].cap and _adjective(toks[start - 2])
            and (toks[k].upper or any(p.tag.number == "plur" for p in parses(toks[k].text, "uk")[:1]))):
        return start - 2
    return start


def uk_head_phrases(toks: list[Token], text: str) -> list[Mention]:
    """Names built on a head noun: «Міністерство економічного розвитку і торгівлі»,
    «Черкаське територіальне відділення АМКУ», «Господарського суду м. Києва», «Жашківського
    району Черкаської області», and streets with their house number («вул. Франка, 7»)."""
    out: list[Mention] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        if t.text.lower() in UK_STREET_WORDS or _lemmas(t) & UK_STREET_WORDS:
            j = k + 1
            while (j < len(toks) and j - k <= 3 and toks[j].cap and "\n" not in text[toks[j - 1].end:toks[j].start]
                   and text[toks[j - 1].end:toks[j].start].strip() in ("", ".")
                   and (j == k + 1 or toks[j].joined)):
                j += 1
            if j > k + 1:
                stop = toks[j - 1].end
                house = _HOUSE_RE.match(text, stop)
                stop = house.end() if house else stop
                out.append(Mention("LOC", " ".join(text[t.start:stop].split()), t.start, stop))
                k = j
                continue
        kind = _head_kind(t, toks[k - 1] if k else None)
        if kind is None:
            k += 1
            continue
        start = k
        while start > 0 and toks[start].joined and _adjective(toks[start - 1]):
            start -= 1
        start = _shared_head_list(toks, start, k)
        first = next((i for i in range(start, k) if toks[i].cap), None)
        if first is None and not (t.cap and (not t.initial or kind == "ORG")):
            k += 1
            continue
        first = k if first is None else first
        end = _tail(toks, k + 1, text)
        if first == k and t.initial and end == k + 1:
            k += 1  # «Управління повідомило»: a sentence's first word alone is no name
            continue
        words = [x.text for x in toks[first:end]]
        out.append(base_mention(kind, words, toks[first].start, toks[end - 1].end, "uk"))
        k = end
    return out


def _before_quotes(phrases: list[Mention], quoted: list[Mention], text: str) -> list[Mention]:
    """«Державного підприємства «Полтавське управління геофізичних робіт»»: a capitalised
    organisation phrase right before a quoted name is one name with it."""
    starts = {m.start: m for m in quoted}
    for m in phrases:
        q = m.end + len(text[m.end:m.end + 3]) - len(text[m.end:m.end + 3].lstrip())
        after = starts.get(q)
        if after is not None and m.type == "ORG" and m.name[:1].isupper() and q > m.end:
            after.start, after.name = m.start, " ".join(text[m.start:after.end].split())
    return phrases


# Words that end a company's name, as written in Latin or Cyrillic letters: «DTEK Holdings
# Limited», «Беніш Груп Лімітед», «Вінгтон трейдінг ЛТД».
COMPANY_SUFFIXES = frozenset(
    "limited ltd inc llc llp plc corp corporation gmbh holdings group лімітед лтд інк елелсі "
    "корпорейшн холдінгз холдингз груп лимитед".split())
# Words of a company's name before its suffix.
MAX_COMPANY_WORDS = 4


def _company_word(t: Token) -> bool:
    """A word of a foreign company's name: capitalised, Latin, or unknown to the dictionary."""
    return t.cap or t.text.isascii() or not any(p.is_known for p in parses(t.text, "uk"))


def company_names(toks: list[Token]) -> list[Mention]:
    """«Afidreko Holdings Limited», «Хілсторм Ентерпрайзес Лімітед»: up to four words of a name
    and the suffixes that end it are one organisation."""
    out: list[Mention] = []
    k = 0
    while k < len(toks):
        if toks[k].text.lower() not in COMPANY_SUFFIXES:
            k += 1
            continue
        end = k + 1
        while end < len(toks) and toks[end].joined and toks[end].text.lower() in COMPANY_SUFFIXES:
            end += 1
        first = k
        while (first > 0 and k - first < MAX_COMPANY_WORDS and toks[first].joined
               and not toks[first - 1].initial and _company_word(toks[first - 1])):
            first -= 1
        if first > 0 and toks[first].joined and toks[first - 1].initial and toks[first - 1].cap \
                and k - first < MAX_COMPANY_WORDS:
            first -= 1  # the name opens the sentence
        if first < k and toks[first].cap:
            words = [t.text for t in toks[first:end]]
            out.append(Mention("ORG", " ".join(words), toks[first].start, toks[end - 1].end))
        k = end
    return out


def without_overlaps(first: list[Mention], rest: list[Mention]) -> list[Mention]:
    """``first`` and the mentions of ``rest`` that overlap none of them, in text order."""
    spans = sorted((m.start, m.end) for m in first)
    kept = [m for m in rest if not any(a < m.end and m.start < b for a, b in spans)]
    return sorted([*first, *kept], key=lambda m: m.start)


def rule_mentions(text: str, lang: str) -> list[Mention]:
    toks = tokens(text)
    pos = {t.start: i for i, t in enumerate(toks)}
    out: list[Mention] = []
    if lang == "uk":
        lowercase = {p.normal_form for t in toks if t.text.islower() for p in parses(t.text, "uk")}
        for run in _runs(toks, frozenset()):
            _uk_run(run, toks, pos, out, text, lowercase)
        quoted = quoted_organisations(text, lang, toks)
        phrases = _before_quotes(uk_head_phrases(toks, text), quoted, text)
        named = without_overlaps(quoted, company_names(toks))
        return without_overlaps(named, without_overlaps(phrases, out))
    lower_words = {t.text for t in toks if t.text.islower()}
    surnames: set[str] = set()
    runs = _runs(toks, frozenset({"of", "for", "de", "von", "van", "al", "bin"}))
    for _ in range(2):  # the second pass finds bare surnames introduced later in full
        out = []
        for run in runs:
            _en_run(run, toks, pos, lower_words, surnames, out)
    return out
