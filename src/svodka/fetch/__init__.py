"""svodka.fetch: polite, safe async HTTP (SSRF guard, robots.txt, conditional GET,
limits, retries hints) and the WARC archive. Entry point: ``Fetcher(...).fetch(url)``."""

from svodka.fetch.archive import WarcArchive
from svodka.fetch.errors import FetchError
from svodka.fetch.fetcher import Fetcher, Timeouts
from svodka.fetch.policy import next_poll, retry_delay

__all__ = ["FetchError", "Fetcher", "Timeouts", "WarcArchive", "next_poll", "retry_delay"]
