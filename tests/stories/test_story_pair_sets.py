"""The labelled same-event sets (tests/stories/data/crosslang: two languages; samelang: one): their
integrity, and a quality floor of the story engine on the cross-language texts written for the set
(bench/crosslang.py reports the figures on each whole set beside its baselines), of earlier
coverage on both (bench/earlier_coverage.py), and of the engine on English items and their
Russian machine translations (``--set translations``, from the shared data)."""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import crosslang as cl  # noqa: E402  (bench/crosslang.py)
import earlier_coverage as cov  # noqa: E402  (bench/earlier_coverage.py)

MIN_PAIRS = {"crosslang": 300, "samelang": 150}
MIN_PER_LANGUAGE_PAIR = {"crosslang": 80, "samelang": 40}
# Which language pairs each set must hold, at least MIN_PER_LANGUAGE_PAIR pairs each.
LANGUAGE_PAIRS = {"crosslang": cl.LANGUAGE_PAIRS, "samelang": ("ru-ru", "uk-uk")}
POSITIVE_SHARE = (0.3, 0.55)  # "roughly 40% positive"
LANGUAGES = {"ru", "uk", "en"}
SHARED_FILES = re.compile(r"^tgcontest-toloka/(categories|clustering_pairs)/[a-z_]+\.tsv$")
# Floors on the own-text part (texts written for the set, no shared data needed): measured F1 0.81
# (ru-en), 0.84 (ru-uk), 0.84 (uk-en), precision 0.91 when the set was made (its README), less a
# margin for the engine's changes and small-sample noise (50-61 pairs each).
OWN_F1_FLOOR = {"ru-en": 0.65, "ru-uk": 0.65, "uk-en": 0.65}
OWN_PRECISION_FLOOR = 0.75
UK_ONLY = set("ієїґ")  # letters Russian does not have
RU_ONLY = set("ыэъё")  # letters Ukrainian does not have


