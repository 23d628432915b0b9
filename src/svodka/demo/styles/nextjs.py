"""A Next.js-like site: CSS-module class names, ``/_next/image`` proxy images, legacy
lazy images (a data-URI placeholder with a ``<noscript>`` fallback), ``__NEXT_DATA__``."""

from __future__ import annotations

import json

from svodka.demo.images import PIXEL_DATA_URI
from svodka.demo.model import SampleArticle
from svodka.demo.styles.common import (
    SiteContext,
    article_list,
    caption,
    earlier_items,
    esc,
    feed_link,
    head_meta,
    inline,
    json_ld,
    menu_links,
    next_image,
    path_of,
    render_body,
)


def _srcset(url: str) -> str:
    return esc(", ".join(f"{next_image(url, w)} {w}w" for w in (640, 750, 1080, 1920)))


def _layout(site: SiteContext, title: str, head: str, main: str, data: dict) -> str:
    next_data = json.dumps({"props": {"pageProps": data}, "page": "/news/[slug]",
                            "buildId": "svodka-demo", "isFallback": False}, ensure_ascii=False)
    next_data = next_data.replace("</", "<\\/")
    return f"""<!DOCTYPE html><html lang="{site.lang}"><head><meta charSet="utf-8"/>
<meta name="viewport" content="width=device-width"/><title>{esc(title)}</title>
{head}{feed_link(site)}
<link rel="preload" href="/_next/static/css/app.css" as="style"/></head>
<body><div id="__next"><div class="Layout_root__x1Y2z">
<div class="CookieBanner_banner__Q2wEr" role="dialog"><p>{esc(site.p('cookie'))}</p><button>{esc(site.p('cookie_ok'))}</button></div>
<header class="Header_header__a8F3k"><a class="Header_logo__p0" href="/">{esc(site.outlet.name)}</a>
<nav class="Nav_nav__k2">{menu_links(site)}</nav>
<div class="Ticker_ticker__m1"><span>{esc(site.p('currency'))}</span><span>{esc(site.p('weather'))}</span></div></header>
{main}
<aside class="Sidebar_sidebar__w9"><h3>{esc(site.p('most_read'))}</h3><ol>{article_list(site.others(None, 5))}</ol>
<div class="Ad_slot__Zz1">{esc(site.p('ad'))}</div></aside>
<footer class="Footer_footer__u7"><p>© {esc(site.outlet.name)}. {esc(site.p('rights'))}</p><p>{esc(site.p('fiction'))}</p></footer>
</div></div><script id="__NEXT_DATA__" type="application/json">{next_data}</script>
<script src="/_next/static/chunks/main.js" defer></script></body></html>"""


def _figure(a: SampleArticle, i: int) -> str:
    url = a.image_urls[i]
    if i == 0:
        img = (f'<img alt="{esc(caption(a, i))}" src="{esc(next_image(url, 1920))}" '
               f'srcSet="{_srcset(url)}" sizes="100vw" decoding="async" data-nimg="responsive"/>')
    else:
        img = (f'<img alt="{esc(caption(a, i))}" src="{PIXEL_DATA_URI}" decoding="async" '
               f'data-nimg="intrinsic" class="Img_lazy__q"/>'
               f'<noscript><img alt="{esc(caption(a, i))}" srcSet="{_srcset(url)}" '
               f'src="{esc(next_image(url, 1080))}" decoding="async" loading="lazy"/></noscript>')
    return (f'<figure class="Figure_figure__h2"><span class="Figure_wrap__b8">{img}</span>'
            f'<figcaption>{esc(caption(a, i))}</figcaption></figure>')


def article_page(a: SampleArticle, site: SiteContext) -> str:
    section = site.spec.section_path
    parts = {
        "p": lambda i: f'<p class="Paragraph_p__r4">{inline(a.paragraphs[i], i, section)}</p>',
        "img": lambda i: _figure(a, i),
        "ad": lambda i: f'<div class="Ad_slot__Zz1" data-ad="inline">{esc(site.p("ad"))}</div>',
        "promo": lambda i: f'<aside class="Promo_promo__q3"><p>{esc(site.p("promo"))}</p></aside>',
        "earlier": lambda i: (f'<div class="Earlier_box__e5"><p><strong>{esc(site.p("earlier"))}'
                              f'</strong></p><ul>{earlier_items(a, site)}</ul></div>'),
    }
    authors = ", ".join(f'<a href="/authors/{esc(n.lower().replace(" ", "-"))}">{esc(n)}</a>'
                        for n in a.authors)
    main = f"""<main class="Article_main__Zp9"><nav class="Breadcrumbs_crumbs__1c"><a href="/">{esc(site.p('home'))}</a> › <a href="{section}">{esc(a.section)}</a></nav>
<article class="Article_article__x0"><h1 class="Article_title__3kd">{esc(a.title)}</h1>
<p class="Article_standfirst__9aa">{esc(a.lead)}</p>
<div class="Byline_byline__x7"><span>{esc(site.p('by'))} {authors}</span> <time dateTime="{site.local(a).isoformat()}">{esc(site.human_date(a))}</time></div>
<div class="Share_bar__e1"><span>{esc(site.p('share'))}</span><button aria-label="X">X</button><button aria-label="Facebook">Facebook</button><button aria-label="Telegram">Telegram</button></div>
{_figure(a, 0) if a.image_urls else ''}
<div class="ArticleBody_body__R2d">{render_body(a, parts)}</div>
<ul class="Tags_tags__t1">{''.join(f'<li><a href="/topics/{esc(t)}">{esc(t)}</a></li>' for t in a.tags)}</ul>
</article>
<section class="Comments_comments__c3"><h2>{esc(site.p('comments'))}</h2><p>{esc(site.p('comment_a'))}</p><p>{esc(site.p('comment_b'))}</p></section></main>"""
    data = {"article": {"id": a.number, "slug": a.slug, "headline": a.title,
                        "href": path_of(a.url)}}
    return _layout(site, f"{a.title} | {site.outlet.name}",
                   head_meta(a, site) + "\n" + json_ld(a, site), main, data)


def index_page(site: SiteContext) -> str:
    cards = "".join(
        f'<div class="Card_card__k1"><a href="{esc(path_of(x.url))}"><img alt="" loading="lazy" '
        f'src="{esc(next_image(x.image_urls[0], 384))}"/><h2>{esc(x.title)}</h2></a>'
        f'<p>{esc(x.lead)}</p></div>' for x in site.articles if x.image_urls)
    main = f'<main class="Home_main__h1"><h1>{esc(site.outlet.name)}</h1>{cards}</main>'
    return _layout(site, site.outlet.name, "", main, {"articles": len(site.articles)})
