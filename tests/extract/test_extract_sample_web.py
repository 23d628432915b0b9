"""The bundled sample web (8 outlets, 8 markups): every article whole, with and without a site
template learned from the outlet's own pages; comments, promo lines and ads never in the text."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import httpx
import pytest

from svodka.demo import SampleWeb
from svodka.demo.model import SampleArticle
from svodka.demo.styles.phrases import phrase
from svodka.extract import extract
from svodka.extract.templates import SiteTemplate, learn_template

# Boilerplate the sample outlets put in or around the article body.
_CLUTTER = ("promo", "comments", "comment_a", "comment_b", "share", "ad")


def _norm(s: str) -> str:
    return " ".join(s.split())


@pytest.fixture(scope="module")
def outlets() -> Iterator[dict[str, list[tuple[SampleArticle, bytes, str | None]]]]:
    """Each outlet's articles as served: (truth, body, content type)."""
    with SampleWeb() as web, httpx.Client(timeout=10) as client:
        out: dict[str, list[tuple[SampleArticle, bytes, str | None]]] = defaultdict(list)
        for a in web.articles:
            r = client.get(a.url)
            r.raise_for_status()
            out[a.outlet].append((a, r.content, r.headers.get("content-type")))
        yield dict(out)


def _check(a: SampleArticle, body: bytes, ctype: str | None, tpl: SiteTemplate | None) -> None:
    art = extract(body, url=a.url, template=tpl, content_type=ctype)
    text = _norm(art.text)
    for para in [a.lead, *a.paragraphs]:
        assert _norm(para) in text, (a.url, para)
    for key in _CLUTTER:
        try:
            line = phrase(a.language, key)
        except KeyError:
            continue
        assert _norm(line) not in text, (a.url, key, line)
    for p in art.paragraphs:  # no block is anything but the lead and the body
        assert any(_norm(p) in _norm(q) or _norm(q) in _norm(p)
                   for q in [a.lead, *a.paragraphs]), (a.url, p)
    urls = [r.url for r in art.related]
    assert len(urls) == len(set(urls)), (a.url, urls)  # no related page twice
    assert set(a.related_urls) <= set(urls), (a.url, urls)


@pytest.mark.parametrize("with_template", [False, True])
def test_every_outlet_extracts_whole_articles(outlets: dict, with_template: bool) -> None:
    assert len(outlets) == 8
    for items in outlets.values():
        tpl = learn_template([(body, a.url) for a, body, _ in items]) if with_template else None
        for a, body, ctype in items:
            _check(a, body, ctype, tpl)


def test_template_learned_on_other_pages_keeps_the_article(outlets: dict) -> None:
    """Leave-one-out: the page itself is not among those the template was learned on."""
    for items in outlets.values():
        for i, (a, body, ctype) in enumerate(items):
            others = [(b, x.url) for j, (x, b, _) in enumerate(items) if j != i]
            if len(others) >= 2:
                _check(a, body, ctype, learn_template(others))


def test_template_never_drops_what_the_page_alone_keeps(outlets: dict) -> None:
    for items in outlets.values():
        tpl = learn_template([(body, a.url) for a, body, _ in items])
        for a, body, ctype in items:
            plain = extract(body, url=a.url, content_type=ctype)
            learned = extract(body, url=a.url, template=tpl, content_type=ctype)
            truth = {_norm(p) for p in [a.lead, *a.paragraphs]}
            lost = [p for p in plain.paragraphs if _norm(p) in truth
                    and p not in learned.paragraphs and p != learned.lead]
            assert not lost, (a.url, lost)
