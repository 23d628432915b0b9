"""An early-2000s site: upper-case table markup, ``<font>``, the charset only in the HTTP
header and a ``<meta http-equiv>`` (served in the outlet's legacy encoding), jQuery
lazyload images (``data-original`` over an ``alt="loader"`` spinner)."""

from __future__ import annotations

from svodka.demo.model import SampleArticle
from svodka.demo.styles import common as c


def _img(a: SampleArticle, i: int) -> str:
    src = c.path_of(a.image_urls[i])
    return (f'<IMG class="lazy" SRC="{c.LOADER_PATH}" alt="loader" data-original="{src}" '
            f'WIDTH=400 HSPACE=8 VSPACE=4 ALIGN=left BORDER=0>'
            f'<noscript><IMG SRC="{src}" WIDTH=400 ALT="{c.esc(c.caption(a, i))}"></noscript>'
            f'<BR><FONT SIZE=1 COLOR="#666666">{c.esc(c.caption(a, i))}</FONT>')


def _layout(site: c.SiteContext, title: str, head: str, main: str) -> str:
    menu = c.menu_links(site, " | ")
    return f"""<HTML><HEAD>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset={site.spec.encoding}">
<TITLE>{c.esc(title)}</TITLE>{head}{c.feed_link(site)}
<SCRIPT LANGUAGE="JavaScript" SRC="/js/jquery.lazyload.js"></SCRIPT></HEAD>
<BODY BGCOLOR="#FFFFFF" TOPMARGIN=0 LEFTMARGIN=0>
<div id="cookie-note" style="position:fixed;bottom:0">{c.esc(site.p('cookie'))} <a href="#" onclick="hideCookie()">{c.esc(site.p('cookie_ok'))}</a></div>
<TABLE WIDTH="100%" CELLPADDING=0 CELLSPACING=0 BORDER=0><TR><TD BGCOLOR="#003366" HEIGHT=60><FONT FACE="Georgia" SIZE=6 COLOR="#FFFFFF"><B>{c.esc(site.outlet.name)}</B></FONT><BR><FONT SIZE=1 COLOR="#CCCCCC">{c.esc(site.spec.tagline)}</FONT></TD>
<TD BGCOLOR="#003366" ALIGN=right><FONT SIZE=1 COLOR="#FFFFFF">{c.esc(site.p('currency'))}<BR>{c.esc(site.p('weather'))}</FONT></TD></TR>
<TR><TD COLSPAN=2 BGCOLOR="#EEEEEE"><FONT FACE="Arial" SIZE=2>{menu}</FONT></TD></TR></TABLE>
<TABLE WIDTH="100%" CELLPADDING=6 CELLSPACING=0 BORDER=0><TR>
<TD WIDTH="70%" VALIGN=top>{main}</TD>
<TD WIDTH="30%" VALIGN=top BGCOLOR="#F5F5F5"><FONT FACE="Arial" SIZE=2><B>{c.esc(site.p('most_read'))}</B><UL>{c.article_list(site.others(None, 5))}</UL>
<CENTER><FONT SIZE=1>{c.esc(site.p('ad'))}</FONT><BR><A HREF="/banners/click.php?id=3"><IMG SRC="{c.PIXEL_PATH}" WIDTH=240 HEIGHT=400 BORDER=0 ALT=""></A></CENTER></FONT></TD></TR></TABLE>
<HR SIZE=1 NOSHADE><CENTER><FONT FACE="Arial" SIZE=1>&copy; {c.esc(site.outlet.name)}. {c.esc(site.p('rights'))}<BR>{c.esc(site.p('fiction'))}</FONT></CENTER>
<SCRIPT>$("img.lazy").lazyload();</SCRIPT></BODY></HTML>"""


def article_page(a: SampleArticle, site: c.SiteContext) -> str:
    parts = {
        "p": lambda i: f'<P ALIGN="justify">{c.inline(a.paragraphs[i], i, site.spec.section_path)}</P>',
        "img": lambda i: f'<P>{_img(a, i)}</P><BR CLEAR=all>',
        "ad": lambda i: f'<CENTER><FONT SIZE=1>{c.esc(site.p("ad"))}</FONT></CENTER>',
        "promo": lambda i: f'<P><B><A HREF="https://t.me/">{c.esc(site.p("promo"))}</A></B></P>',
        "readalso": lambda i: f'<P><I>{c.esc(site.p("read_also"))}</I> {c.article_list(site.others(a, 1), "span")}</P>',
        "earlier": lambda i: f'<P><B>{c.esc(site.p("earlier"))}</B></P><UL>{c.earlier_items(a, site)}</UL>',
    }
    d = site.local(a)
    hero = f"<P>{_img(a, 0)}</P>" if a.image_urls else ""
    main = f"""<FONT FACE="Arial" SIZE=2><A HREF="/">{c.esc(site.p('home'))}</A> &raquo; <A HREF="{site.spec.section_path}">{c.esc(a.section)}</A></FONT>
<H1><FONT FACE="Georgia" SIZE=5>{c.esc(a.title)}</FONT></H1>
<FONT SIZE=1 COLOR="#999999">{d:%d.%m.%Y %H:%M} | {c.esc(", ".join(a.authors))}</FONT>
<FONT FACE="Arial" SIZE=2>{hero}<P><B>{c.esc(a.lead)}</B></P>
{c.render_body(a, parts)}
<BR CLEAR=all><P><FONT SIZE=1>{c.esc(site.p('tags'))} {c.esc(", ".join(a.tags))}</FONT></P>
<P><A HREF="javascript:window.print()">{c.esc(site.p('print'))}</A> | <A HREF="mailto:?subject={c.esc(a.slug)}">E-mail</A></P></FONT>
<TABLE WIDTH="100%" BGCOLOR="#FAFAFA"><TR><TD><FONT SIZE=2><B>{c.esc(site.p('comments'))}</B><BR>{c.esc(site.p('comment_a'))}<BR>{c.esc(site.p('comment_b'))}</FONT></TD></TR></TABLE>"""
    return _layout(site, f"{site.outlet.name} :: {a.title}", c.head_meta(a, site), main)


def index_page(site: c.SiteContext) -> str:
    rows = "".join(f'<TR><TD><FONT SIZE=1>{site.local(x):%d.%m %H:%M}</FONT></TD><TD><A HREF="'
                   f'{c.esc(c.path_of(x.url))}"><B>{c.esc(x.title)}</B></A></TD></TR>'
                   for x in site.articles)
    return _layout(site, site.outlet.name, "", f'<TABLE WIDTH="100%">{rows}</TABLE>')
