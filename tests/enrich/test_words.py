"""svodka.words: normalisation at the edge and the shared word pattern."""

from svodka.enrich import enrich_text
from svodka.words import normalize_text, normalize_word, tokens, words


def test_invisible_characters_removed_and_nfc():
    # «Зеленський» with a soft hyphen and a zero-width space inside, «й» decomposed (и + ̆).
    text = "Зелен\u00adськи\u200bи\u0306 сказав"
    assert normalize_text(text) == "Зеленський сказав"
    assert words(normalize_text(text)) == ["Зеленський", "сказав"]


def test_word_pattern_keeps_inner_hyphens_and_apostrophes():
    assert words("Нью-Йорк, п'ять і O’Brien; 2024 рік") == ["Нью-Йорк", "п'ять", "і", "O’Brien", "рік"]
    assert tokens("ціна 1,5 грн за F-16") == ["ціна", "1,5", "грн", "за", "F-16"]
    assert normalize_word("П’ЯТЬ Ёлка") == "п'ять елка"
    # the five ways Ukrainian apostrophes are typed fold to one
    assert {normalize_word(f"м{a}ясо") for a in "'’ʼ‘`"} == {"м'ясо"}


def test_enrichment_reads_normalised_text():
    e = enrich_text("", "Володимир Зелен\u00adський зустрівся з Емманюелем Макроном у Києві.")
    assert any("Зеленський" in name for name in e.entities["PER"])
