"""What a crawl does, counted in the process that does it: fetches, articles, stories (Prometheus)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

# One registry for the process's own work; the site adds it to what /metrics serves. What every
# process shares (queue depth, sources' errors) is read from the store at scrape time instead.
REGISTRY = CollectorRegistry()

FETCHES = Counter("svodka_fetches", "Fetches by outcome (HTTP status class or error kind), "
                  "kind of document and host", ["outcome", "kind", "host"], registry=REGISTRY)
FETCH_SECONDS = Histogram(
    "svodka_fetch_duration_seconds", "Time from asking for a document to having its body "
    "(redirects and pacing included)", ["kind"], registry=REGISTRY,
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120))
ARTICLES_STORED = Counter("svodka_articles_stored", "Articles stored (new or updated)",
                          registry=REGISTRY)
ENTRY_FAILURES = Counter("svodka_entry_failures", "Announced articles not stored, by reason "
                         "(an extraction outcome, a fetch error kind, or internal)",
                         ["reason"], registry=REGISTRY)
STORY_PLACEMENTS = Counter("svodka_story_placements", "Articles placed in stories: a new "
                           "story, or one that exists", ["outcome"], registry=REGISTRY)


def fetch_outcome(status: int | None = None, error_kind: str | None = None) -> str:
    """``2xx``, ``3xx``… for an answer, else the fetch error's kind (``timeout``, ``ssrf``…)."""
    if error_kind is not None:
        return error_kind
    return f"{(status or 0) // 100}xx"
