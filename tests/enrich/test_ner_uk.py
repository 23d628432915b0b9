"""The Ukrainian entity CRF: its tags and spans, the shipped model on new text, the setting."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from svodka.enrich import ner_uk
from svodka.enrich.entities import entity_lists, extract_mentions, rule_mentions_of
from svodka.enrich.natasha_ner import tokenize

ROOT = Path(__file__).resolve().parents[2]

# Written for this test (no sentence of the training corpus).
NEWS = (
    "Міністерство охорони здоров'я України оприлюднило нові правила. Міністр Віктор Ляшко "
    "заявив у Києві, що лікарні Харківської області отримають обладнання. Про це повідомила "
    "пресслужба Кабінету Міністрів України.\n"
    "Як зазначила Ірина Верещук, у Запоріжжі відкрили новий центр.")


def test_bio_and_spans_round_trip() -> None:
    text = "Віктор Ляшко приїхав до Києва."
    toks = tokenize(text)
    spans = [(0, 12, "PER"), (24, 29, "LOC")]
    tags = ner_uk.bio(toks, spans)
    assert tags == ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]
    assert ner_uk.tag_spans(toks, tags) == spans
    # an I- tag after another type opens a span of its own
    assert ner_uk.tag_spans(toks, ["B-PER", "I-ORG", "O", "O", "O", "O"]) == [
        (0, 6, "PER"), (7, 12, "ORG")]


def test_features_see_neighbours_and_sources() -> None:
    text = "Віктор Ляшко приїхав."
    toks = tokenize(text)
    feats = ner_uk.features(text, toks, [(0, 12, "PER")], [(7, 12, "PER")])
    assert len(feats) == len(toks)
    assert "r:B-PER" in feats[0] and "n:O" in feats[0] and "n:B-PER" in feats[1]
    assert "1w:ляшко" in feats[0] and "-1w:віктор" in feats[1] and "-2pad" in feats[0]


@pytest.mark.skipif(ner_uk._tagger() is None, reason="no shipped model (python-crfsuite missing)")
def test_shipped_model_on_new_text() -> None:
    found = entity_lists(extract_mentions(NEWS, "uk"))
    assert "Віктор Ляшко" in found["PER"] and "Ірина Верещук" in found["PER"]
    assert any(n.startswith("Міністерство охорони здоров") for n in found["ORG"])
    assert "Київ" in found["LOC"] and "Запоріжжя" in found["LOC"]
    assert not set(found["PER"]) & {"Як", "Про", "Міністр"}


def test_model_off_is_the_rules() -> None:
    rules = [(m.type, m.name, m.start, m.end) for m in rule_mentions_of(NEWS, "uk")]
    off = [(m.type, m.name, m.start, m.end) for m in extract_mentions(NEWS, "uk", uk_model=False)]
    assert off == rules


def test_no_model_leaves_mentions_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ner_uk, "_tagger", lambda: None)
    mentions = rule_mentions_of(NEWS, "uk")
    assert ner_uk.retag(NEWS, mentions) is mentions


@pytest.mark.parametrize("value, on", [("0", False), ("off", False), ("1", True)])
def test_setting(monkeypatch: pytest.MonkeyPatch, value: str, on: bool) -> None:
    monkeypatch.setenv("SVODKA_NER_UK_MODEL", value)
    ner_uk.model_enabled.cache_clear()
    try:
        assert ner_uk.model_enabled() is on
    finally:
        ner_uk.model_enabled.cache_clear()


@pytest.mark.parametrize("text", ["", "   ", "«»—…", "Київ, " * 20_000, "\n\n.\n"],
                         ids=["empty", "spaces", "punctuation", "120k-characters", "breaks"])
def test_odd_text(text: str) -> None:
    mentions = extract_mentions(text, "uk")
    assert all(0 <= m.start < m.end <= len(text) for m in mentions)


def test_gold_spans_longest_first_and_other_blocks() -> None:
    sys.path.insert(0, str(ROOT / "training"))
    from train_ner_uk import gold_spans

    text = "ТОВ «Агробізнес» і Агробізнес, 15 травня."
    entities = [{"type": "ORG", "names": ["ТОВ «Агробізнес»", "Агробізнес"]},
                {"type": "OTHER", "names": ["15 травня"]},
                {"type": "LOC", "names": ["травня"]}]
    spans = sorted(gold_spans(text, tokenize(text), entities))
    assert spans == [(0, 16, "ORG"), (19, 29, "ORG")]
