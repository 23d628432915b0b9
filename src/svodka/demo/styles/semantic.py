"""A plain semantic HTML5 site: ``<article>``, ``<figure>``/``<picture>`` with a WebP
``<source>``, native ``loading="lazy"``, schema.org microdata; clutter in ``<aside>``."""

from __future__ import annotations

from svodka.demo.model import SampleArticle
from svodka.demo.styles import common as c


def _figure(a: SampleArticle, i: int) -> str:
    url = c.path_of(a.image_urls[i])
    lazy = ' loading="lazy"' if i else ""
    return (f'<figure itemprop="image" itemscope itemtype="https://schema.org/ImageObject">'
            f'<picture><source type="image/webp" srcset="{c.cdn_image(a.image_urls[i], 800)}">'
            f'<img src="{url}" alt="{c.esc(c.caption(a, i))}" width="800" height="450"{lazy}></picture>'
            f'<figcaption itemprop="caption">{c.esc(c.caption(a, i))}</figcaption></figure>')


def _layout(site: c.SiteContext, title: str, head: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="{site.lang}"><head><meta charset="utf-8"><title>{c.esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">{head}{c.feed_link(site)}</head>
<body><a class="skip" href="#main">↓</a>
<header><p class="logo"><a href="/">{c.esc(site.outlet.name)}</a></p><nav aria-label="menu"><ul>{''.join(f'<li>{x}</li>' for x in c.menu_links(site, '|').split('|'))}</ul></nav></header>
<div class="cookies" role="dialog"><p>{c.esc(site.p('cookie'))}</p><button type="button">{c.esc(site.p('cookie_ok'))}</button></div>
{main}
<aside class="sidebar"><section><h2>{c.esc(site.p('most_read'))}</h2><ol>{c.article_list(site.others(None, 5))}</ol></section>
<section class="widget"><p>{c.esc(site.p('currency'))}</p><p>{c.esc(site.p('weather'))}</p></section></aside>
<footer><p><small>© {c.esc(site.outlet.name)}. {c.esc(site.p('rights'))}</small></p><p><small>{c.esc(site.p('fiction'))}</small></p></footer>
</body></html>"""


def article_page(a: SampleArticle, site: c.SiteContext) -> str:
    parts = {
        "p": lambda i: f"<p>{c.inline(a.paragraphs[i], i, site.spec.section_path)}</p>",
        "img": lambda i: _figure(a, i),
        "promo": lambda i: f'<aside class="promo"><p><a href="https://t.me/">{c.esc(site.p("promo"))}</a></p></aside>',
        "readalso": lambda i: f'<aside class="read-also"><p>{c.esc(site.p("read_also"))} {c.article_list(site.others(a, 1), "span")}</p></aside>',
        "earlier": lambda i: f'<section class="earlier"><h2>{c.esc(site.p("earlier"))}</h2><ul>{c.earlier_items(a, site)}</ul></section>',
    }
    tags = "".join(f'<li><a rel="tag" href="/tags/{c.esc(t)}">{c.esc(t)}</a></li>' for t in a.tags)
    main = f"""<main id="main"><nav class="breadcrumbs" aria-label="breadcrumbs"><ol><li><a href="/">{c.esc(site.p('home'))}</a></li><li><a href="{site.spec.section_path}">{c.esc(a.section)}</a></li></ol></nav>
<article itemscope itemtype="https://schema.org/NewsArticle">
<header><h1 itemprop="headline">{c.esc(a.title)}</h1>
<p class="standfirst" itemprop="description">{c.esc(a.lead)}</p>
<p class="byline"><span itemprop="author">{c.esc(', '.join(a.authors))}</span>, <time itemprop="datePublished" datetime="{site.local(a).isoformat()}">{c.esc(site.human_date(a))}</time></p></header>
{_figure(a, 0) if a.image_urls else ''}
<div itemprop="articleBody">{c.render_body(a, parts)}</div>
<footer><ul class="tags">{tags}</ul><p class="share">{c.esc(site.p('share'))}: <a href="#">Facebook</a> <a href="#">Telegram</a></p></footer>
</article>
<section class="comments"><h2>{c.esc(site.p('comments'))}</h2><article><p>{c.esc(site.p('comment_a'))}</p></article><article><p>{c.esc(site.p('comment_b'))}</p></article></section></main>"""
    return _layout(site, f"{a.title} — {site.outlet.name}", c.head_meta(a, site) + c.json_ld(a, site), main)


def index_page(site: c.SiteContext) -> str:
    items = "".join(f'<article><h2><a href="{c.esc(c.path_of(x.url))}">{c.esc(x.title)}</a></h2>'
                    f'<p>{c.esc(x.lead)}</p><time datetime="{site.local(x).isoformat()}">'
                    f'{c.esc(site.human_date(x))}</time></article>' for x in site.articles)
    return _layout(site, site.outlet.name, "", f'<main id="main">{items}</main>')
