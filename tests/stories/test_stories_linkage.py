"""Group-average linkage by language block, and pairs kept apart (svodka.stories.linkage)."""

from __future__ import annotations

from svodka.stories.linkage import average_link


def _symmetric(pairs: dict[tuple[int, int], float]) -> dict[int, dict[int, float]]:
    edges: dict[int, dict[int, float]] = {}
    for (a, b), p in pairs.items():
        edges.setdefault(a, {})[b] = p
        edges.setdefault(b, {})[a] = p
    return edges


def test_a_report_joins_a_story_through_its_members_in_the_language_it_compares_best_with():
    # A Russian and two Ukrainian reports of one event; an English one scores 0.62 with the
    # Russian, 0.19 and 0.05 with the Ukrainian (the sample web's rate cut): mean 0.29.
    edges = _symmetric({(0, 1): 0.9, (0, 2): 0.92, (1, 2): 0.6, (3, 0): 0.62, (3, 1): 0.19,
                        (3, 2): 0.05})
    weight = dict.fromkeys(edges, 1)
    lang = {0: "ru", 1: "uk", 2: "uk", 3: "en"}
    assert average_link([0, 1, 2, 3], edges, weight, 0.44, lang=lang) == [[0, 1, 2, 3]]
    # Without languages it is plain group average: the English report stays apart.
    assert average_link([0, 1, 2, 3], edges, weight, 0.44) == [[0, 1, 2], [3]]
    # Its one language block must reach the threshold itself.
    low = {**edges, 3: {0: 0.40, 1: 0.19, 2: 0.05}}
    low[0] = {**edges[0], 3: 0.40}
    assert average_link([0, 1, 2, 3], low, weight, 0.44, lang=lang) == [[0, 1, 2], [3]]


def test_two_stories_each_in_several_languages_are_compared_by_the_plain_mean():
    # Two events of one subject, each told in Russian and English; only their Russian reports
    # are alike. Blocks between two multilingual stories would fuse them; the mean does not.
    edges = _symmetric({(0, 1): 0.9, (2, 3): 0.9, (0, 2): 0.6, (1, 3): 0.1, (0, 3): 0.1,
                        (1, 2): 0.1})
    weight = dict.fromkeys(edges, 1)
    lang = {0: "ru", 1: "en", 2: "ru", 3: "en"}
    assert average_link([0, 1, 2, 3], edges, weight, 0.44, lang=lang) == [[0, 1], [2, 3]]


def test_a_pair_kept_apart_never_shares_a_cluster_however_the_rest_links():
    edges = _symmetric({(0, 2): 0.95, (1, 2): 0.95, (0, 1): 0.3})
    weight = dict.fromkeys(edges, 1)
    assert average_link([0, 1, 2], edges, weight, 0.44) == [[0, 1, 2]]
    apart = {0: {1}, 1: {0}}
    assert average_link([0, 1, 2], edges, weight, 0.44, apart=apart) == [[0, 2], [1]]
    # Kept apart through fusions: 3 joins 1's side, still never with 0.
    edges = _symmetric({(0, 2): 0.95, (1, 2): 0.95, (1, 3): 0.99, (0, 3): 0.9, (2, 3): 0.9})
    weight = dict.fromkeys(edges, 1)
    clusters = average_link([0, 1, 2, 3], edges, weight, 0.44, apart=apart)
    assert not any(0 in c and 1 in c for c in clusters)


def test_two_reports_in_one_language_join_a_story_together_and_not_across_a_kept_apart_pair():
    # Two English reports, alike (0.9), each 0.6 with the Russian report of a Russian and
    # Ukrainian story and about 0.1 with its Ukrainian ones: they fuse first, then join by the
    # Russian block (0.6), though the mean over all six pairs is 0.27.
    pairs = {(0, 1): 0.9, (0, 2): 0.9, (1, 2): 0.9, (3, 4): 0.9, (3, 0): 0.6, (4, 0): 0.6,
             (3, 1): 0.1, (4, 1): 0.1, (3, 2): 0.1, (4, 2): 0.1}
    edges = _symmetric(pairs)
    weight = dict.fromkeys(edges, 1)
    lang = {0: "ru", 1: "uk", 2: "uk", 3: "en", 4: "en"}
    assert average_link([0, 1, 2, 3, 4], edges, weight, 0.44, lang=lang) == [[0, 1, 2, 3, 4]]
    apart = {4: {1}, 1: {4}}
    assert average_link([0, 1, 2, 3, 4], edges, weight, 0.44, lang=lang,
                        apart=apart) == [[0, 1, 2], [3, 4]]
