"""News-or-not and category: a linear model over hashed features, weights shipped in the package.

The weights are trained offline by ``training/train_classifier.py`` and stored as
``models/category.npz`` (float16 matrix, biases, label names); run time needs only numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .features import N_FEATURES, vectorize

MODEL_PATH = Path(__file__).with_name("models") / "category.npz"
NOT_NEWS = "not_news"


@dataclass(slots=True)
class CategoryModel:
    weights: np.ndarray  # (N_FEATURES, n_labels) float32
    bias: np.ndarray  # (n_labels,)
    labels: tuple[str, ...]

    def scores(self, title: str, text: str, lang: str | None) -> np.ndarray:
        idx, val = vectorize(title, text, lang)
        # np.take: the same rows as self.weights[idx], gathered several times faster
        logits = self.bias + (val @ np.take(self.weights, idx, axis=0) if len(idx) else 0.0)
        logits = logits - logits.max()
        p = np.exp(logits)
        return p / p.sum()

    def predict(self, title: str, text: str, lang: str | None) -> tuple[bool, str, float]:
        """(is_news, category, probability of that category); category is never not_news."""
        p = self.scores(title, text, lang)
        order = np.argsort(-p)
        best = self.labels[order[0]]
        category = next(self.labels[i] for i in order if self.labels[i] != NOT_NEWS)
        return best != NOT_NEWS, category, float(p[self.labels.index(category)])

    def save(self, path: Path) -> None:
        np.savez_compressed(path, weights=self.weights.astype(np.float16), bias=self.bias,
                            labels=np.array(self.labels))

    @classmethod
    def load(cls, path: Path) -> CategoryModel:
        with np.load(path, allow_pickle=False) as z:
            w = z["weights"].astype(np.float32)
            if w.shape[0] != N_FEATURES:
                raise ValueError(f"{path}: {w.shape[0]} features, expected {N_FEATURES}")
            return cls(w, z["bias"].astype(np.float32), tuple(str(x) for x in z["labels"]))


@lru_cache(maxsize=1)
def default_model() -> CategoryModel | None:
    """The shipped model, or None if it is missing (then every article is news, "other")."""
    return CategoryModel.load(MODEL_PATH) if MODEL_PATH.exists() else None
