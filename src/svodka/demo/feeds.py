"""Feed renderers: RSS 2.0, Atom, JSON Feed 1.1 and a Google News sitemap.

Pure functions of the site context. Links carry the outlet's tracking suffix (a
canonicaliser must drop it); dates are in the outlet's own UTC offset.
"""

from __future__ import annotations

import json
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from svodka.demo.model import SampleArticle
from svodka.demo.styles.common import SiteContext


def feed_link(site: SiteContext, a: SampleArticle) -> str:
    suffix = site.spec.feed_link_suffix
    if not suffix:
        return a.url
    return a.url + ("&" if "?" in a.url else "?") + suffix.lstrip("?&")


def _mime(url: str) -> str:
    return "image/png" if url.endswith(".png") else "image/jpeg"


def rss(site: SiteContext) -> str:
    items = []
    for a in site.articles:
        link = feed_link(site, a)
        cats = "".join(f"<category>{escape(t)}</category>" for t in a.tags)
        media = ""
        if a.image_urls:
            img = a.image_urls[0]
            media = (f"<enclosure url={quoteattr(img)} length=\"0\" type=\"{_mime(img)}\"/>"
                     f"<media:content url={quoteattr(img)} medium=\"image\"/>")
        items.append(
            f"<item><title>{escape(a.title)}</title><link>{escape(link)}</link>"
            f"<guid isPermaLink=\"false\">{site.outlet.slug}-{a.number}</guid>"
            f"<pubDate>{format_datetime(site.local(a))}</pubDate>"
            f"<dc:creator>{escape(', '.join(a.authors))}</dc:creator>{cats}"
            f"<description>{escape(a.lead)}</description>{media}</item>")
    newest = format_datetime(site.local(site.articles[0])) if site.articles else ""
    return (f'<?xml version="1.0" encoding="{site.spec.encoding}"?>\n'
            '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:media="http://search.yahoo.com/mrss/" '
            'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">'
            f"<channel><title>{escape(site.outlet.name)}</title>"
            f"<link>{escape(site.outlet.base_url)}</link>"
            f"<description>{escape(site.spec.tagline or site.outlet.name)}</description>"
            f"<language>{site.lang}</language><lastBuildDate>{newest}</lastBuildDate>"
            "<ttl>15</ttl><sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>4"
            "</sy:updateFrequency>" + "\n".join(items) + "</channel></rss>\n")


def atom(site: SiteContext) -> str:
    entries = []
    for a in site.articles:
        stamp = site.local(a).isoformat()
        img = (f'<link rel="enclosure" type="{_mime(a.image_urls[0])}" '
               f"href={quoteattr(a.image_urls[0])}/>" if a.image_urls else "")
        cats = "".join(f"<category term={quoteattr(t)}/>" for t in a.tags)
        authors = "".join(f"<author><name>{escape(n)}</name></author>" for n in a.authors)
        entries.append(
            f"<entry><title>{escape(a.title)}</title>"
            f'<link rel="alternate" type="text/html" href={quoteattr(feed_link(site, a))}/>'
            f"<id>tag:{site.outlet.slug},2026:{a.number}</id><published>{stamp}</published>"
            f"<updated>{stamp}</updated>{authors}{cats}"
            f'<summary type="text">{escape(a.lead)}</summary>{img}</entry>')
    updated = site.local(site.articles[0]).isoformat() if site.articles else ""
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{site.lang}">'
            f"<title>{escape(site.outlet.name)}</title>"
            f'<link rel="alternate" href={quoteattr(site.outlet.base_url)}/>'
            f'<link rel="self" href={quoteattr(site.outlet.feed_url)}/>'
            f"<id>{escape(site.outlet.base_url)}</id><updated>{updated}</updated>"
            + "\n".join(entries) + "</feed>\n")


def json_feed(site: SiteContext) -> str:
    items = [{
        "id": f"{site.outlet.slug}-{a.number}",
        "url": feed_link(site, a),
        "title": a.title,
        "summary": a.lead,
        "content_text": "\n\n".join([a.lead, *a.paragraphs[:1]]),
        "image": a.image_urls[0] if a.image_urls else None,
        "date_published": site.local(a).isoformat(),
        "authors": [{"name": n} for n in a.authors],
        "tags": a.tags,
        "language": a.language,
    } for a in site.articles]
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1",
        "title": site.outlet.name,
        "home_page_url": site.outlet.base_url,
        "feed_url": site.outlet.feed_url,
        "language": site.lang,
        "items": items,
    }, ensure_ascii=False, indent=1)


def news_sitemap(site: SiteContext) -> str:
    urls = []
    for a in site.articles:
        image = "".join(f"<image:image><image:loc>{escape(u)}</image:loc></image:image>"
                        for u in a.image_urls[:1])
        urls.append(
            f"<url><loc>{escape(feed_link(site, a))}</loc><news:news><news:publication>"
            f"<news:name>{escape(site.outlet.name)}</news:name>"
            f"<news:language>{site.lang}</news:language></news:publication>"
            f"<news:publication_date>{site.local(a).isoformat()}</news:publication_date>"
            f"<news:title>{escape(a.title)}</news:title>"
            f"<news:keywords>{escape(', '.join(a.tags))}</news:keywords></news:news>"
            f"{image}<lastmod>{site.local(a).isoformat()}</lastmod></url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
            'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
            + "\n".join(urls) + "</urlset>\n")


RENDERERS = {"rss": rss, "atom": atom, "jsonfeed": json_feed, "news-sitemap": news_sitemap}
CONTENT_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "jsonfeed": "application/feed+json",
    "news-sitemap": "application/xml",
}
