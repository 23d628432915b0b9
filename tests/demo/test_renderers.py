"""The pure parts: corpus parsing, inline traps, and every style's renderer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from svodka.demo.corpus import parse_corpus
from svodka.demo.model import SampleArticle
from svodka.demo.sample import OUTLET_SPECS
from svodka.demo.styles import STYLES
from svodka.demo.styles.common import SiteContext, inline

from .conftest import norm, visible_text

ENTRY = """# comment
## slug=a-b outlet=severny event=storm news=no
author: Someone
section: Sport
tags: x, y
captions: One | Two
title: A title
lead: A lead.

First paragraph.

Second paragraph.
"""


def test_parse_corpus_entry() -> None:
    (e,) = parse_corpus(ENTRY)
    assert (e.slug, e.outlet, e.event, e.is_news) == ("a-b", "severny", "storm", False)
    assert e.tags == ("x", "y") and e.captions == ("One", "Two")
    assert e.paragraphs == ("First paragraph.", "Second paragraph.")


@pytest.mark.parametrize("drop", ["title: A title\n", "lead: A lead.\n", "captions: One | Two\n"])
def test_parse_corpus_rejects_incomplete_entries(drop: str) -> None:
    with pytest.raises(ValueError, match="a-b"):
        parse_corpus(ENTRY.replace(drop, ""))


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=200),
       st.integers(min_value=0, max_value=5))
def test_inline_markup_keeps_the_text(text: str, n: int) -> None:
    html = f"<p>{inline(text, n, '/x?a=1&b=2')}</p>"
    node = LexborHTMLParser(html).css_first("p")
    assert node is not None and node.text(deep=True) == text


def _article(lang: str, related: bool) -> SampleArticle:
    return SampleArticle(
        outlet="t", url="http://127.0.0.1:1/a/1", language=lang, title="Title & <co>",
        lead="Lead text here.", paragraphs=["One two three four five six seven eight.",
                                            "Second paragraph with several words in it.",
                                            "Third one, a bit longer than the others.",
                                            "Fourth."],
        image_urls=["http://127.0.0.1:1/sites/default/files/1.jpg",
                    "http://127.0.0.1:1/sites/default/files/2.jpg"],
        event=None, is_news=True, published=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
        related_urls=["http://127.0.0.1:1/a/0"] if related else [], authors=["A. Writer"],
        section="News", tags=["t1", "t2"], image_captions=["Cap one", "Cap two"], slug="s",
        number=1)


@pytest.mark.parametrize("spec", OUTLET_SPECS, ids=lambda s: s.style)
def test_each_style_renders_article_and_index(spec) -> None:  # noqa: ANN001
    older = _article(spec.language, False)
    older.url, older.title = "http://127.0.0.1:1/a/0", "Older report"
    article = _article(spec.language, True)
    site = SiteContext(spec, spec.outlet("http://127.0.0.1:1"), [article, older])
    style = STYLES[spec.style]
    page = style.article_page(article, site)
    text = visible_text(page)
    for part in [article.title, article.lead, *article.paragraphs]:
        assert norm(part) in text
    assert "Older report" in text and "Title &amp; &lt;co&gt;" in page
    assert page == style.article_page(article, site)  # pure: same input, same page
    index = style.index_page(site)
    assert "Older report" in visible_text(index) and "/a/0" in index
