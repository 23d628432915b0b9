"""The pipeline: ``sources -> fetch -> extract -> enrich -> stories -> store``, wired in one place.

``Pipeline.crawl()`` runs one pass in process; the tasks in ``svodka.pipeline.tasks`` are the unit
of work a queue worker runs.
"""

from svodka.pipeline.runner import CrawlSummary, Pipeline

__all__ = ["CrawlSummary", "Pipeline"]
