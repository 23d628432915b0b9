"""A 1C-Bitrix-like site: table layout and div soup, ``news-detail`` with the body as text
separated by ``<br />`` pairs, ``lazyload`` images over a 1x1 GIF, ``?ID=`` article URLs."""

from __future__ import annotations

from svodka.demo.model import SampleArticle
from svodka.demo.styles import common as c


def _img(a: SampleArticle, i: int, cls: str) -> str:
    return (f'<img class="{cls} lazyload" border="0" src="{c.PIXEL_PATH}" '
            f'data-src="{c.path_of(a.image_urls[i])}" width="600" height="338" '
            f'alt="{c.esc(c.caption(a, i))}" title="{c.esc(c.caption(a, i))}" />')


def _layout(site: c.SiteContext, title: str, head: str, main: str) -> str:
    menu = "".join(f'<td class="menu-item">{x}</td>' for x in c.menu_links(site, "|").split("|"))
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="{site.lang}" lang="{site.lang}"><head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<title>{c.esc(title)}</title>{head}{c.feed_link(site)}
<link href="/bitrix/templates/main/styles.css?17000" type="text/css" rel="stylesheet" />
<script type="text/javascript">var BX = {{"message": {{"LANGUAGE_ID": "{site.lang}"}}}};</script>
</head><body><div id="panel"></div>
<div class="cookie-warning" id="cookie-warning">{c.esc(site.p('cookie'))} <span class="btn">{c.esc(site.p('cookie_ok'))}</span></div>
<table class="main-table" width="100%" cellpadding="0" cellspacing="0"><tr><td class="header" colspan="3">
<div class="logo"><a href="/"><img src="/bitrix/templates/main/images/logo.png" alt="{c.esc(site.outlet.name)}" /></a><span>{c.esc(site.outlet.name)}</span></div>
<div class="header-widgets"><div class="currency">{c.esc(site.p('currency'))}</div><div class="weather">{c.esc(site.p('weather'))}</div></div>
</td></tr><tr><td colspan="3"><table class="top-menu"><tr>{menu}</tr></table></td></tr>
<tr><td class="left-column" valign="top" width="200"><div class="left-block"><div class="banner">{c.esc(site.p('ad'))}<br /><a href="/bitrix/rk.php?id=17"><img src="/upload/rk/banner.gif" width="200" height="300" alt="" /></a></div></div></td>
<td class="workarea" valign="top">{main}</td>
<td class="right-column" valign="top" width="240"><div class="popular"><div class="title">{c.esc(site.p('most_read'))}</div><ul>{c.article_list(site.others(None, 5))}</ul></div>
<div class="subscribe"><a href="https://t.me/">{c.esc(site.p('promo'))}</a></div></td></tr>
<tr><td class="footer" colspan="3"><div class="copy">&copy; {c.esc(site.outlet.name)}. {c.esc(site.p('rights'))}</div><div>{c.esc(site.p('fiction'))}</div>
<div class="counters"><img src="{c.PIXEL_PATH}" width="1" height="1" alt="" /></div></td></tr></table>
<script src="/local/templates/main/js/lazysizes.min.js" async></script></body></html>"""


def article_page(a: SampleArticle, site: c.SiteContext) -> str:
    parts = {
        "p": lambda i: c.inline(a.paragraphs[i], i, site.spec.section_path),
        "img": lambda i: (f'<div class="detail-inline-picture">{_img(a, i, "inline-picture")}'
                          f'<div class="img-title">{c.esc(c.caption(a, i))}</div></div>'),
        "ad": lambda i: f'<div class="banner-inline"><!--noindex-->{c.esc(site.p("ad"))}<!--/noindex--></div>',
        "promo": lambda i: f'<div class="tg-link"><a href="https://t.me/" target="_blank">{c.esc(site.p("promo"))}</a></div>',
        "earlier": lambda i: (f'<div class="news-earlier"><b>{c.esc(site.p("earlier"))}</b>'
                              f'<ul>{c.earlier_items(a, site)}</ul></div>'),
    }
    d = site.local(a)
    body = c.render_body(a, parts, earlier_mid=True, sep="<br />\n<br />\n")
    hero = ""
    if a.image_urls:
        hero = f'{_img(a, 0, "detail_picture")}<div class="img-title">{c.esc(c.caption(a, 0))}</div>'
    main = f"""<div class="breadcrumbs"><a href="/" title="{c.esc(site.p('home'))}">{c.esc(site.p('home'))}</a> / <a href="{site.spec.section_path}">{c.esc(a.section)}</a> / <span>{c.esc(a.title)}</span></div>
<div class="news-detail">
<span class="news-date-time">{d:%d.%m.%Y %H:%M}</span>
<h3>{c.esc(a.title)}</h3>
{hero}
<div class="news-preview"><b>{c.esc(a.lead)}</b></div>
{body}
<div style="clear:both"></div><br />
<div class="news-author">{c.esc(site.p('by'))} {c.esc(", ".join(a.authors))}</div>
<div class="news-tags">{c.esc(site.p('tags'))} {", ".join(f'<a href="/search/?tags={c.esc(t)}">{c.esc(t)}</a>' for t in a.tags)}</div>
<div class="share"><span>{c.esc(site.p('share'))}:</span> <a class="vk" href="#">VK</a> <a class="tg" href="#">Telegram</a> <a class="wa" href="#">WhatsApp</a></div>
<a href="?print=Y" rel="nofollow">{c.esc(site.p('print'))}</a>
</div>
<div class="reviews"><div class="reviews-title">{c.esc(site.p('comments'))}</div><table class="forum-post-table"><tr><td>{c.esc(site.p('comment_a'))}</td></tr><tr><td>{c.esc(site.p('comment_b'))}</td></tr></table></div>"""
    return _layout(site, a.title, c.head_meta(a, site) + c.json_ld(a, site), main)


def index_page(site: c.SiteContext) -> str:
    items = "".join(
        f'<p class="news-item"><span class="news-date-time">{site.local(x):%d.%m.%Y}</span> '
        f'<a href="{c.esc(c.path_of(x.url))}"><b>{c.esc(x.title)}</b></a><br />{c.esc(x.lead)}</p>'
        for x in site.articles)
    return _layout(site, site.outlet.name, "", f'<div class="news-list">{items}</div>')
