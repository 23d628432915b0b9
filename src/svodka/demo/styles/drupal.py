"""A Drupal-like site: ``node--type-article`` and ``field--name-*`` wrappers, views blocks,
lazy images (``data-src`` over an SVG placeholder) with image-style derivative ``srcset``."""

from __future__ import annotations

from svodka.demo.model import SampleArticle
from svodka.demo.styles import common as c


def _derivative(url: str, style: str) -> str:
    path = c.path_of(url).replace("/sites/default/files/", f"/sites/default/files/styles/{style}/public/", 1)
    return f"{path}?itok=Zx{len(path):02d}q"


def _img(a: SampleArticle, i: int) -> str:
    url = a.image_urls[i]
    srcset = f"{_derivative(url, 'medium')} 480w, {_derivative(url, 'large')} 960w"
    return (f'<img loading="lazy" src="{c.SVG_PLACEHOLDER}" data-src="{c.path_of(url)}" '
            f'data-srcset="{srcset}" width="960" height="540" alt="{c.esc(c.caption(a, i))}" '
            f'typeof="foaf:Image" class="image-style-large b-lazy">')


def _field(name: str, inner: str, kind: str = "string") -> str:
    return (f'<div class="field field--name-{name} field--type-{kind} field--label-hidden '
            f'field__item">{inner}</div>')


def _layout(site: c.SiteContext, title: str, head: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="{site.lang}" dir="ltr" prefix="content: http://purl.org/rss/1.0/modules/content/"><head>
<meta charset="utf-8" /><meta name="Generator" content="Drupal 10 (https://www.drupal.org)" />
<title>{c.esc(title)} | {c.esc(site.outlet.name)}</title>{head}{c.feed_link(site)}</head>
<body class="path-node page-node-type-article"><a href="#main-content" class="visually-hidden focusable skip-link">Skip</a>
<div class="dialog-off-canvas-main-canvas"><div class="layout-container">
<header role="banner"><div class="region region-header"><div id="block-sitebranding" class="block block-system"><a href="/" rel="home">{c.esc(site.outlet.name)}</a></div>
<nav role="navigation" id="block-main-menu"><ul class="menu">{''.join(f'<li class="menu-item">{x}</li>' for x in c.menu_links(site, '|').split('|'))}</ul></nav>
<div class="block block-currency">{c.esc(site.p('currency'))}</div></div></header>
<div id="block-eu-cookie" class="eu-cookie-compliance-banner">{c.esc(site.p('cookie'))} <button class="agree-button">{c.esc(site.p('cookie_ok'))}</button></div>
<main role="main"><a id="main-content" tabindex="-1"></a><div class="layout-content">{main}</div>
<aside class="layout-sidebar-second" role="complementary"><div class="views-element-container block block-views"><h2>{c.esc(site.p('most_read'))}</h2><div class="view-content">{c.article_list(site.others(None, 5), 'div')}</div></div>
<div class="block block-weather">{c.esc(site.p('weather'))}</div><div class="block block-promo"><a href="https://t.me/">{c.esc(site.p('promo'))}</a></div></aside></main>
<footer role="contentinfo"><div class="region region-footer">© {c.esc(site.outlet.name)}. {c.esc(site.p('rights'))} {c.esc(site.p('fiction'))}</div></footer>
</div></div></body></html>"""


def article_page(a: SampleArticle, site: c.SiteContext) -> str:
    parts = {
        "p": lambda i: f"<p>{c.inline(a.paragraphs[i], i, site.spec.section_path)}</p>",
        "img": lambda i: (f'<div class="media media--type-image"><figure role="group" class="caption caption-drupal-media">'
                          f'{_img(a, i)}<figcaption>{c.esc(c.caption(a, i))}</figcaption></figure></div>'),
        "ad": lambda i: f'<div class="block-adsense"><span>{c.esc(site.p("ad"))}</span></div>',
        "promo": lambda i: f'<p class="promo-line"><a href="https://t.me/">{c.esc(site.p("promo"))}</a></p>',
        "readalso": lambda i: f'<div class="read-also">{c.esc(site.p("read_also"))} {c.article_list(site.others(a, 1), "span")}</div>',
        "earlier": lambda i: f'<p><strong>{c.esc(site.p("earlier"))}</strong></p><ul>{c.earlier_items(a, site)}</ul>',
    }
    hero = ""
    if a.image_urls:
        hero = _field("field-image", f"<figure>{_img(a, 0)}<figcaption>{c.esc(c.caption(a, 0))}</figcaption></figure>", "image")
    tags = "".join(f'<div class="field__item"><a href="/taxonomy/term/{n}" hreflang="{site.lang}">{c.esc(t)}</a></div>'
                   for n, t in enumerate(a.tags, 1))
    main = f"""<div class="block block-system-breadcrumb"><nav class="breadcrumb"><ol><li><a href="/">{c.esc(site.p('home'))}</a></li><li><a href="{site.spec.section_path}">{c.esc(a.section)}</a></li></ol></nav></div>
<article role="article" about="/node/{a.number}" class="node node--type-article node--view-mode-full">
<h1 class="page-title"><span class="field field--name-title">{c.esc(a.title)}</span></h1>
<div class="node__meta"><span class="field field--name-uid">{c.esc(', '.join(a.authors))}</span> <span class="field field--name-created"><time datetime="{site.local(a).isoformat()}">{site.local(a):%d.%m.%Y - %H:%M}</time></span></div>
<div class="node__content">{hero}
{_field("field-lead", f"<p>{c.esc(a.lead)}</p>", "text-long")}
<div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">{c.render_body(a, parts)}</div>
<div class="field field--name-field-tags field--type-entity-reference field__items">{tags}</div>
<div class="social-media-links"><span>{c.esc(site.p('share'))}</span> <a href="#">Facebook</a> <a href="#">Telegram</a></div>
<section class="comments"><h2>{c.esc(site.p('comments'))}</h2><article class="comment"><p>{c.esc(site.p('comment_a'))}</p></article></section></div></article>"""
    return _layout(site, a.title, c.head_meta(a, site) + c.json_ld(a, site), main)


def index_page(site: c.SiteContext) -> str:
    rows = "".join(f'<div class="views-row"><h2><a href="{c.esc(c.path_of(x.url))}">{c.esc(x.title)}</a></h2>'
                   f'<div class="field--name-field-lead">{c.esc(x.lead)}</div></div>' for x in site.articles)
    return _layout(site, site.outlet.name, "", f'<div class="view view-frontpage">{rows}</div>')
