"""Earlier coverage: in a small world of stories whose earlier ones are known, a story finds the
older stories about its people, places and subject, across languages, and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from svodka.records import Enrichment
from svodka.stories.coverage import Covered, earlier_coverage, name_key, subject


def _e(per=(), org=(), loc=(), kw=()) -> Enrichment:
    return Enrichment(entities={"PER": list(per), "ORG": list(org), "LOC": list(loc)},
                      keywords=list(kw))


def _story(sid: int, day: int, *reports: Enrichment, days: int = 1) -> Covered:
    first = datetime(2026, 11, day, 9, tzinfo=UTC)
    return Covered(sid, subject(list(reports)), first, first + timedelta(days=days - 1, hours=8))


# The story: Zelensky and Macron talk air defence in Paris (ru and uk reports).
TALKS = _story(
    1, 26,
    _e(per=["Владимир Зеленский", "Эммануэль Макрон"], loc=["Париж", "Франция", "Украина"],
       kw=["ПВО", "переговоры", "поставки"]),
    _e(per=["Володимир Зеленський", "Еммануель Макрон"], loc=["Париж", "Україна"],
       kw=["ППО", "переговори", "постачання"]))
RIGHT = [
    _story(2, 20, _e(per=["Макрон", "Зеленский"], loc=["Франция"],
                     kw=["телефонный разговор", "ПВО"])),
    _story(3, 10, _e(per=["Emmanuel Macron", "Volodymyr Zelensky"], loc=["France", "Ukraine"],
                     kw=["air defence", "supplies"])),
    _story(4, 2, _e(per=["Володимир Зеленський"], loc=["Париж", "Франція"],
                    kw=["візит", "переговори"])),
]
WRONG = [
    _story(5, 15, _e(loc=["Украина", "Львов"], kw=["шторм", "ветер"]),
           _e(loc=["Україна", "Львів"], kw=["шторм", "вітер"])),
    _story(6, 18, _e(per=["Андрій Пишний"], org=["НБУ"], loc=["Україна"],
                     kw=["облікова ставка", "інфляція"])),
    _story(7, 12, _e(per=["Volodymyr Zelensky"], loc=["Kharkiv", "Ukraine"],
                     kw=["front", "troops"])),
    _story(8, 14, _e(per=["Олаф Шольц"], loc=["Берлин", "Германия", "Украина"],
                     kw=["ПВО", "поставки"])),
    _story(9, 5, _e(loc=["Киев", "Украина"], kw=["отключения", "свет"])),
    _story(10, 8, _e(per=["Зеленский"], loc=["Киев", "Украина"], kw=["указ", "санкции"])),
]
LATER = _story(11, 28, _e(per=["Macron", "Zelensky"], loc=["Paris"], kw=["air defence", "deal"]))


def test_the_earlier_stories_about_the_same_people_and_subject_are_found():
    found = earlier_coverage(TALKS, [*WRONG, *RIGHT, LATER])
    assert set(found) == {s.story_id for s in RIGHT}


def test_the_same_call_and_the_same_people_rank_before_a_visit_long_ago():
    found = earlier_coverage(TALKS, [*WRONG, *RIGHT])
    assert found.index(4) > min(found.index(2), found.index(3))


def test_only_what_ended_before_the_story_began_counts_and_k_limits():
    assert earlier_coverage(TALKS, [LATER]) == []
    assert len(earlier_coverage(TALKS, [*RIGHT, *WRONG], k=2)) == 2
    assert earlier_coverage(TALKS, []) == []


def test_names_meet_across_scripts_and_persons_by_surname():
    assert name_key("PER", "Володимир Зеленський") == name_key("PER", "Zelensky")
    assert name_key("PER", "Эммануэль Макрон") == name_key("PER", "Macron")
    assert name_key("LOC", "Київ") == name_key("LOC", "Kyiv")
    assert name_key("LOC", "???") is None


def _unit(*xs: float) -> np.ndarray:
    v = np.zeros(384, dtype=np.float32)
    v[: len(xs)] = xs
    return v / np.linalg.norm(v)


def _with(story: Covered, vector: np.ndarray | None, *langs: str) -> Covered:
    return Covered(story.story_id, story.subject, story.first_seen, story.updated,
                   vector=vector, langs=frozenset(langs))


# A Russian story on Sokolov's dismissal by his university, and an older English one on his
# confession: across scripts their keywords cannot meet, so they share one name and nothing else.
SOKOLOV = _story(20, 26, _e(per=["Олег Соколов"], org=["СПбГУ"],
                            kw=["увольнение", "доцент", "расследование"]))
EARLIER_EN = _story(21, 10, _e(per=["Oleg Sokolov"], loc=["Moika"],
                               kw=["historian", "confession", "river"]))
SAME_PLACE = _story(22, 11, _e(loc=["Санкт-Петербург"], kw=["мост", "ремонт"]))


def test_one_shared_name_and_alike_sentence_vectors_are_earlier_coverage_across_languages():
    story = _with(SOKOLOV, _unit(1.0, 0.2), "ru")
    # Without vectors one shared name is too little (two keys are needed, and keywords do not
    # cross scripts).
    assert earlier_coverage(_with(SOKOLOV, None, "ru"), [_with(EARLIER_EN, None, "en")]) == []
    assert earlier_coverage(story, [_with(EARLIER_EN, _unit(1.0, 0.3), "en")]) == [21]
    assert earlier_coverage(story, [_with(EARLIER_EN, _unit(0.2, 1.0), "en")]) == []  # unlike


def test_a_shared_place_with_alike_vectors_is_not_enough():
    story = _with(_story(23, 26, _e(loc=["Санкт-Петербург"], kw=["метро", "закрытие"])),
                  _unit(1.0, 0.1), "ru")
    assert earlier_coverage(story, [_with(SAME_PLACE, _unit(1.0, 0.1), "ru")]) == []
