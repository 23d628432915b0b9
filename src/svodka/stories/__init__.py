"""Stories: reports of one event across outlets and languages, grouped, ranked and linked back.

Pure functions over records and JSON-serialisable feature dicts (the store persists them)::

    features(article, enrichment) -> dict
    similarity(a, b) -> float
    match(f, candidates, threshold=None) -> (story_id | None, score)
    merge(story_features, article_features, n_articles) -> dict
    merge_stories(a, n_a, b, n_b) -> dict
    rank_stories(stories, now) -> [(story_id, score)]
    earlier_coverage(story_features, first_seen, older, k=5) -> [story_id]
    representative(story_features, [(article_id, features)], prefer_lang=None) -> article_id

plus :class:`StoryMatcher`, which keeps recent stories in an inverted index (:class:`StoryIndex`)
and does single-pass clustering on the same features, with keys weighted by rarity, story scores
scaled by coherence and joins checked against the story's first and latest reports, so that a big
subject's shared vocabulary does not chain unrelated reports into one story (optionally fusing two
stories that a later report shows to be one: ``merge_threshold``, ``pop_merges()``). What matches
across languages and what does not is described in :mod:`svodka.stories.vectors` and
:mod:`svodka.stories.text`.
"""

from .index import StoryIndex
from .matcher import StoryMatcher
from .matching import DEFAULT_THRESHOLD, Candidate, earlier_coverage, match, representative
from .ranking import StoryStats, rank_stories, story_score
from .vectors import content_similarity, features, merge, merge_stories, similarity

StoryFeatures = dict

__all__ = [
    "DEFAULT_THRESHOLD",
    "Candidate",
    "StoryIndex",
    "StoryMatcher",
    "StoryFeatures",
    "StoryStats",
    "content_similarity",
    "earlier_coverage",
    "features",
    "match",
    "merge",
    "merge_stories",
    "rank_stories",
    "representative",
    "similarity",
    "story_score",
]
