"""A story as the engine hands it out: its id, its centroid features and its last change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .features import StoryFeatures


@dataclass(slots=True)
class Candidate:
    """A story an article may join: its id, its centroid features and when it last changed."""

    story_id: int
    features: StoryFeatures
    updated: datetime | None = None

    def __post_init__(self) -> None:
        self.features = StoryFeatures.from_json(self.features)  # as the store gives it: JSON
