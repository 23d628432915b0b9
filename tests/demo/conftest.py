"""Fixtures for the sample-web tests: one running SampleWeb and a plain HTTP client."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from selectolax.lexbor import LexborHTMLParser

from svodka.demo import SampleWeb

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def web() -> Iterator[SampleWeb]:
    with SampleWeb(now=NOW) as sample:
        yield sample


@pytest.fixture(scope="session")
def http() -> Iterator[httpx.Client]:
    # trust_env=False: never route loopback requests through a configured proxy.
    with httpx.Client(trust_env=False, timeout=10) as client:
        yield client


def norm(text: str) -> str:
    return " ".join(text.split())


def visible_text(html: str) -> str:
    """The page's text with scripts dropped and whitespace collapsed (markup removed)."""
    tree = LexborHTMLParser(html)
    for node in tree.css("script, style, noscript"):
        node.decompose()
    return norm(tree.body.text(deep=True, separator="") if tree.body else "")


def decoded(resp: httpx.Response) -> str:
    match = re.search(r"charset=([\w-]+)", resp.headers.get("content-type", ""))
    return resp.content.decode(match.group(1) if match else "utf-8")
