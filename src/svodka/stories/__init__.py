"""Stories: reports of one event across outlets and languages, grouped, ranked and linked back.

* :mod:`~svodka.stories.text` - words into keys (stems per script, transliterated names);
* :mod:`~svodka.stories.features` - :class:`StoryFeatures`, the typed record of a report's or a
  story's keys, sentence vector and dates (persisted as JSON), and the plain lexical similarity;
* :mod:`~svodka.stories.score` - the one fitted pair score (sentence vectors, words, names, time);
* :mod:`~svodka.stories.candidates` - which reports an arrival is compared with;
* :mod:`~svodka.stories.engine` - :class:`StoryMatcher`, the story engine: the partition of the
  window's reports into stories, healed as reports arrive (merges, moves), each handed out as a
  :class:`EngineStory`;
* :mod:`~svodka.stories.titles`, :mod:`~svodka.stories.coverage`,
  :mod:`~svodka.stories.duplicates` - what a story shows: its title per language, its earlier
  coverage, its near-duplicate groups;
* :mod:`~svodka.stories.ranking` - the order of stories on the front page.
"""

from .engine import EngineStory, StoryMatcher
from .features import StoryFeatures, content_similarity, features, merge, merge_stories, similarity
from .ranking import StoryStats, rank_stories, story_score
from .score import PairScore, default_score, probability

__all__ = [
    "EngineStory",
    "PairScore",
    "StoryFeatures",
    "StoryMatcher",
    "StoryStats",
    "content_similarity",
    "default_score",
    "features",
    "merge",
    "merge_stories",
    "probability",
    "rank_stories",
    "similarity",
    "story_score",
]
