"""News-or-not and category: linear models over hashed features and the sentence vector, plus declared marks.

The weights are trained offline by ``training/train_classifier.py`` and stored as
``models/category.npz`` (float16 matrices, biases, label names); run time needs only numpy.
The lexical model's and the sentence-vector model's log-probabilities are added, weighted
(``VECTOR_SHARE``). Adverts, horoscopes and the like are also recognised by the labels outlets
give them (``data/not_news_markers.txt``), which the labelled corpus cannot teach.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from .embedding import DIM, text_vector
from .features import N_FEATURES, vectorize
from .morph import WORD_RE

MODEL_PATH = Path(__file__).with_name("models") / "category.npz"
MARKERS_PATH = Path(__file__).with_name("data") / "not_news_markers.txt"
SECTIONS_PATH = Path(__file__).with_name("data") / "section_categories.txt"
NOT_NEWS = "not_news"
# The model calls an article not news only by this margin (in probability) over the best news
# category: hiding a real report costs more than showing a feature story.
NOT_NEWS_MARGIN = 0.02
# A paragraph this short (in words) can be a label such as «На правах реклами», not a sentence.
MAX_LABEL_WORDS = 4
# The sentence-vector model's share of the combined log-probabilities (the lexical model has
# the rest): 0.3 was best on the grouped folds, 0.3-0.6 all beat either model alone
# (docs/classification.md).
VECTOR_SHARE = 0.3


class MarkField(Enum):
    """Where a declared not-news phrase is looked for."""

    LABEL = "label"  # the start of the section, an author byline, a first or last short paragraph
    TITLE = "title"  # anywhere in the title


def _softmax(logits: np.ndarray) -> np.ndarray:
    p = np.exp(logits - logits.max())
    return p / p.sum()


@dataclass(slots=True)
class CategoryModel:
    weights: np.ndarray  # (N_FEATURES, n_labels) float32
    bias: np.ndarray  # (n_labels,)
    labels: tuple[str, ...]
    # Languages it saw labelled articles in: elsewhere its not-news call is a guess, not used.
    languages: tuple[str, ...] = ("ru", "en")
    # Multinomial logistic regression over the sentence vector: (DIM, n_labels), (n_labels,).
    vector_weights: np.ndarray | None = None
    vector_bias: np.ndarray | None = None

    def probabilities(self, idx: np.ndarray, val: np.ndarray,
                      vector: np.ndarray | None = None) -> np.ndarray:
        """Label probabilities of a sparse feature vector (``vectorize``'s output), combined
        with the sentence-vector model's when a (non-zero) ``vector`` is given."""
        # np.take: the same rows as self.weights[idx], gathered several times faster
        logits = self.bias + (val @ np.take(self.weights, idx, axis=0) if len(idx) else 0.0)
        p = _softmax(logits)
        if vector is None or self.vector_weights is None or not vector.any():
            return p
        q = _softmax(self.vector_bias + vector @ self.vector_weights)
        return _softmax((1 - VECTOR_SHARE) * np.log(p + 1e-9) + VECTOR_SHARE * np.log(q + 1e-9))

    def scores(self, title: str, text: str, lang: str | None,
               vector: np.ndarray | None = None) -> np.ndarray:
        return self.probabilities(*vectorize(title, text, lang), vector)

    def decide(self, p: np.ndarray, lang: str | None) -> tuple[bool, str, float]:
        """(is_news, category, probability of that category) from the label probabilities;
        category is never not_news."""
        order = np.argsort(-p)
        category = next(self.labels[i] for i in order if self.labels[i] != NOT_NEWS)
        p_category = float(p[self.labels.index(category)])
        p_not_news = float(p[self.labels.index(NOT_NEWS)]) if NOT_NEWS in self.labels else 0.0
        not_news = lang in self.languages and p_not_news >= p_category + NOT_NEWS_MARGIN
        return not not_news, category, p_category

    def predict(self, title: str, text: str, lang: str | None,
                vector: np.ndarray | None = None) -> tuple[bool, str, float]:
        return self.decide(self.scores(title, text, lang, vector), lang)

    def save(self, path: Path) -> None:
        heads = {}
        if self.vector_weights is not None and self.vector_bias is not None:
            heads = {"vector_weights": self.vector_weights.astype(np.float16),
                     "vector_bias": self.vector_bias}
        np.savez_compressed(path, weights=self.weights.astype(np.float16), bias=self.bias,
                            labels=np.array(self.labels), languages=np.array(self.languages),
                            **heads)

    @classmethod
    def load(cls, path: Path) -> CategoryModel:
        with np.load(path, allow_pickle=False) as z:
            w = z["weights"].astype(np.float32)
            if w.shape[0] != N_FEATURES:
                raise ValueError(f"{path}: {w.shape[0]} features, expected {N_FEATURES}")
            languages = tuple(str(x) for x in z["languages"]) if "languages" in z else ("ru", "en")
            vw = z["vector_weights"].astype(np.float32) if "vector_weights" in z else None
            if vw is not None and vw.shape[0] != DIM:
                raise ValueError(f"{path}: vectors of {vw.shape[0]} values, expected {DIM}")
            vb = z["vector_bias"].astype(np.float32) if "vector_bias" in z else None
            return cls(w, z["bias"].astype(np.float32), tuple(str(x) for x in z["labels"]),
                       languages, vw, vb)


@lru_cache(maxsize=1)
def default_model() -> CategoryModel | None:
    """The shipped model, or None if it is missing (then every article is news, "other")."""
    return CategoryModel.load(MODEL_PATH) if MODEL_PATH.exists() else None


def _words(s: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in WORD_RE.findall(s or ""))


@cache
def not_news_marks() -> dict[MarkField, tuple[tuple[str, ...], ...]]:
    """The declared phrases, as word tuples, by the field they are looked for in."""
    marks: dict[MarkField, list[tuple[str, ...]]] = {f: [] for f in MarkField}
    for line in MARKERS_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            field, phrase = (part.strip() for part in line.split("|"))
            marks[MarkField(field)].append(_words(phrase))
    return {f: tuple(p) for f, p in marks.items()}


def _starts_with(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """Each word of ``phrase`` begins the word at its place at the start of ``words``."""
    head = words[:len(phrase)]
    return len(head) == len(phrase) and all(map(str.startswith, head, phrase))


def _label_lines(text: str, labels: Sequence[str]) -> list[str]:
    paragraphs = [p for p in (text or "").split("\n") if p.strip()]
    ends = paragraphs[:1] + paragraphs[-1:]
    return [*labels, *(p for p in ends if len(p.split()) <= MAX_LABEL_WORDS)]


def marked_not_news(title: str, text: str, labels: Sequence[str] = ()) -> bool:
    """Whether the outlet labels the item as not news: an advert, partner material, a horoscope,
    a TV listing or a recipe (``labels``: the outlet's section and author bylines)."""
    marks = not_news_marks()
    for line in _label_lines(text, labels):
        words = _words(line)
        if any(_starts_with(words, p) for p in marks[MarkField.LABEL]):
            return True
    words = _words(title)
    return any(_starts_with(words[i:], p) for p in marks[MarkField.TITLE] for i in range(len(words)))


@cache
def section_words() -> tuple[tuple[str, str], ...]:
    """(rubric word, category) pairs of the declared rubric names."""
    pairs = []
    for line in SECTIONS_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            category, words = (part.strip() for part in line.split("|"))
            pairs.extend((w, category) for w in _words(words))
    return tuple(pairs)


def section_category(section: str | None) -> str | None:
    """The category the outlet's section names, from its first word that names one."""
    for word in _words(section or ""):
        for rubric, category in section_words():
            if word.startswith(rubric):
                return category
    return None


def classify(title: str, text: str, lang: str | None, *, section: str | None = None,
             bylines: Sequence[str] = (), vector: np.ndarray | None = None) -> tuple[bool, str]:
    """(is_news, category) of an article; category is never not_news ("other" without a model).
    ``vector``: the article's sentence vector, computed (``embedding.text_vector``, as the stories
    stage reads the article) when not given.
    The outlet's section, when it names a category, wins over the model's guess."""
    model = default_model()
    is_news, category = True, "other"
    if model is not None and (title.strip() or text.strip()):
        if vector is None and model.vector_weights is not None:
            vector = text_vector(title, text)
        is_news, category, _ = model.predict(title, text, lang, vector)
    labels = [x for x in (section, *bylines) if x]
    return (is_news and not marked_not_news(title, text, labels),
            section_category(section) or category)
