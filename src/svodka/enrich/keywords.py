"""Keywords of an article: its most mentioned entities and the nouns that carry its title and body."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from .mentions import Mention
from .morph import WORD_RE, lemma, parses

MAX_KEYWORDS = 10
MAX_ENTITIES = 5
# A Russian reading this much less likely than the first (pymorphy3's corpus estimate) is not
# taken as a reading of the word; Ukrainian readings all score 1.0 and are all kept.
MIN_READING_SHARE = 0.1
# Readings that make a word a function word («про», «його», «що»): never telling, whatever
# other reading the dictionary also has.
_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "NUMR", "PRED"})
_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
_GENERIC = frozenset(
    "год раз время день человек слово вопрос ряд число часть место случай момент сторона "
    "рік час день людина слово питання частина місце випадок момент сторона "
    "year time day people thing way part place case week month today".split())
_EN_STOP = frozenset(
    "the and for that with this from have has had was were will would could should been being "
    "about after also into more most other over some such than their them then there these "
    "they what when where which while who whom why your said says its not but are our can may "
    "one two three new first last just only very like many much even still well back you yours "
    "few around though although however because before between both each every here how "
    "itself just least less made make makes might must never next now off once onto own per "
    "quite rather really since so than that's those through thus too under until upon used "
    "using via was what's whether whose within without yet all any another anyone anything "
    "became become does did doing done down during either else enough ever further get gets "
    "got going gone let lot lots maybe might mine more myself nor nothing often ones ourselves "
    "out over perhaps put same see seen several shall she her his him himself herself some "
    "something sometimes soon take taken than them themselves there's thing things think "
    "this those took toward towards upon use way ways went were we've you're year years "
    "time times day days week weeks month months people "
    "four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred "
    "thousand million billion half key main major central general local latest late early "
    "steady high low big small large great good bad long short full whole own able likely "
    "further former least".split())
# Verbs that report what happened without saying what it was about ("Storm shuts port and
# leaves villages without power"): never keywords, in any form (``_verb_forms``).
_EN_VERBS = (
    "add agree allow announce appear approve arrive ask begin believe bring call carry cause "
    "change claim close come confirm consider continue cut decide deny die drop ease end "
    "expect face fail fall find finish follow gain give grow happen help hit hold hope "
    "include increase keep know lead leave lose meet move need offer open plan reach receive "
    "remain remove report resume return reveal rise run say see seek seem send set show shut "
    "start stay stop suggest take talk tell try turn unveil urge want warn win").split()
_IRREGULAR = frozenset(
    "began begun brought came fell felt found gave given grew grown held kept knew known led "
    "left lost met ran rose risen said sent shown sought told took taken won".split())


def _verb_forms(base: str) -> set[str]:
    """A regular verb's base, third person, past and -ing forms, by English spelling rules."""
    stem = base[:-1] if base.endswith("e") else base
    third = base + ("es" if base.endswith(("s", "sh", "ch", "x", "z", "o")) else "s")
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        third, past = base[:-1] + "ies", base[:-1] + "ied"
    else:
        past = base + ("d" if base.endswith("e") else "ed")
    double = (len(base) <= 4 and base[-1] not in "aeiouwxy" and base[-2:-1] in "aeiou"
              and base[-3:-2] not in "aeiou")
    ing = base + base[-1] + "ing" if double else stem + "ing"
    return {base, third, past, ing}


_EN_NOT_KEYWORDS = _EN_STOP | _IRREGULAR | frozenset(
    form for verb in _EN_VERBS for form in _verb_forms(verb))


# (lemma, gender, number, case) of a noun reading, or (gender, number, case) of an adjective's.
Reading = tuple[str | None, ...]


def _readings(word: str, lang: str) -> list:  # noqa: ANN401 - pymorphy3 parses, untyped
    ps = parses(word, lang)
    return [p for p in ps if p.score >= MIN_READING_SHARE * ps[0].score]


