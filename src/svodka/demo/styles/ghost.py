"""A Ghost-like blog platform: ``post-full`` markup, ``kg-card`` figures, images through a
``/cdn-cgi/image/…`` resizing proxy, lazy ``data-src`` images over a data-URI GIF."""

from __future__ import annotations

from svodka.demo.images import PIXEL_DATA_URI
from svodka.demo.model import SampleArticle
from svodka.demo.styles import common as c


def _srcset(url: str) -> str:
    return ", ".join(f"{c.cdn_image(url, w)} {w}w" for w in (300, 600, 1000, 2000))


def _img(a: SampleArticle, i: int, lazy: bool) -> str:
    url = a.image_urls[i]
    alt = c.esc(c.caption(a, i))
    if lazy:
        return (f'<img class="kg-image lazyload" src="{PIXEL_DATA_URI}" data-src="{c.cdn_image(url, 1000)}" '
                f'data-srcset="{_srcset(url)}" sizes="(min-width: 720px) 720px" alt="{alt}">')
    return (f'<img class="kg-image" srcset="{_srcset(url)}" sizes="(max-width: 1000px) 100vw" '
            f'src="{c.cdn_image(url, 2000)}" alt="{alt}">')


def _layout(site: c.SiteContext, title: str, head: str, main: str, body_class: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="{site.lang}"><head><meta charset="utf-8"><meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{c.esc(title)}</title>{head}{c.feed_link(site)}
<meta name="generator" content="Ghost 5.0"><link rel="stylesheet" href="/assets/built/screen.css?v=1"></head>
<body class="{body_class}"><div class="site-wrapper">
<header class="site-header"><div class="outer site-nav-main"><nav class="site-nav"><a class="site-nav-logo" href="/">{c.esc(site.outlet.name)}</a>
<ul class="nav">{''.join(f'<li>{x}</li>' for x in c.menu_links(site, '|').split('|'))}</ul>
<a class="subscribe-button" href="#/portal/signup">{c.esc(site.p('subscribe'))}</a></nav></div></header>
<main id="site-main" class="site-main outer">{main}</main>
<aside class="read-more-wrap outer"><div class="read-more-feed"><h3>{c.esc(site.p('most_read'))}</h3>{c.article_list(site.others(None, 3), 'article')}</div></aside>
<footer class="site-footer outer"><section class="copyright"><a href="/">{c.esc(site.outlet.name)}</a> © {c.esc(site.p('rights'))}</section><p>{c.esc(site.p('fiction'))}</p></footer>
</div><div class="gh-cookie-banner">{c.esc(site.p('cookie'))} <button>{c.esc(site.p('cookie_ok'))}</button></div></body></html>"""


def article_page(a: SampleArticle, site: c.SiteContext) -> str:
    parts = {
        "p": lambda i: f"<p>{c.inline(a.paragraphs[i], i, site.spec.section_path)}</p>",
        "img": lambda i: (f'<figure class="kg-card kg-image-card kg-card-hascaption">{_img(a, i, True)}'
                          f'<figcaption>{c.esc(c.caption(a, i))}</figcaption></figure>'),
        "promo": lambda i: f'<div class="kg-card kg-callout-card"><div class="kg-callout-text"><a href="https://t.me/">{c.esc(site.p("promo"))}</a></div></div>',
        "readalso": lambda i: f'<div class="kg-card kg-bookmark-card">{c.esc(site.p("read_also"))} {c.article_list(site.others(a, 1), "span")}</div>',
        "earlier": lambda i: f'<p><em>{c.esc(site.p("earlier"))}</em></p><ul>{c.earlier_items(a, site)}</ul>',
    }
    hero = ""
    if a.image_urls:
        hero = f'<figure class="post-full-image">{_img(a, 0, False)}<figcaption>{c.esc(c.caption(a, 0))}</figcaption></figure>'
    tag = a.tags[0] if a.tags else a.section
    main = f"""<div class="inner"><article class="post-full post tag-{c.esc(a.slug[:12])}">
<header class="post-full-header"><section class="post-full-tags"><a href="/tag/{c.esc(tag)}/">{c.esc(a.section)}</a></section>
<h1 class="post-full-title">{c.esc(a.title)}</h1>
<p class="post-full-custom-excerpt">{c.esc(a.lead)}</p>
<div class="post-full-byline"><section class="post-full-byline-meta"><h4 class="author-name"><a href="/author/{a.number}/">{c.esc(', '.join(a.authors))}</a></h4>
<div class="byline-meta-content"><time class="byline-meta-date" datetime="{site.local(a).isoformat()}">{c.esc(site.human_date(a))}</time><span class="byline-reading-time"> · 2 min</span></div></section></div></header>
{hero}
<section class="post-full-content"><div class="post-content gh-content">{c.render_body(a, parts, earlier_mid=True)}</div></section>
<section class="share"><span>{c.esc(site.p('share'))}</span> <a href="#">Telegram</a> <a href="#">X</a></section>
</article><section class="post-full-comments"><h3>{c.esc(site.p('comments'))}</h3><p>{c.esc(site.p('comment_a'))}</p></section></div>"""
    return _layout(site, a.title, c.head_meta(a, site) + c.json_ld(a, site), main, "post-template")


def index_page(site: c.SiteContext) -> str:
    cards = "".join(
        f'<article class="post-card"><a class="post-card-image-link" href="{c.esc(c.path_of(x.url))}">'
        f'<img class="post-card-image" src="{c.cdn_image(x.image_urls[0], 600)}" alt="" loading="lazy"></a>'
        f'<h2 class="post-card-title">{c.esc(x.title)}</h2><p class="post-card-excerpt">{c.esc(x.lead)}</p></article>'
        for x in site.articles if x.image_urls)
    return _layout(site, site.outlet.name, "", f'<div class="inner posts"><div class="post-feed">{cards}</div></div>', "home-template")
