"""natasha's Russian NER model, run step by step: exactly ``NewsNERTagger(text).spans``, faster.

natasha's tagger wraps every token in records twice, finds the tokens in the text again after
tagging, and decodes its CRF with slovnet's batched Viterbi, which builds index arrays at every
step. Here razdel's tokenizer runs its join rules only where two atoms touch (whitespace always
splits), tokens keep their offsets, word ids are cached per word, and the Viterbi runs on the
one sequence with the same float32 operations in the same order (so the same argmaxes, ties
included). The model is slovnet's, with two layers swapped for faster equivalents that give
the same arrays bit for bit (``slovnet_fast``).
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache
from typing import Any, NamedTuple

import numpy as np


class Token(NamedTuple):
    start: int
    stop: int
    text: str


@cache
def _infer() -> Any:
    """slovnet's inference object (encoder, model, decoder) of natasha's news NER tagger."""
    from natasha import NewsEmbedding, NewsNERTagger

    from .slovnet_fast import speed_up

    infer = NewsNERTagger(NewsEmbedding()).infer
    try:
        speed_up(infer.model)
    except (AttributeError, TypeError, ValueError) as exc:  # slovnet's internals moved
        logging.getLogger(__name__).warning("slovnet layers kept as they are: %s", exc)
        infer = NewsNERTagger(NewsEmbedding()).infer  # untouched, should the swap have half run
    return infer


@lru_cache(maxsize=100_000)
def _word_ids(word: str) -> tuple[int, int]:
    """(vocabulary id, shape id) of a token, as slovnet's TagEncoder computes them."""
    from slovnet.shape import word_shape

    encoder = _infer().encoder
    return encoder.words_vocab.encode(word.lower()), encoder.shapes_vocab.encode(word_shape(word))


def tokenize(text: str) -> list[Token]:
    """razdel's tokens of ``text`` (same rules, same result as ``razdel.tokenize``)."""
    from razdel.segmenters.tokenize import TokenSplit, TokenSplitter
    from razdel.segmenters.tokenize import tokenize as segmenter

    splitter = TokenSplitter()
    atoms = list(splitter.atoms(text))
    out: list[Token] = []
    start = stop = 0
    buffer: str | None = None
    for i, atom in enumerate(atoms):
        if buffer is not None:
            if atom.start == stop:  # touching atoms: razdel's rules decide
                split = TokenSplit(atoms[max(0, i - splitter.window):i], "",
                                   atoms[i:i + splitter.window])
                split.buffer = buffer
                if segmenter.join(split):
                    buffer += atom.text
                    stop = atom.stop
                    continue
            out.append(Token(start, stop, buffer))
        start, stop, buffer = atom.start, atom.stop, atom.text
    if buffer is not None:
        out.append(Token(start, stop, buffer))
    return out


def viterbi(emissions: np.ndarray, mask: np.ndarray, transitions: np.ndarray) -> list[int]:
    """Best tag path for one (seq_len x tags) emission matrix, as slovnet's ``CRF.decode``:
    steps where ``mask`` is off keep the score, and the path is ``mask.sum()`` tags long."""
    tags = np.arange(transitions.shape[1])
    keep = mask.tolist()
    score = emissions[0]
    history = []
    for index in range(1, len(emissions)):
        step = score.reshape(-1, 1) + transitions  # from-tag x to-tag: (score + transition)
        step += emissions[index]  # + emission, each sum rounded to float32 as slovnet's is
        best = step.argmax(0)
        history.append(best)
        if keep[index]:
            score = step[best, tags]
    steps = history[:int(mask.sum()) - 1]
    best = int(score.argmax())
    path = [best]
    for row in reversed(np.array(steps).tolist() if steps else []):
        best = row[best]
        path.append(best)
    path.reverse()
    return path


def ner_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, stop, type) of every named entity natasha finds in ``text``."""
    from slovnet.bio import bio_spans

    tokens = tokenize(text)
    if not tokens:
        return []
    infer = _infer()
    ids = [_word_ids(t.text) for t in tokens]
    batch = infer.encoder.input([([w for w, _ in ids], [s for _, s in ids])])
    emissions = infer.model(batch.word_id, batch.shape_id, batch.pad_mask)
    path = viterbi(emissions[0], ~batch.pad_mask[0], infer.model.head.crf.transitions.array)
    names = infer.decoder.tags_vocab.items
    return [(s.start, s.stop, s.type) for s in bio_spans(tokens, [names[i] for i in path])]
