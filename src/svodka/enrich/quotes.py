"""Who said what: direct speech in «…», „…“, “…”, "…" with the speaker from the attribution
around it, and indirect speech (X заявил, что …; по словам X, …; X said that …; according to X).

Speakers are resolved to the fullest name the article gives the person (a bare surname or a
pronoun becomes «Сергей Лавров»); an attribution naming an organisation gives the organisation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..words import tokens, words
from .mentions import Mention
from .people import skeleton

_VERBS = (
    r"сказа\w*|заяви\w*|отмети\w*|подчеркну\w*|сообщи\w*|добави\w*|замети\w*|поясни\w*|"
    r"рассказа\w*|написа\w*|уточни\w*|призна\w*|ответи\w*|указа\w*|констатирова\w*|"
    r"считает|говорит|полагает|убежден\w*|"
    r"зазначи\w*|наголоси\w*|повідоми\w*|дода\w*|розпові\w*|відпові\w*|визна\w*|вважає|каже|"
    r"говорить|переконан\w*|"
    r"said|says|told|added|stated|noted|wrote|explained|warned|insisted|tweeted|declared|"
    r"argued|claimed|announced|according\s+to"
)
VERB_RE = re.compile(rf"(?<!\w)(?:{_VERBS})(?!\w)", re.IGNORECASE)
_SAYING = r"(?:по\s+(?:его|ее|её|их)?\s*словам|за\s+(?:його|її|їхніми)?\s*словами|according\s+to)"
_PRONOUNS = frozenset("он она они він вона вони he she they его ее её їх його її him her".split())
_OPEN_CLOSE = {"«": "»", "„": "“", "“": "”", '"': '"'}
_OPEN_RE = re.compile("[" + "".join(_OPEN_CLOSE) + "]")
# An opening mark that differs from its closing one nests: «… «…» …».
_NESTING_RE = {o: re.compile(f"[{o}{c}]") for o, c in _OPEN_CLOSE.items() if o != c}
_MIN_WORDS = 4
_WINDOW = 160

_SAYING_RE = re.compile(_SAYING, re.IGNORECASE)
_CLAUSE_RE = re.compile(r"\s*,?\s+(?:что|чтобы|що|that)\s+", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[.!?…](?=\s|$)")
_SENTENCE_RE = re.compile(r"[^.!?…]+(?:[.!?…]+|$)")


def _closing(par: str, i: int) -> int:
    """Index of the mark closing the quotation opened at ``par[i]`` (nested «…» counted), or -1."""
    close = _OPEN_CLOSE[par[i]]
    if close == par[i]:
        return par.find(close, i + 1)
    depth = 1
    for m in _NESTING_RE[par[i]].finditer(par, i + 1):
        depth += 1 if m.group() == par[i] else -1
        if depth == 0:
            return m.start()
    return -1


def _direct_quotes(par: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each top-level quotation in a paragraph, quote marks included."""
    i = 0
    while (m := _OPEN_RE.search(par, i)) is not None:
        j = _closing(par, m.start())
        if j < 0:
            i = m.start() + 1
            continue
        yield m.start(), j + 1
        i = j + 1


class SpeakerResolver:
    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.by_surname = {skeleton(m.name.split()[-1]): m.name for m in mentions
                           if m.type == "PER"}
        self.last: str | None = None

    def resolve(self, start: int, end: int, window: str, before: int) -> str | None:
        """The speaker named in text[start:end] (``window``); ``before`` = quote position."""
        inside = [m for m in self.mentions if m.start >= start and m.end <= end]
        per = [m for m in inside if m.type == "PER"]
        if per:
            self.last = per[0].name
            return self.last
        for w in words(window):
            if w[:1].isupper() and len(w) > 2:
                name = self.by_surname.get(skeleton(w))
                if name:
                    self.last = name
                    return name
        if any(w.lower() in _PRONOUNS for w in words(window)):
            prior = [m for m in self.mentions if m.type == "PER" and m.end <= before]
            return self.last or (prior[-1].name if prior else None)
        org = [m for m in inside if m.type == "ORG"]
        return org[0].name if org else None


