"""Helpers for the sources tests: fixture files and read_source on a fetched-looking page."""

from __future__ import annotations

from pathlib import Path

from svodka.records import Page, Source
from svodka.sources import SourceResult, read_source

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def read(
    body: bytes, url: str, *, kind: str = "auto", content_type: str = "text/html",
    pattern: str | None = None,
) -> SourceResult:
    """read_source on a page as the fetcher would hand it over (content-type deliberately vague)."""
    page = Page(url=url, status=200, headers={"content-type": content_type}, body=body)
    return read_source(Source(url=url, kind=kind, article_pattern=pattern), page)  # type: ignore[arg-type]