@lru_cache(maxsize=100_000)
def _noun_readings(word: str, lang: str) -> tuple[Reading, ...]:
    """The common-noun readings of a ru/uk word (several lemmas when the dictionary cannot
    tell: Ukrainian «роботи» is «робот» or «робота»); none for a word whose first reading is
    not a common noun, or that can be a function word."""
    ps = parses(word, lang)
    if not ps or ps[0].tag.POS != "NOUN" or ps[0].tag.grammemes & _NAME_GRAMMEMES:
        return ()
    readings = _readings(word, lang)
    if any(p.tag.POS in _FUNCTION_POS for p in readings):
        return ()
    return tuple((p.normal_form.replace("ё", "е"), p.tag.gender, p.tag.number, p.tag.case)
                 for p in readings
                 if p.tag.POS == "NOUN" and not p.tag.grammemes & _NAME_GRAMMEMES)


@lru_cache(maxsize=100_000)
def _adjective_readings(word: str, lang: str) -> frozenset[Reading]:
    return frozenset((p.tag.gender, p.tag.number, p.tag.case) for p in _readings(word, lang)
                     if p.tag.POS == "ADJF")


def _agrees(noun: Reading, adjective: Reading) -> bool:
    _, gender, number, case = noun
    a_gender, a_number, a_case = adjective
    return (case == a_case and number == a_number
            and (number == "plur" or not gender or gender == a_gender))


def _noun_lemmas(word: str, previous: str, lang: str) -> frozenset[str]:
    """The lemmas a noun can be, narrowed to the readings an adjective just before it agrees
    with (Ukrainian «облікову ставку» is «ставка», not «ставок»)."""
    readings = _noun_readings(word, lang)
    lemmas = frozenset(r[0] for r in readings)
    if len(lemmas) > 1 and previous and (adjective := _adjective_readings(previous, lang)):
        agreeing = frozenset(r[0] for r in readings if any(_agrees(r, a) for a in adjective))
        return agreeing or lemmas
    return lemmas


def _content_lemmas(word: str, previous: str, lang: str | None) -> frozenset[str]:
    """The lemmas a content word can stand for: a common noun's (ru/uk), or the word itself
    elsewhere unless it is a stop word, a number word or a common reporting verb."""
    if len(word) < 3:
        return frozenset()
    if lang in ("ru", "uk"):
        return _noun_lemmas(word, previous, lang)
    low = word.lower()
    return frozenset() if low in _EN_NOT_KEYWORDS or not low.isalpha() else frozenset({low})


def _word_scores(title: str, text: str, lang: str | None,
                 in_names: set[str]) -> Counter[str]:
    """Weighted counts of content lemmas (title words count three times). A word that can be
    several nouns counts for the one most of the article's words can be, or, on a tie, for
    none: the dictionary cannot tell and the article does not say."""
    occurrences: list[tuple[int, frozenset[str]]] = []
    for weight, chunk in ((3, title), (1, text[:6000])):
        words = WORD_RE.findall(chunk)
        for previous, w in zip(["", *words], words, strict=False):
            if w[:1].isupper() and lang not in ("ru", "uk"):
                continue  # English capitalised words are names, covered by the entities
            if lemmas := _content_lemmas(w, previous, lang):
                occurrences.append((weight, lemmas))
    support: Counter[str] = Counter()
    for weight, lemmas in occurrences:
        support.update(dict.fromkeys(lemmas, weight))
    scores: Counter[str] = Counter()
    for weight, lemmas in occurrences:
        best, *rest = sorted(lemmas, key=lambda x: -support[x])
        if not rest or support[best] > support[rest[0]]:
            scores[best] += weight
    for lem in (_GENERIC | in_names) & scores.keys():
        del scores[lem]
    return scores


def extract_keywords(title: str, text: str, lang: str | None,
                     mentions: list[Mention]) -> list[str]:
    ents = Counter(m.name for m in mentions)
    out = [name for name, _ in ents.most_common(MAX_ENTITIES)]
    in_names = {lemma(w, lang) for name in ents for w in WORD_RE.findall(name)}
    for lem, score in _word_scores(title, text, lang, in_names).most_common():
        if len(out) >= MAX_KEYWORDS or score < 2:
            break
        out.append(lem)
    return out
