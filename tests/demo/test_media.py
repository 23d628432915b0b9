"""Images are real, distinct pictures; every proxy and placeholder URL on the pages resolves."""

from __future__ import annotations

import hashlib
import io
import re
from html import unescape
from urllib.parse import parse_qsl, urljoin, urlsplit

import httpx
from PIL import Image

from svodka.demo import SampleWeb

from .conftest import decoded


def open_image(data: bytes) -> Image.Image:
    Image.open(io.BytesIO(data)).verify()  # raises on a truncated or bogus file
    return Image.open(io.BytesIO(data))


def test_every_original_image_is_a_distinct_valid_picture(web: SampleWeb, http: httpx.Client) -> None:
    digests = set()
    for a in web.articles:
        for url in a.image_urls:
            resp = http.get(url)
            assert resp.status_code == 200, url
            img = open_image(resp.content)
            expected = "PNG" if url.endswith(".png") else "JPEG"
            assert img.format == expected and resp.headers["content-type"] == f"image/{expected.lower()}"
            assert img.size == (640, 360) and 500 < len(resp.content) < 60_000
            digests.add(hashlib.sha256(resp.content).hexdigest())
    assert len(digests) == sum(len(a.image_urls) for a in web.articles)


def _proxy_urls(html: str) -> set[str]:
    found = set()
    for attr in re.findall(r'(?:src|srcset|srcSet|data-src|data-srcset|data-lazy-srcset)="([^"]+)"', html):
        # srcset candidates are separated by a comma and whitespace; URLs may contain commas.
        for candidate in re.split(r",\s+", unescape(attr)):
            url = candidate.strip().split(" ")[0]
            if "/_next/image?" in url or "/cdn-cgi/image/" in url or "resize=" in url or "itok=" in url:
                found.add(url)
    return found


def test_proxy_and_derivative_urls_resolve_to_resized_originals(web: SampleWeb, http: httpx.Client) -> None:
    kinds, widths = set(), set()
    for a in web.articles[:16]:
        page = decoded(http.get(a.url))
        for url in _proxy_urls(page):
            absolute = urljoin(a.url, url)
            resp = http.get(absolute)
            assert resp.status_code == 200, absolute
            img = open_image(resp.content)
            query = dict(parse_qsl(urlsplit(url).query))
            width = query.get("w") or (query.get("resize", "").split(",")[0]) or \
                (re.search(r"width=(\d+)", url) or [None, None])[1]
            if width:  # resized to the asked width, never above the original's 640
                assert img.size[0] == min(int(width), 640), url
                widths.add(img.size[0])
            if "/_next/image?" in url:  # the proxied original is one of the article's images
                assert urljoin(a.url, query["url"]) in a.image_urls
                kinds.add("next")
            elif "/cdn-cgi/image/" in url:
                original = re.sub(r"/cdn-cgi/image/[^/]+", "", urlsplit(absolute).path)
                assert urljoin(a.url, original) in a.image_urls
                kinds.add("cdn")
            else:
                kinds.add("resize")
    assert kinds == {"next", "cdn", "resize"}
    assert 640 in widths and len(widths) >= 3


def test_placeholders_are_tiny_gifs(web: SampleWeb, http: httpx.Client) -> None:
    base = web.outlets[0].base_url
    pixel = open_image(http.get(base + "static/1x1.gif").content)
    assert pixel.format == "GIF" and pixel.size == (1, 1)
    loader = open_image(http.get(base + "static/loader.gif").content)
    assert loader.format == "GIF" and loader.size == (32, 32)


def test_unknown_images_are_404(web: SampleWeb, http: httpx.Client) -> None:
    harbour = next(o for o in web.outlets if o.slug == "harbour-post")
    assert http.get(harbour.base_url + "_next/image?url=%2Fnope.jpg&w=640").status_code == 404
    assert http.get(harbour.base_url + "images/nope.jpg").status_code == 404
