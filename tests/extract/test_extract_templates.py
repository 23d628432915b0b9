"""Site templates: learned from several pages of an outlet, they cut what repeats."""

from __future__ import annotations

import pytest
from extract_sitegen import generate_site

from svodka.extract import extract
from svodka.extract.templates import SiteTemplate, learn_template


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_template_removes_prose_like_site_boilerplate(seed: int) -> None:
    site = generate_site(seed, pages=6)
    target, others = site[0], site[1:]
    tpl = learn_template([(p.html, p.url) for p in others])
    plain = extract(target.html, url=target.url)
    with_tpl = extract(target.html, url=target.url, template=tpl)
    # Without a template the site's prose-like lines pass for article text ...
    assert any(b in plain.paragraphs for b in target.boilerplate)
    # ... with one they are gone and the article is whole.
    assert with_tpl.paragraphs == target.paragraphs
    assert not any(b in with_tpl.text for b in target.boilerplate)


def test_template_json_round_trip_and_version_check() -> None:
    site = generate_site(7, pages=4)
    tpl = learn_template([(p.html.encode(), p.url) for p in site])
    again = SiteTemplate.from_json(tpl.to_json())
    assert again == tpl and again.pages == 4 and again.boilerplate
    with pytest.raises(ValueError):
        SiteTemplate.from_json('{"version": 999}')


def test_template_from_one_page_is_empty_and_harmless() -> None:
    site = generate_site(9, pages=2)
    tpl = learn_template([(site[0].html, site[0].url)])
    assert not tpl.boilerplate and not tpl.containers
    assert extract(site[1].html, template=tpl).paragraphs == extract(site[1].html).paragraphs


def test_article_text_quoted_elsewhere_is_not_boilerplate() -> None:
    """A lead that another page quotes in a teaser repeats, but not in the same place."""
    site = generate_site(11, pages=3)
    lead = site[0].paragraphs[0]
    teaser = f'<div class="teaser"><a href="/n/0">Ранее</a><p>{lead}</p></div>'
    pages = [(site[0].html, site[0].url)] + [
        (p.html.replace("</body>", teaser + "</body>"), p.url) for p in site[1:]]
    tpl = learn_template(pages)
    assert lead not in tpl.boilerplate
    assert extract(site[0].html, template=tpl).paragraphs[0] == lead


def test_learned_related_intro() -> None:
    site = generate_site(5, pages=5)
    tpl = learn_template([(p.html, p.url) for p in site[1:]])
    assert tpl.related_intros  # the site's own words before its list of links
    art = extract(site[0].html, url=site[0].url, template=tpl)
    assert len(art.related) == 3 and all(r.url for r in art.related)
