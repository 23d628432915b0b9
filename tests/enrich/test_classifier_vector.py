"""The category model's sentence-vector half: shipped, combined, computed once per article."""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest

from svodka.enrich import enrich
from svodka.enrich.classify import VECTOR_SHARE, CategoryModel, default_model
from svodka.enrich.embedding import DIM, article_vector, embed, text_vector
from svodka.enrich.features import vectorize
from svodka.pipeline.cluster import story_features
from svodka.records import Article, Block

# the modules themselves (``svodka.enrich.classify`` the attribute is the function, re-exported)
classify_module = importlib.import_module("svodka.enrich.classify")
embedding_module = importlib.import_module("svodka.enrich.embedding")


@pytest.fixture(scope="module")
def model() -> CategoryModel:
    m = default_model()
    assert m is not None
    return m


def test_shipped_model_has_a_vector_half(model: CategoryModel, tmp_path: Path) -> None:
    assert model.vector_weights is not None and model.vector_bias is not None
    assert model.vector_weights.shape == (DIM, len(model.labels))
    model.save(tmp_path / "m.npz")
    again = CategoryModel.load(tmp_path / "m.npz")
    assert again.vector_weights is not None
    assert np.allclose(again.vector_weights, model.vector_weights, atol=1e-3)


def test_probabilities_add_both_models_log_probabilities(model: CategoryModel) -> None:
    title, text = "Учёные открыли новую планету", "Астрономы обнаружили экзопланету у звезды."
    idx, val = vectorize(title, text, "ru")
    vector = embed(title, text)
    lexical = model.probabilities(idx, val)
    assert np.allclose(model.probabilities(idx, val, np.zeros(DIM, np.float32)), lexical)
    logits = model.vector_bias + vector @ model.vector_weights
    q = np.exp(logits - logits.max())
    q /= q.sum()
    z = (1 - VECTOR_SHARE) * np.log(lexical + 1e-9) + VECTOR_SHARE * np.log(q + 1e-9)
    expected = np.exp(z - z.max())
    assert np.allclose(model.probabilities(idx, val, vector), expected / expected.sum(),
                       atol=1e-5)


@pytest.mark.parametrize(("title", "lead", "category"), [
    ("Збірна України з футболу перемогла Ісландію",
     "Команда Сергія Реброва забила два голи у другому таймі матчу відбору до Євро.", "sports"),
    ("Національний банк знизив облікову ставку",
     "Регулятор пояснив рішення уповільненням інфляції та стабільним курсом гривні.", "economy"),
])
def test_the_vector_model_carries_over_to_ukrainian(model: CategoryModel, title: str, lead: str,
                                                    category: str) -> None:
    """No labelled Ukrainian article exists: the vector half learnt from ru/en alone."""
    logits = model.vector_bias + embed(title, lead) @ model.vector_weights
    assert model.labels[int(np.argmax(logits))] == category


# Articles of each kind the two readers see: a plain page, a page whose first paragraph is its
# date line and a post without a title (before, each of these two was encoded twice: the category
# read the date line or the bare text, the stories the next paragraph or the first sentence as a
# title), and a page with a lead above a credit line.
ONCE = [
    Article(title="Матч завершился вничью",
            blocks=[Block("Футболисты сыграли вничью 1:1."), Block("Тренер доволен.")]),
    Article(title="Прокуратура требует казни Мубарака",
            blocks=[Block("Обновлено в 18:28 мск"),
                    Block("Также к смертной казни хотят приговорить экс-главу МВД.")]),
    Article(title="", blocks=[Block("Водолази знайшли в Мийці череп. Пошуки тривали всю ніч."),
                              Block("Експертиза покаже, чи це людські останки.")]),
    Article(title="Курс гривні", lead="НБУ встановив курс на рівні 41,2 гривні за долар.",
            blocks=[Block("Фото: НБУ"), Block("Курс змінився на дві копійки.")]),
]


@pytest.mark.parametrize("art", ONCE, ids=["plain", "date line", "no title", "lead"])
def test_one_article_is_encoded_once(monkeypatch: pytest.MonkeyPatch, art: Article) -> None:
    """The enrichment (its category) and the stories stage share the article's one encoding."""
    calls: list[str] = []

    class CountingModel:
        def passage(self, text: str) -> np.ndarray:
            calls.append(text)
            return np.ones(DIM, dtype=np.float32) / np.sqrt(DIM)

    monkeypatch.setattr(embedding_module, "_model", CountingModel)
    embedding_module._encoded.cache_clear()
    try:
        features = story_features(art, enrich(art))  # classifies, then the story features
        assert len(calls) == 1, calls
        assert features.embedding is not None
        assert not article_vector(art).flags.writeable
    finally:
        embedding_module._encoded.cache_clear()


def test_a_title_and_text_read_as_the_article_they_make() -> None:
    """``svodka classify`` (a title and plain text) reads what the pipeline reads of the page."""
    art = ONCE[1]
    assert embedding_module.opening(art).startswith("Также")  # not its date line
    assert np.array_equal(text_vector(art.title or "", art.text), article_vector(art))
