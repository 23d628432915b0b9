"""The shipped category model: numpy-only at run time, sensible answers, honest training."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from enrich_helpers import CATEGORIES, require

from svodka.enrich import enrich_text
from svodka.enrich.classify import MODEL_PATH, CategoryModel, default_model
from svodka.enrich.features import N_FEATURES, vectorize

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