def _sentence_end(par: str, pos: int) -> int:
    m = _SENTENCE_END_RE.search(par, pos)
    return m.end() if m else len(par)


def _indirect(sentence: str) -> tuple[tuple[int, int], str] | None:
    """((start, end) of the attribution, reported content) of an indirect statement:
    «По словам X, …», «…, according to X», «X заявил, что …», "X said that …"."""
    body = sentence.rstrip(".!?… ")
    m = _SAYING_RE.search(body)
    if m and m.start() == 0:
        comma = body.find(",", m.end())
        if comma > 0 and len(body) - comma > 8:
            return (0, comma), body[comma + 1:].strip()
    elif m and body[:m.start()].rstrip().endswith(",") and m.start() > 8:
        return (m.start(), len(body)), body[:m.start()].rstrip(" ,")
    for v in VERB_RE.finditer(body):
        c = _CLAUSE_RE.match(body, v.end())
        if c is None or len(body) - c.end() < 8 or v.start() == 0:
            continue
        start = max(0, v.start() - _WINDOW)
        cut = max(body.rfind(ch, start, v.start()) for ch in ";:«»\"“”")
        return (max(start, cut + 1), v.start()), body[c.end():].strip()
    return None


def _words(s: str) -> int:
    return len(tokens(s))


def extract_quotes(text: str, mentions: list[Mention]) -> list[tuple[str | None, str, bool]]:
    """(speaker, quoted text, direct?) for every attributed statement in ``text``."""
    resolver = SpeakerResolver(mentions)
    out: list[tuple[str | None, str, bool]] = []
    offset = 0
    for par in text.split("\n"):
        base = offset
        offset += len(par) + 1
        taken: list[tuple[int, int]] = []
        for qs, qe in _direct_quotes(par):
            raw = par[qs + 1:qe - 1].strip()
            inner = raw.rstrip(",")
            tail_end = _sentence_end(par, qe)
            tail = par[qe:tail_end]
            # Short quotations count only with an explicit «…», — said X attribution (else
            # they are mostly scare quotes and titles).
            dashed = re.match(r"^\s*[,.!?…]?\s*[-–—]", tail)
            if _words(inner) < (1 if dashed and VERB_RE.search(tail[:60]) else _MIN_WORDS):
                continue
            head_start = max(par.rfind(".", 0, qs), par.rfind("»", 0, qs), -1) + 1
            head = par[head_start:qs]
            verb = VERB_RE.search(tail[:60])
            comma = raw.endswith((",", "!", "?")) or tail.lstrip().startswith(",")
            if dashed or (verb and comma):
                who = resolver.resolve(base + qe, base + tail_end, tail, base + qs)
            elif re.search(r"[:,]\s*$", head) and (VERB_RE.search(head)
                                                   or _SAYING_RE.search(head)):
                who = resolver.resolve(base + head_start, base + qs, head, base + qs)
            elif head.rstrip().endswith(":") and _words(head) <= 4:
                # «Лавров: «…»» — a headline's name and colon attribute without a verb.
                who = resolver.resolve(base + head_start, base + qs, head, base + qs)
                if who is None:
                    continue
            else:
                continue
            if who is None and _words(inner) < _MIN_WORDS:
                continue  # a short quotation is a quote only when we know who said it
            out.append((who, inner, True))
            taken.append((qs, qe))
        for sm in _SENTENCE_RE.finditer(par):
            s, e = sm.span()
            if any(qs < e and qe > s for qs, qe in taken):
                continue
            sentence = sm.group().strip()
            lead = len(sm.group()) - len(sm.group().lstrip())
            found = _indirect(sentence)
            if found:
                (ws, we), what = found
                at = base + s + lead
                who = resolver.resolve(at + ws, at + we, sentence[ws:we], at)
                if who:
                    out.append((who, what[:1].upper() + what[1:], False))
    return out