@pytest.fixture(scope="module", params=sorted(cl.SETS))
def name(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def docs(name) -> dict[str, cl.Doc]:
    return cl.load_docs(shared=None, set_dir=cl.SETS[name])


@pytest.fixture(scope="module")
def pairs(name) -> list[cl.Pair]:
    return cl.load_pairs(cl.SETS[name])


def test_ids_unique_and_pairs_refer_to_documents(name, docs, pairs) -> None:
    lines = (cl.SETS[name] / "docs.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(docs) == len([x for x in lines if x.strip()]), "a document id occurs twice"
    assert len({p.id for p in pairs}) == len(pairs), "a pair id occurs twice"
    assert len({frozenset((p.a, p.b)) for p in pairs}) == len(pairs), "a pair occurs twice"
    for p in pairs:
        assert p.a in docs and p.b in docs, p.id
        assert cl.language_pair(docs, p) in LANGUAGE_PAIRS[name], f"{p.id}: {name} lacks its kind"
    used = {d for p in pairs for d in (p.a, p.b)}
    assert set(docs) == used, f"documents in no pair: {sorted(set(docs) - used)}"


def test_counts_and_labels_per_language_pair(name, docs, pairs) -> None:
    assert len(pairs) >= MIN_PAIRS[name]
    groups = cl.by_language_pair(docs, pairs)
    for lp in LANGUAGE_PAIRS[name]:
        members = groups[lp]
        assert len(members) >= MIN_PER_LANGUAGE_PAIR[name], lp
        labels = Counter(p.same for p in members)
        assert labels[True] and labels[False], f"{lp} lacks a label"
        assert any(p.hard and not p.same for p in members), f"{lp} has no hard negatives"
        assert any(p.same and cl.made_of(docs[p.a], docs[p.b]) is not cl.Made.CORPUS_MT for p in members), \
            f"{lp}: every positive is a machine translation"
    share = sum(p.same for p in pairs) / len(pairs)
    assert POSITIVE_SHARE[0] <= share <= POSITIVE_SHARE[1]


def test_how_each_pair_was_made_is_recorded(name, docs, pairs) -> None:
    for p in pairs:
        assert p.made is cl.made_of(docs[p.a], docs[p.b]), p.id
        assert not (p.hard and p.same), f"{p.id}: only a negative can be hard"
        if p.hard:
            assert len(p.note) > 10, f"{p.id}: a hard label needs its reason"
    if name == "crosslang":
        assert {cl.made_of(docs[p.a], docs[p.b]) for p in pairs} == set(cl.Made)


def test_documents_are_well_formed(docs) -> None:
    for d in docs.values():
        assert d.language in LANGUAGES, d.id
        if d.own:
            assert d.title.strip() and len(d.text) > 80, d.id
            letters = set(d.text.lower())
            if d.language == "uk":
                assert letters & UK_ONLY and not letters & RU_ONLY, d.id
            if d.language == "ru":
                assert not letters & UK_ONLY, d.id
            continue
        assert d.title is None, "a shared document's text is read at run time, never stored"
        assert SHARED_FILES.match(d.ref.file) and "exam" not in d.ref.file, d.id
        assert d.ref.part in cl.PARTS and re.fullmatch(r"[0-9a-f]{16}", d.sha256), d.id
        assert d.ref.part == "original" or d.language == "ru", d.id


def test_referenced_shared_documents_are_found_unchanged(name) -> None:
    if not (cl.SHARED / "tgcontest-toloka").is_dir():
        pytest.skip(f"{cl.SHARED / 'tgcontest-toloka'} is absent (shared data is only in the "
                    "project's workplace and CI)")
    resolved = cl.load_docs(shared=cl.SHARED, set_dir=cl.SETS[name])
    missing = [d.id for d in resolved.values() if not d.own and d.text is None]
    assert not missing, f"not found in ../shared/data, or changed (hash differs): {missing}"
    for d in resolved.values():
        if not d.own:
            assert cl.digest(d.title, d.text) == d.sha256


@pytest.mark.slow
def test_engine_floor_on_own_cross_language_texts() -> None:
    docs, pairs = cl.load_docs(shared=None), cl.load_pairs()
    own = cl.usable(docs, pairs, own_only=True)
    used = cl.arrival_order(d for d in docs.values() if d.own)
    story = cl.cluster_svodka(used)
    groups = cl.by_language_pair(docs, own)
    for lp, floor in OWN_F1_FLOOR.items():
        s = cl.score(groups[lp], story)
        assert s.f1 >= floor, f"{lp}: F1 {s.f1:.3f} < {floor} (P {s.precision:.3f} R {s.recall:.3f})"
    assert cl.score(own, story).precision >= OWN_PRECISION_FLOOR


# Floors of earlier coverage on the texts written for the sets (measured on 7 December 2026:
# samelang recall 0.742 at precision 1.000; crosslang's own texts 0.316 at 1.000), less a margin.
COVERAGE_RECALL_FLOOR = {"samelang": 0.6, "crosslang": 0.25}
COVERAGE_PRECISION_FLOOR = 0.9


@pytest.mark.slow
def test_earlier_coverage_finds_sibling_events_and_not_unrelated_ones(name) -> None:
    members, labelled = cov.measure(cl.SETS[name], shared=None)
    found = cov.score(cov.found_by_coverage(members, cov.event_vectors(members)), labelled)
    assert found.recall >= COVERAGE_RECALL_FLOOR[name], found
    assert found.precision >= COVERAGE_PRECISION_FLOOR, found


# Floors on the translations set (bench/crosslang.py --set translations: the English category
# honey items and their Russian machine translations; measured on 7 December 2026: recall 0.940,
# precision 1.000 over 83 items), less a margin; the machine translations are rough («Барбоса
# подает в суд на ФБР» for "Watchdog sues FBI"), so a few items stay apart from their own.
TRANSLATION_RECALL_FLOOR = 0.85
TRANSLATION_PRECISION_FLOOR = 0.95


@pytest.mark.slow
def test_english_items_meet_their_russian_translations_and_nothing_else() -> None:
    if not (cl.SHARED / cl.TRANSLATIONS).exists():
        pytest.skip(f"{cl.SHARED / cl.TRANSLATIONS} is absent (shared data is only in the "
                    "project's workplace)")
    docs, pairs = cl.translation_set(cl.SHARED)
    assert sum(p.same for p in pairs) >= 80 and {d.language for d in docs.values()} == {"en", "ru"}
    s = cl.score(pairs, cl.cluster_svodka(cl.arrival_order(docs.values())))
    assert s.recall >= TRANSLATION_RECALL_FLOOR, s
    assert s.precision >= TRANSLATION_PRECISION_FLOOR, s


@pytest.mark.slow
def test_headlines_alone_meet_their_translations() -> None:
    """The same set with the texts removed (feed items of a headline alone): a headline and its
    translation share a few words' meaning and no word. The cross model is shifted for shallow
    pairs as the full one is (``score.Evidence.shallow``, fitted on the ru pools cut). Measured
    late on 7 December 2026: recall 1.000, precision 0.874 over all pairs (0.933 on ru-en);
    before: recall 0.651."""
    if not (cl.SHARED / cl.TRANSLATIONS).exists():
        pytest.skip(f"{cl.SHARED / cl.TRANSLATIONS} is absent (shared data is only in the "
                    "project's workplace)")
    docs, pairs = cl.translation_set(cl.SHARED)
    bare = {k: replace(d, text="") for k, d in docs.items()}
    s = cl.score(pairs, cl.cluster_svodka(cl.arrival_order(bare.values())))
    assert s.recall >= TRANSLATION_RECALL_FLOOR, s
    assert s.precision >= 0.8, s
