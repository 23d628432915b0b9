"""Faster drop-ins for two layers of slovnet's NER model, with bit-identical outputs: both only
move data differently (gathers and copies); the arithmetic is slovnet's, on the same arrays.

Imported only when natasha's NER model is loaded (slovnet itself takes a while to import).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from slovnet.exec.model import Conv1d, NavecEmbedding


class RowConv1d(Conv1d):
    """slovnet's Conv1d, with the (windows x in*kernel) matrix filled from contiguous rows of
    the padded input (slovnet reshapes a strided view into it, a much slower copy). The matrix,
    its layout and the matmul are slovnet's, so the output is too, bit for bit."""

    def __call__(self, input: np.ndarray) -> np.ndarray:  # batch x in x seq
        batch, dim, seq = input.shape
        filters, _, kernel = self.weight.shape
        pad = self.padding
        n = seq + 2 * pad - kernel + 1
        rows = np.zeros((batch, seq + 2 * pad, dim), dtype=input.dtype)
        rows[:, pad:pad + seq] = input.swapaxes(2, 1)
        windows = np.empty((batch, n, dim, kernel), dtype=input.dtype)
        for k in range(kernel):
            windows[:, :, :, k] = rows[:, k:k + n]
        weight = self.weight.array.reshape(filters, dim * kernel)
        output = np.matmul(windows.reshape(batch * n, dim * kernel), weight.T) + self.bias.array
        return output.reshape(batch, n, filters).swapaxes(2, 1)  # batch x filters x windows


class FlatNavecEmbedding(NavecEmbedding):
    """navec's product-quantised word vectors, gathered with one ``np.take`` from the flattened
    codebook instead of slovnet's two-array fancy indexing."""

    def __call__(self, input: np.ndarray) -> np.ndarray:
        qdim, centroids, chunk = self.codes.shape
        codebook = self.codes.array.reshape(qdim * centroids, chunk)
        indexes = self.indexes.array[input.reshape(-1)] + self.qdims * centroids
        return np.take(codebook, indexes, axis=0).reshape(*input.shape, self.dim)


def speed_up(model: Any) -> None:
    """Swap the convolutions and the word embedding of a loaded slovnet tagger in place."""
    for layer in model.encoder.layers:
        conv = layer.conv
        layer.conv = RowConv1d(conv.weight, conv.bias, conv.padding)
    word = model.emb.word
    model.emb.word = FlatNavecEmbedding(word.id, word.indexes, word.codes)
