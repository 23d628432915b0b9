"""The faster code paths of enrichment give exactly what the plain ones give.

Each speed-up is checked against a straightforward reference: natasha's own tagger, razdel's
tokenizer, slovnet's CRF and layers, the Counter-based feature hashing the model was trained
with, character-by-character quote scanning, and language detection that always asks fastText.
"""

from __future__ import annotations

import math
import random
import zlib
from collections import Counter

import numpy as np
import pytest

from svodka.enrich import language, natasha_ner
from svodka.enrich.features import N_FEATURES, vectorize
from svodka.enrich.mentions import _SENTENCE_BREAK, tokens
from svodka.enrich.morph import WORD_RE, lemma
from svodka.enrich.quotes import _OPEN_CLOSE, _direct_quotes

RU_TEXTS = [
    "Министр иностранных дел России Сергей Лавров провёл переговоры с госсекретарём США "
    "Энтони Блинкеном в Женеве. «Мы обсудили ситуацию на Украине», — сказал Лавров.",
    "МИД РФ и Минобороны России сообщили о встрече в Москве 12.03.2024 в 14:30 — "
    "по-моему, это т.е. «важно»!!! Курс: 1,5 руб./$; ООО «Ромашка-2» и Сбербанк (ПАО).",
    "Владимир Путин встретился с Си Цзиньпином в Пекине; Кремль и КНР подписали "
    "соглашения... Генсек ООН Антониу Гутерриш :) призвал стороны к диалогу.",
    "   ",
    "—",
    "а",
]


def _random_texts(n: int, alphabet: str, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(n)]


# --- natasha NER -------------------------------------------------------------------------------

def test_tokens_are_razdels() -> None:
    from razdel import tokenize

    alphabet = "абвГД abcXY 1234 .,-_/\\:;!?…«»\"'()*—–ΔσЖ№ \n😀:-)"
    for text in RU_TEXTS + _random_texts(3000, alphabet):
        expected = [(t.start, t.stop, t.text) for t in tokenize(text)]
        assert [tuple(t) for t in natasha_ner.tokenize(text)] == expected, text


def test_spans_are_natashas() -> None:
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())
    found = 0
    for text in RU_TEXTS:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        expected = [(s.start, s.stop, s.type) for s in doc.spans]
        got = natasha_ner.ner_spans(text) if text.strip() else []
        assert got == expected
        found += len(got)
    assert found >= 8


def test_viterbi_is_slovnets_crf_decode_ties_and_padding_included() -> None:
    from slovnet.exec.model import CRF, Weight

    rng = np.random.default_rng(0)
    tags = 8
    for trial in range(60):
        # Small integers make many exact ties (the first maximum must win); quarters on top of
        # 2**23 are rounded by float32, so a different order of the additions shows.
        transitions = rng.integers(-2, 3, (tags, tags)).astype(np.float32)
        emissions = rng.integers(-2, 3, (3, 1 + trial, tags)).astype(np.float32)
        if trial % 3 == 1:
            transitions += rng.standard_normal((tags, tags)).astype(np.float32) / 7
            emissions += rng.standard_normal(emissions.shape).astype(np.float32) / 7
        elif trial % 3 == 2:
            transitions /= 4
            emissions = emissions / 4 + np.float32(2.0**23)
        mask = np.ones(emissions.shape[:2], dtype=bool)
        mask[1, (1 + trial) // 2:] = False  # a shorter, padded sequence
        expected = CRF(Weight((tags, tags), "float32", transitions)).decode(emissions, mask)
        for e, m, want in zip(emissions, mask, expected, strict=True):
            assert natasha_ner.viterbi(e, m, transitions) == want.tolist()


def test_faster_layers_give_slovnets_arrays() -> None:
    from slovnet.exec.model import Conv1d, NavecEmbedding, Weight

    from svodka.enrich.slovnet_fast import FlatNavecEmbedding, RowConv1d

    rng = np.random.default_rng(1)
    for filters, dim, seq in ((16, 7, 1), (32, 33, 40)):
        weight = Weight((filters, dim, 3), "float32",
                        rng.standard_normal((filters, dim, 3)).astype(np.float32))
        bias = Weight((filters,), "float32", rng.standard_normal(filters).astype(np.float32))
        x = rng.standard_normal((2, seq, dim)).astype(np.float32).swapaxes(2, 1)
        assert np.array_equal(RowConv1d(weight, bias, 1)(x), Conv1d(weight, bias, 1)(x))
    codes = Weight((10, 256, 3), "float32", rng.standard_normal((10, 256, 3)).astype(np.float32))
    indexes = Weight((50, 10), "uint8", rng.integers(0, 256, (50, 10)).astype(np.uint8))
    words = rng.integers(0, 50, (2, 9))
    expected = NavecEmbedding("navec", indexes, codes)(words)
    assert np.array_equal(FlatNavecEmbedding("navec", indexes, codes)(words), expected)


# --- category features -------------------------------------------------------------------------

def _reference_vectorize(title: str, text: str, lang: str | None) -> tuple[list[int], list[float]]:
    """The feature hashing the shipped model was trained with, written plainly."""
    def h(s: str) -> int:
        return zlib.crc32(s.encode("utf-8")) & (N_FEATURES - 1)

    def grams(prefix: str, w: str) -> list[int]:
        padded = f"<{w}>"
        return [h(prefix + padded[i:i + n]) for n in (3, 4, 5) for i in range(len(padded) - n + 1)]

    counts: Counter[int] = Counter()
    raw_title = WORD_RE.findall(title or "")
    raw_body = WORD_RE.findall(text or "")[:1000]
    surface: Counter[int] = Counter()
    for w in (raw_title + raw_body)[:1000]:
        surface.update(grams("s:", w.lower()))
    for k, v in surface.items():
        counts[k] += 0.5 * v
    for seq, prefix in (([lemma(w, lang) for w in raw_title], "t"),
                        ([lemma(w, lang) for w in raw_body], "b")):
        prev = ""
        for w in seq:
            if len(w) < 2:
                prev = ""
                continue
            counts.update([h("w:" + w), *grams("c:", w)])
            counts[h(prefix + ":" + w)] += 1
            if prev:
                counts[h("b:" + prev + " " + w)] += 1
            prev = w
    vals = [1.0 + math.log(c) if c >= 1 else c for c in counts.values()]
    return list(counts), vals


@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Курс доллара вырос", "Рубль подешевел на торгах биржи. Рубль, рубль и я, и ты.", "ru"),
    ("", "Верховна Рада ухвалила бюджет. Рада ухвалила його вдруге, а не втретє.", "uk"),
    ("Apple unveiled a new iPhone", "", "en"),
    ("A b c", "x y z a b c " * 700, "en"),  # one-letter words, more than 1000 words
    ("", "", None),
])
def test_features_are_the_trained_ones_in_the_same_order(title: str, text: str,
                                                         lang: str | None) -> None:
    idx, val = vectorize(title, text, lang)
    ref_idx, ref_val = _reference_vectorize(title, text, lang)
    assert idx.tolist() == ref_idx
    if ref_val:
        expected = np.array(ref_val, dtype=np.float32)
        expected /= float(np.linalg.norm(expected))
        assert val.dtype == np.float32 and np.array_equal(val, expected)


