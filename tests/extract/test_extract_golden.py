"""Golden pages of our own making, one per markup family, each with its expected extraction.

Every defect class of the issue appears in at least one: boilerplate (navigation, share bars,
promo and subscribe lines, ads, comments, cookie banners, sidebars, read-also widgets, footers),
lazy and proxied images with placeholders, captions, whitespace at inline boundaries,
metadata from JSON-LD / OpenGraph / meta / <time>, and charsets (windows-1251 declared in
<meta>, koi8-r declared only by the HTTP header).
"""

from __future__ import annotations

import json

import pytest
from extract_helpers import GOLDEN, problems

from svodka import extract

CASES = sorted(p.stem for p in GOLDEN.glob("*.html"))


def test_there_are_golden_pages_in_several_markups() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("name", CASES)
def test_golden_page(name: str) -> None:
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    body = (GOLDEN / f"{name}.html").read_bytes()
    article = extract(body, url=expected.get("url"), content_type=expected.get("content_type"))
    errs = problems(article.to_dict(), expected)
    assert not errs, "\n".join(errs)
