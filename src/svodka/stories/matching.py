"""Which story an article joins, and which older stories are its earlier coverage.

``match`` is the reference: a linear scan that scores every candidate with
:func:`~svodka.stories.vectors.similarity`. :class:`StoryIndex` gives the same scores from an
inverted index, for a process that keeps its recent stories in memory (see
:mod:`svodka.stories.index`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .vectors import content_similarity, time_factor

# Chosen on the tgcontest train and honey pools, never on the exam pool (bench/stories.py): pair F1
# is flat from 0.36 to 0.44 (best pairwise 0.38, single-pass with match/merge 0.43, with fusion
# 0.41); the sample web's ru/uk/en events cluster best at 0.36-0.38.
# StoryMatcher scores with weighted keys and coherence (svodka.stories.matcher); its train/honey
# single-pass F1 is flat from 0.28 to 0.41 (0.83-0.85, best 0.854 at 0.31, 0.832 at 0.38), the
# sample web's events cluster alike from 0.31 to 0.38 and split above, and the synthetic web's
# unrelated reports chain less the higher the bar (stories 153 at 0.31, 235 at 0.38): 0.38 kept.
# Candidates at or above it join; below it the article starts a story.
DEFAULT_THRESHOLD = 0.38
# StoryMatcher (weighted): a report that shares a script space with a story's first report joins
# the story only if it is at least this similar to that first report (besides reaching the
# threshold with the first report or one of the latest): a story cannot wander away from what it
# started as. Across scripts similarity rests on anchors alone and is lower; those joins rely on the
# centroid and the latest reports. On the sample web, same-script reports join their event's story
# at 0.45 and above to its first report; on the synthetic web (5,000 reports) 0.25 gives pair
# precision 0.067 against 0.055 at 0.2 and 0.061 without (0.3: 0.070, but it splits events in
# tests/stories/test_stories_drift.py). No effect on the labelled pairs (a one-report story's first
# report is the story).
FIRST_SUPPORT = 0.25
# Earlier coverage: older stories at least this similar in content (dates ignored), but not the
# same event; a lower bar than joining, since follow-ups reword the event.
EARLIER_MIN = 0.2


@dataclass(slots=True)
class Candidate:
    """A story an article may join: its id, its centroid features and when it last changed."""

    story_id: int
    features: dict
    updated: datetime | None = None


def score(f: dict, candidate: Candidate) -> float:
    """Similarity of article features to a candidate story, its ``updated`` counting as a date."""
    factor = time_factor(f, candidate.features, candidate.updated)
    if factor == 0.0:
        return 0.0
    return content_similarity(f, candidate.features) * factor


def match(
    f: dict, candidates: list[Candidate], threshold: float | None = None
) -> tuple[int | None, float]:
    """The best candidate's id and score, or ``(None, best score)`` below the threshold.

    Ties go to the candidate listed first.
    """
    thr = DEFAULT_THRESHOLD if threshold is None else threshold
    best_id: int | None = None
    best = 0.0
    for c in candidates:
        s = score(f, c)
        if s > best:
            best_id, best = c.story_id, s
    if best_id is None or best < thr:
        return None, best
    return best_id, best


def earlier_coverage(
    story_features: dict, first_seen: datetime, older: list[Candidate], k: int = 5
) -> list[int]:
    """Up to ``k`` ids of older stories on the same subject, most similar first.

    Only candidates last updated before ``first_seen`` count (a candidate without ``updated`` is
    taken as older). Dates are otherwise ignored: earlier coverage may be weeks old. Stories that
    share only a generic subject ("coronavirus") with this one can appear; those sharing people,
    places and wording rank first.
    """
    scored: list[tuple[float, int]] = []
    for c in older:
        if c.updated is not None and c.updated.timestamp() >= first_seen.timestamp():
            continue
        s = content_similarity(story_features, c.features)
        if s >= EARLIER_MIN:
            scored.append((s, c.story_id))
    scored.sort(key=lambda sc: (-sc[0], sc[1]))
    return [sid for _, sid in scored[:k]]


def representative(
    story_features: dict, articles: list[tuple[int, dict]], prefer_lang: str | None = None
) -> int | None:
    """The id of the article closest to the story centroid: the one whose title stands for the
    story. With ``prefer_lang``, articles in that language win when there is any."""
    pool = [(aid, f) for aid, f in articles if prefer_lang and f.get("lang") == prefer_lang]
    pool = pool or articles
    best: tuple[float, int] | None = None
    for aid, f in pool:
        key = (content_similarity(story_features, f), -aid)
        if best is None or key > best:
            best = key
    return -best[1] if best is not None else None
