"""Keywords of an article: its most mentioned entities and the nouns that carry its title and body."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from .mentions import Mention
from .morph import WORD_RE, lemma, parses

MAX_KEYWORDS = 10
MAX_ENTITIES = 5
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
    "time times day days week weeks month months people".split())


@lru_cache(maxsize=100_000)
def _content_lemma(word: str, lang: str | None) -> str | None:
    """The lemma of a content word (a common noun, or any non-stopword outside ru/uk)."""
    if len(word) < 3:
        return None
    if lang in ("ru", "uk"):
        ps = parses(word, lang)
        if not ps or ps[0].tag.POS != "NOUN" or ps[0].tag.grammemes & {"Name", "Surn", "Patr"}:
            return None
        lem = lemma(word, lang)
    else:
        lem = word.lower()
        if lem in _EN_STOP or not lem.isalpha():
            return None
    return None if lem in _GENERIC else lem


def extract_keywords(title: str, text: str, lang: str | None,
                     mentions: list[Mention]) -> list[str]:
    ents = Counter(m.name for m in mentions)
    out = [name for name, _ in ents.most_common(MAX_ENTITIES)]
    in_names = {lemma(w, lang) for name in ents for w in WORD_RE.findall(name)}
    scores: Counter[str] = Counter()
    for weight, chunk in ((3, title), (1, text[:6000])):
        for w in WORD_RE.findall(chunk):
            if w[:1].isupper() and lang not in ("ru", "uk"):
                continue  # English capitalised words are names, covered by the entities
            lem = _content_lemma(w, lang)
            if lem and lem not in in_names:
                scores[lem] += weight
    for lem, score in scores.most_common():
        if len(out) >= MAX_KEYWORDS or score < 2:
            break
        out.append(lem)
    return out
