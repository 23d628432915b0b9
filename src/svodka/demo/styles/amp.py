"""An AMP-first site: ``<html ⚡>``, ``amp-img`` with ``<noscript>`` fallbacks, ``amp-ad``,
``amp-social-share`` and the AMP boilerplate; the AMP page is its own canonical."""

from __future__ import annotations

from svodka.demo.model import SampleArticle
from svodka.demo.styles import common as c

_BOILERPLATE = ("<style amp-boilerplate>body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 "
                "normal both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}</style>"
                "<noscript><style amp-boilerplate>body{-webkit-animation:none;animation:none}"
                "</style></noscript>")


def _img(a: SampleArticle, i: int) -> str:
    src = c.esc(c.path_of(a.image_urls[i]))
    alt = c.esc(c.caption(a, i))
    return (f'<amp-img src="{src}" width="1200" height="675" layout="responsive" alt="{alt}">'
            f'<noscript><img src="{src}" width="1200" height="675" alt="{alt}"></noscript></amp-img>')


def _layout(site: c.SiteContext, title: str, head: str, main: str) -> str:
    return f"""<!doctype html>
<html ⚡ lang="{site.lang}"><head><meta charset="utf-8"><title>{c.esc(title)}</title>
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<script async custom-element="amp-ad" src="https://cdn.ampproject.org/v0/amp-ad-0.1.js"></script>
{head}{_BOILERPLATE}<style amp-custom>.article-body p{{line-height:1.5}}</style></head><body>
<amp-user-notification id="cookies" layout="nodisplay"><p>{c.esc(site.p('cookie'))}</p><button on="tap:cookies.dismiss">{c.esc(site.p('cookie_ok'))}</button></amp-user-notification>
<header class="masthead"><a href="/" class="brand">{c.esc(site.outlet.name)}</a>
<amp-sidebar id="menu" layout="nodisplay" side="left"><nav>{c.menu_links(site)}</nav></amp-sidebar>
<div class="markets">{c.esc(site.p('currency'))}</div></header>
{main}
<footer class="site-footer"><p>{c.esc(site.p('subscribe'))}</p><p>© {c.esc(site.outlet.name)}. {c.esc(site.p('rights'))} {c.esc(site.p('fiction'))}</p></footer>
</body></html>"""


def article_page(a: SampleArticle, site: c.SiteContext) -> str:
    parts = {
        "p": lambda i: f"<p>{c.inline(a.paragraphs[i], i, site.spec.section_path)}</p>",
        "img": lambda i: f'<figure class="inline-figure">{_img(a, i)}<figcaption>{c.esc(c.caption(a, i))}</figcaption></figure>',
        "ad": lambda i: f'<div class="ad-container"><span class="ad-label">{c.esc(site.p("ad"))}</span><amp-ad width="300" height="250" type="doubleclick" data-slot="/1234/meridian/article"></amp-ad></div>',
        "promo": lambda i: f'<p class="social-promo"><a href="https://x.com/">{c.esc(site.p("promo"))}</a></p>',
        "readalso": lambda i: f'<div class="read-also"><span>{c.esc(site.p("read_also"))}</span> {c.article_list(site.others(a, 1), "span")}</div>',
        "earlier": lambda i: f'<section class="earlier"><h4>{c.esc(site.p("earlier"))}</h4><ul>{c.earlier_items(a, site)}</ul></section>',
    }
    share = "".join(f'<amp-social-share type="{t}" width="32" height="32"></amp-social-share>'
                    for t in ("twitter", "facebook", "whatsapp", "email"))
    hero = ""
    if a.image_urls:
        hero = f'<figure class="hero">{_img(a, 0)}<figcaption>{c.esc(c.caption(a, 0))}</figcaption></figure>'
    main = f"""<main id="content" role="main"><article class="story">
<div class="kicker"><a href="{site.spec.section_path}">{c.esc(a.section)}</a></div>
<h1 class="headline">{c.esc(a.title)}</h1><p class="dek">{c.esc(a.lead)}</p>
<div class="meta"><span class="byline">{c.esc(site.p('by'))} {c.esc(' and '.join(a.authors))}</span> · <time datetime="{site.local(a).isoformat()}">{c.esc(site.human_date(a))}</time></div>
<div class="share-bar">{share}</div>
{hero}
<div class="article-body">{c.render_body(a, parts)}</div>
<ul class="topics">{''.join(f'<li>{c.esc(t)}</li>' for t in a.tags)}</ul></article>
<section class="comments"><h3>{c.esc(site.p('comments'))}</h3><amp-list layout="fixed-height" height="120" src="/api/comments.json"><p>{c.esc(site.p('comment_a'))}</p><p>{c.esc(site.p('comment_b'))}</p></amp-list></section>
<aside class="more"><h3>{c.esc(site.p('most_read'))}</h3><ol>{c.article_list(site.others(a, 4))}</ol></aside></main>"""
    head = c.head_meta(a, site) + c.json_ld(a, site)
    return _layout(site, f"{a.title} - {site.outlet.name}", head, main)


def index_page(site: c.SiteContext) -> str:
    items = "".join(f'<article class="teaser"><h2><a href="{c.esc(c.path_of(x.url))}">{c.esc(x.title)}'
                    f'</a></h2><p>{c.esc(x.lead)}</p></article>' for x in site.articles)
    return _layout(site, site.outlet.name, f'<link rel="canonical" href="{site.outlet.base_url}">',
                   f'<main id="content">{items}</main>')
