"""A WordPress-like site: ``entry-content``, WP Rocket lazy images (``data-lazy-src`` /
``data-lazy-srcset`` with an SVG placeholder and a ``<noscript>`` fallback), Jetpack-style
share buttons, an in-body "read also" line, widgets and a comment list."""

from __future__ import annotations

from svodka.demo.model import SampleArticle
from svodka.demo.styles.common import (
    SVG_PLACEHOLDER,
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
    path_of,
    render_body,
    resized,
)


def _img(a: SampleArticle, i: int, cls: str) -> str:
    url = a.image_urls[i]
    srcset = f"{resized(url, 300)} 300w, {resized(url, 768)} 768w, {path_of(url)} 800w"
    alt = esc(caption(a, i))
    return (f'<img width="800" height="450" src="{SVG_PLACEHOLDER}" class="{cls}" alt="{alt}" '
            f'data-lazy-srcset="{srcset}" data-lazy-sizes="(max-width: 800px) 100vw, 800px" '
            f'data-lazy-src="{path_of(url)}"><noscript><img width="800" height="450" '
            f'src="{path_of(url)}" class="{cls}" alt="{alt}" srcset="{srcset}"></noscript>')


def _layout(site: SiteContext, title: str, head: str, main: str, body_class: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="{site.lang}-UA" prefix="og: https://ogp.me/ns#"><head><meta charset="UTF-8">
<title>{esc(title)}</title>{head}{feed_link(site)}
<link rel='stylesheet' id='theme-css' href='/wp-content/themes/hvylia/style.css?ver=6.4' media='all'>
</head><body class="{body_class}">
<div id="cookie-law-info-bar"><span>{esc(site.p('cookie'))} <a role='button' id="cookie_action_close_header">{esc(site.p('cookie_ok'))}</a></span></div>
<div id="page" class="site"><header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a href="/" rel="home">{esc(site.outlet.name)}</a></p><p class="site-description">{esc(site.spec.tagline)}</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">{''.join(f'<li class="menu-item">{x}</li>' for x in menu_links(site, '|').split('|'))}</ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
{main}
</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_currency"><h2 class="widget-title">{esc(site.p('currency'))}</h2></section>
<section class="widget widget_weather"><p>{esc(site.p('weather'))}</p></section>
<section class="widget widget_recent_entries"><h2 class="widget-title">{esc(site.p('most_read'))}</h2><ul>{article_list(site.others(None, 5))}</ul></section>
<section class="widget widget_text"><div class="textwidget"><p><a href="https://t.me/">{esc(site.p('promo'))}</a></p></div></section></aside></div>
<footer id="colophon" class="site-footer"><div class="site-info">© {esc(site.outlet.name)}. {esc(site.p('rights'))} {esc(site.p('fiction'))}</div></footer></div>
<script src='/wp-content/plugins/rocket-lazy-load/assets/js/lazyload.min.js' id='rocket-lazyload-js'></script>
</body></html>"""


def article_page(a: SampleArticle, site: SiteContext) -> str:
    others = site.others(a, 2)
    parts = {
        "p": lambda i: f"<p>{inline(a.paragraphs[i], i, site.spec.section_path)}</p>",
        "img": lambda i: (f'<figure class="wp-block-image size-large">'
                          f'{_img(a, i, f"wp-image-{a.number * 10 + i}")}'
                          f'<figcaption class="wp-element-caption">{esc(caption(a, i))}</figcaption></figure>'),
        "ad": lambda i: f'<div class="code-block code-block-2" style="margin: 8px 0;"><ins class="adsbygoogle" data-ad-slot="41"></ins><small>{esc(site.p("ad"))}</small></div>',
        "promo": lambda i: f'<p class="tg-promo"><strong><a href="https://t.me/">{esc(site.p("promo"))}</a></strong></p>',
        "readalso": lambda i: (f'<p><strong>{esc(site.p("read_also"))}</strong> <a href="{esc(path_of(others[0].url))}">'
                               f'{esc(others[0].title)}</a></p>') if others else "",
        "earlier": lambda i: f'<p><strong>{esc(site.p("earlier"))}</strong></p><ul>{earlier_items(a, site)}</ul>',
    }
    share = "".join(f'<li class="share-{n.lower()}"><a rel="nofollow noopener noreferrer" class="share-{n.lower()} sd-button" href="#"><span>{n}</span></a></li>'
                    for n in ("Facebook", "Telegram", "X", "Viber"))
    hero = ""
    if a.image_urls:
        hero = f'<div class="post-thumbnail">{_img(a, 0, "attachment-post-thumbnail size-post-thumbnail wp-post-image")}</div>'
    cats = "".join(f'<a href="/tag/{esc(t)}/" rel="tag">{esc(t)}</a>' for t in a.tags)
    main = f"""<article id="post-{a.number}" class="post-{a.number} post type-post status-publish format-standard has-post-thumbnail hentry">
<div class="breadcrumbs"><a href="/">{esc(site.p('home'))}</a> » <a href="{site.spec.section_path}">{esc(a.section)}</a> » <span class="breadcrumb_last">{esc(a.title)}</span></div>
<header class="entry-header"><h1 class="entry-title">{esc(a.title)}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{site.local(a).isoformat()}">{esc(site.human_date(a))}</time></span>
<span class="byline"> <span class="author vcard"><a class="url fn n" href="/author/{a.number}/">{esc(', '.join(a.authors))}</a></span></span></div></header>
{hero}
<div class="entry-content"><p class="lead"><strong>{esc(a.lead)}</strong></p>
{render_body(a, parts)}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">{esc(site.p('share'))}:</h3><ul>{share}</ul></div>
</div><footer class="entry-footer"><span class="tags-links">{esc(site.p('tags'))} {cats}</span></footer></article>
<div id="comments" class="comments-area"><h2 class="comments-title">{esc(site.p('comments'))} (2)</h2><ol class="comment-list">
<li class="comment"><div class="comment-content"><p>{esc(site.p('comment_a'))}</p></div></li>
<li class="comment"><div class="comment-content"><p>{esc(site.p('comment_b'))}</p></div></li></ol></div>"""
    return _layout(site, f"{a.title} – {site.outlet.name}", head_meta(a, site) + json_ld(a, site),
                   main, f"post-template-default single single-post postid-{a.number}")


def index_page(site: SiteContext) -> str:
    posts = "".join(
        f'<article class="post type-post"><h2 class="entry-title"><a href="{esc(path_of(x.url))}">'
        f'{esc(x.title)}</a></h2><div class="entry-summary"><p>{esc(x.lead)}</p></div></article>'
        for x in site.articles)
    return _layout(site, site.outlet.name, "", posts, "home blog")
