"""The shipped category model: numpy-only at run time, sensible answers, honest training."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import numpy as np
import pytest
from enrich_helpers import CATEGORIES, require

from svodka.demo import SampleWeb
from svodka.demo.model import SampleArticle
from svodka.enrich import enrich, enrich_text
from svodka.enrich.classify import (
    MODEL_PATH,
    CategoryModel,
    classify,
    default_model,
    marked_not_news,
    section_category,
)
from svodka.enrich.features import N_FEATURES, vectorize
from svodka.extract import extract
from svodka.records import Enrichment

ROOT = Path(__file__).resolve().parents[2]


def test_model_is_shipped_small_and_numpy_only() -> None:
    assert MODEL_PATH.exists()
    assert MODEL_PATH.stat().st_size < 4 * 1024 * 1024
    code = ("import sys; from svodka.enrich import enrich_text; "
            "enrich_text('Матч завершился вничью', 'Футболисты сыграли вничью 1:1.'); "
            "print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_features_are_stable_and_normalised() -> None:
    idx, val = vectorize("Курс доллара вырос", "Рубль подешевел на торгах биржи.", "ru")
    idx2, val2 = vectorize("Курс доллара вырос", "Рубль подешевел на торгах биржи.", "ru")
    assert np.array_equal(idx, idx2) and np.allclose(val, val2)
    assert idx.max() < N_FEATURES
    assert abs(float(np.linalg.norm(val)) - 1.0) < 1e-5


@pytest.mark.parametrize(("title", "text", "category"), [
    ("«Спартак» обыграл «Зенит» в матче чемпионата России",
     "Футболисты «Спартака» победили со счетом 2:1. Голы забили нападающие команды, "
     "вратарь отразил пенальти. Тренер доволен игрой в турнире.", "sports"),
    ("Центробанк сохранил ключевую ставку",
     "Банк России оставил ключевую ставку на прежнем уровне. Инфляция замедлилась, курс рубля "
     "укрепился, экономисты ожидают снижения ставок по кредитам и рост ВВП.", "economy"),
    ("Apple unveiled a new iPhone with a faster chip",
     "The smartphone has a new processor, better camera software and a larger battery. "
     "The company also updated its operating system and apps.", "technology"),
    ("Динамо обіграло Шахтар у матчі чемпіонату України",
     "Футболісти київського Динамо перемогли з рахунком 2:0. Голи забили нападники команди, "
     "тренер похвалив воротаря.", "sports"),
    ("НБУ підвищив облікову ставку",
     "Національний банк України підвищив облікову ставку до 15%. Інфляція прискорилася, курс "
     "гривні до долара знизився, ціни на пальне зросли.", "economy"),
    ("Вчені знайшли нову планету",
     "Астрономи за допомогою телескопа виявили екзопланету біля зірки. Дослідження "
     "опубліковано в науковому журналі.", "science"),
    ("Співачка Джамала випустила новий альбом",
     "Відома співачка представила кліп на нову пісню, концерт відбудеться у Києві.",
     "entertainment"),
    ("Manchester United beat Chelsea 2-1 in the Premier League",
     "The striker scored twice in the second half as United won the match. The coach praised "
     "the goalkeeper after the game at Old Trafford.", "sports"),
])
def test_obvious_categories(title: str, text: str, category: str) -> None:
    e = enrich_text(title, text)
    assert e.category == category
    assert e.is_news


def test_save_load_round_trip(tmp_path: Path) -> None:
    model = default_model()
    assert model is not None
    path = tmp_path / "m.npz"
    model.save(path)
    again = CategoryModel.load(path)
    assert again.labels == model.labels
    title, text = "Учёные открыли новую планету", "Астрономы обнаружили экзопланету."
    assert np.allclose(again.scores(title, text, "ru"), model.scores(title, text, "ru"), atol=1e-3)


def test_held_out_accuracy_on_the_labelled_corpus() -> None:
    """Trains with the training script's own ``fit`` on part of the corpus, checks held-out
    articles (no article in both; an English row and its translation stay together)."""
    folder = require(CATEGORIES)
    sys.path.insert(0, str(ROOT / "training"))
    from train_classifier import fit

    from svodka.enrich.trainset import load_corpus

    docs, _ = load_corpus(folder)
    test_groups = {d.group for d in docs if d.group % 4 == 0}
    model = fit([d for d in docs if d.group not in test_groups])
    held = [d for d in docs if d.group in test_groups and d.lang == "ru" and d.original]
    right = 0
    for d in held:
        p = model.scores(d.title, d.text, "ru")
        right += model.labels[int(np.argmax(p))] == d.label
    assert len(held) > 40
    assert right / len(held) > 0.7


@pytest.mark.parametrize(("title", "text", "labels"), [
    ("Як обрати зимові шини: п'ять порад", "Звертайте увагу на протектор.",
     ["Партнерські матеріали", "Партнерський матеріал"]),
    ("Лучшие кредиты месяца", "Банк предлагает низкие ставки.", ["На правах рекламы"]),
    ("Five ways to save on energy bills", "Insulate the loft.", ["Sponsored by PowerCo"]),
    ("Новая коллекция пальто", "Скидки до 30%.\n\nНа правах реклами", []),
    ("Гороскоп на неделю: Овнам — терпение", "Звёзды советуют не торопиться.", []),
    ("Your weekly horoscope", "Aries should rest.", []),
    ("Що подивитися ввечері", "Фільми на вихідні.", ["Телепрограма"]),
])
def test_declared_marks_make_not_news(title: str, text: str, labels: list[str]) -> None:
    assert marked_not_news(title, text, labels)
    assert classify(title, text, None, bylines=labels)[0] is False


@pytest.mark.parametrize(("title", "text", "labels"), [
    ("Реклама на телевидении подорожала на 20%", "Рекламный рынок вырос за год.", ["Экономика"]),
    ("Astrologers' business booms, survey finds", "Demand for readings rose.", ["Business"]),
    ("Storm shuts Odesa port", "Ships stayed at anchor.", ["World", "Daniel Price"]),
    ("Мэрия запретила рекламу на фасадах", "Реклама на фасадах исчезнет к весне.\n\nЩиты уберут.",
     ["Город"]),
])
def test_news_about_adverts_or_horoscopes_is_still_news(title: str, text: str,
                                                         labels: list[str]) -> None:
    assert not marked_not_news(title, text, labels)


def test_model_not_news_call_only_in_languages_it_was_trained_on() -> None:
    model = default_model()
    assert model is not None and set(model.languages) == {"ru", "en"}
    p = np.zeros(len(model.labels))
    p[model.labels.index("not_news")], p[model.labels.index("sports")] = 0.6, 0.4
    assert model.decide(p, "ru")[:2] == (False, "sports")
    assert model.decide(p, "uk")[:2] == (True, "sports")  # no labelled Ukrainian: not a guess


@pytest.fixture(scope="module")
def sample_web_enriched() -> list[tuple[SampleArticle, Enrichment]]:
    """Every article of the sample web as served, extracted and enriched."""
    with SampleWeb() as web, httpx.Client(timeout=10, trust_env=False) as client:
        out = []
        for a in web.articles:
            r = client.get(a.url)
            r.raise_for_status()
            out.append((a, enrich(extract(r.content, url=a.url,
                                          content_type=r.headers.get("content-type")))))
    return out


def test_sample_web_news_and_not_news(sample_web_enriched: list) -> None:
    wrong = [(a.slug, e.is_news) for a, e in sample_web_enriched if e.is_news != a.is_news]
    assert not wrong
    assert sum(not a.is_news for a, _ in sample_web_enriched) >= 2


@pytest.mark.parametrize(("section", "category"), [
    ("Технології", "technology"), ("Hi-Tech", "technology"), ("Спортивні новини", "sports"),
    ("Экономика и бизнес", "economy"), ("Культура", "entertainment"), ("World", "society"),
    ("Наука", "science"), ("Новости", None), ("", None), (None, None),
])
def test_section_names_a_category(section: str | None, category: str | None) -> None:
    assert section_category(section) == category


def test_sample_web_categories(sample_web_enriched: list) -> None:
    """The outlets' sections decide where they name a category (the mine-clearing robot is
    technology in every language); reports of one event agree where the section is silent."""
    by_event: dict[str, set[str]] = {}
    for a, e in sample_web_enriched:
        if a.event:
            by_event.setdefault(a.event, set()).add(e.category)
    assert by_event["tech"] == {"technology"}
    assert by_event["football"] == {"sports"}
    assert by_event["rate"] == {"economy"}
    assert by_event["launch"] == {"science"}
