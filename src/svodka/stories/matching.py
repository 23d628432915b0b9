"""A story as a candidate (id, centroid, last change), its earlier coverage and its representative report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .features import StoryFeatures, content_similarity

# Earlier coverage: older stories at least this similar in content (dates ignored), but not the
# same event; a lower bar than joining, since follow-ups reword the event.
EARLIER_MIN = 0.2


@dataclass(slots=True)
class Candidate:
    """A story an article may join: its id, its centroid features and when it last changed."""

    story_id: int
    features: StoryFeatures
    updated: datetime | None = None

    def __post_init__(self) -> None:
        self.features = StoryFeatures.from_json(self.features)  # as the store gives it: JSON


def earlier_coverage(
    story_features: StoryFeatures | dict, first_seen: datetime, older: list[Candidate], k: int = 5
) -> list[int]:
    """Up to ``k`` ids of older stories on the same subject, most similar first.

    Only candidates last updated before ``first_seen`` count (a candidate without ``updated`` is
    taken as older). Dates are otherwise ignored: earlier coverage may be weeks old. Stories that
    share only a generic subject ("coronavirus") with this one can appear; those sharing people,
    places and wording rank first.
    """
    story_features = StoryFeatures.from_json(story_features)
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
    story_features: StoryFeatures | dict, articles: list[tuple[int, StoryFeatures | dict]],
    prefer_lang: str | None = None,
) -> int | None:
    """The id of the article closest to the story centroid: the one whose title stands for the
    story. With ``prefer_lang``, articles in that language win when there is any."""
    story_features = StoryFeatures.from_json(story_features)
    articles = [(aid, StoryFeatures.from_json(f)) for aid, f in articles]
    pool = [(aid, f) for aid, f in articles if prefer_lang and f.lang == prefer_lang]
    pool = pool or articles
    best: tuple[float, int] | None = None
    for aid, f in pool:
        key = (content_similarity(story_features, f), -aid)
        if best is None or key > best:
            best = key
    return -best[1] if best is not None else None
