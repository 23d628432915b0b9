"""Two reports of one outlet in one language: mostly two developments, scored so; other editions not."""

from __future__ import annotations

import numpy as np

from svodka.records import Article, Block, Enrichment
from svodka.stories import StoryFeatures, features, probability
from svodka.stories.score import evidence, same_outlet


def _report(url: str | None, lang: str = "ru", vector: np.ndarray | None = None,
            title: str = "МВД Грузии призвало митингующих в Тбилиси соблюдать порядок",
            text: str = "Акция у здания парламента продолжается второй день.") -> StoryFeatures:
    article = Article(url=url, title=title, blocks=[Block(text=text)], language=lang)
    return features(article, Enrichment(language=lang), embedding=vector)


def test_one_outlet_in_one_language_is_a_part_of_the_evidence():
    a = _report("https://tass.ru/a/1")
    assert evidence(a, _report("https://tass.ru/a/2")).outlet == 1.0
    assert evidence(a, _report("https://ria.ru/a/2")).outlet == 0.0
    # zn.ua's Ukrainian and Russian editions of one report are one event told twice.
    assert not same_outlet(_report("https://zn.ua/ukr/1", "uk"), _report("https://zn.ua/rus/1"))
    # Without an address nothing is known.
    assert evidence(_report(None), _report(None)).outlet == 0.0


def test_the_same_pair_by_one_outlet_scores_lower_than_by_two():
    rng = np.random.default_rng(7)
    v = rng.normal(size=384).astype(np.float32)
    w = v + 0.32 * np.linalg.norm(v) / np.sqrt(384) * rng.normal(size=384).astype(np.float32)
    v, w = v / np.linalg.norm(v), w / np.linalg.norm(w)
    title = "МВД Грузии сообщило о присутствии 5,5 тысячи человек на акции в Тбилиси"
    first = _report("https://tass.ru/a/1", vector=v)
    by_two = probability(first, _report("https://ria.ru/a/2", vector=w, title=title))
    by_one = probability(first, _report("https://tass.ru/a/2", vector=w, title=title))
    assert by_one < by_two
    assert probability(first, _report("https://zn.ua/a/2", "uk", vector=w, title=title)) == (
        probability(first, _report("https://ria.ru/a/2", "uk", vector=w, title=title)))


def test_the_outlet_survives_the_store():
    f = _report("https://tass.ru/a/1")
    assert StoryFeatures.from_json(f.to_json()).outlet == "tass.ru"
    assert "outlet" not in _report(None).to_json()


def test_stories_cluster_reads_the_outlet_from_a_lines_url():
    from svodka.pipeline.cluster import record_article

    article = record_article({"id": 1, "title": "Заголовок", "text": "Текст.",
                              "url": "https://www.tass.ru/politika/1"})
    assert features(article, Enrichment(language="ru")).outlet == "tass.ru"