# --- quotes, tokens, language ------------------------------------------------------------------

def _reference_direct_quotes(par: str) -> list[tuple[int, int]]:
    out, i = [], 0
    while i < len(par):
        close = _OPEN_CLOSE.get(par[i])
        if close is None:
            i += 1
            continue
        depth, j = 1, i + 1
        while j < len(par):
            if par[j] == close and (close != '"' or depth == 1):
                depth -= 1
                if depth == 0:
                    break
            elif par[j] == par[i] and close != '"':
                depth += 1
            j += 1
        if j >= len(par):
            i += 1
            continue
        out.append((i, j + 1))
        i = j + 1
    return out


def test_quotation_marks_are_matched_as_by_a_scan() -> None:
    for par in _random_texts(20000, '«»„“”"ab. ', seed=2):
        assert list(_direct_quotes(par)) == _reference_direct_quotes(par), par


def test_word_tokens_keep_their_sentence_context() -> None:
    for text in RU_TEXTS + _random_texts(3000, "Ab cд .!\n«»:  -", seed=3):
        prev_end, expected = 0, []
        for m in WORD_RE.finditer(text):
            gap = text[prev_end:m.start()]
            expected.append((m.group(), m.start(), m.end(),
                             not expected or bool(_SENTENCE_BREAK.search(gap)),
                             bool(expected) and not gap.strip()))
            prev_end = m.end()
        got = [(t.text, t.start, t.end, t.initial, t.joined) for t in tokens(text)]
        assert got == expected


def _reference_language(text: str) -> str | None:
    """detect_language as it was: fastText asked for every text."""
    sample = text[:1500]
    cyr, lat, other = language.script_counts(sample)
    if cyr + lat + other < 2:
        return None
    guess = language.fasttext_guess(sample)
    top, top_p = guess[0] if guess else (None, 0.0)
    if cyr < lat + other:
        return top
    if any(ch in language.BE_LETTERS for ch in sample):
        return "be"
    ru, uk, unknown = language._evidence(sample)
    if top in language._CYRILLIC_OTHERS and top_p >= 0.8 and unknown >= 0.3:
        return top
    scores = dict(guess)
    ru += 3.0 * scores.get("ru", 0.0)
    uk += 3.0 * scores.get("uk", 0.0)
    return "uk" if uk > ru else "ru"


def test_language_is_the_same_without_asking_fasttext_when_the_evidence_decides() -> None:
    texts = [*RU_TEXTS,
             "Верховна Рада ухвалила закон про державний бюджет на наступний рік.",
             "Народното събрание прие закона за държавния бюджет за следващата година.",
             "Урад Беларусі ўхваліў новы закон аб бюджэце.", "Новини дня", "Новости дня",
             "Курс долара зріс, а курс доллара вырос", "Government announces a new budget"]
    for text in texts:
        assert language.detect_language(text) == _reference_language(text), text
