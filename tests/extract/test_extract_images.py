"""Images: proxies and resizers unwrapped, lazy sources resolved, placeholders dropped, roles."""

from __future__ import annotations

import pytest

from svodka.extract import extract
from svodka.extract.images import best_from_srcset, resolve, unwrap

ORIGIN = "https://cdn.example/photos/2024/05/origin.jpg"


@pytest.mark.parametrize("wrapped, original", [
    ("https://site.example/_next/image?url=https%3A%2F%2Fcdn.example%2Fphotos%2F2024%2F05%2Forigin.jpg&w=640&q=75", ORIGIN),
    ("https://img.example/proxy?src=https%3A%2F%2Fcdn.example%2Fphotos%2F2024%2F05%2Forigin.jpg", ORIGIN),
    ("https://cdn.example/cdn-cgi/image/width=800,quality=75/photos/2024/05/origin.jpg", ORIGIN),
    ("https://thumbs.example/unsafe/800x450/smart/cdn.example/photos/2024/05/origin.jpg", ORIGIN),
    ("https://cdn.example/resize/800x450/photos/2024/05/origin.jpg", ORIGIN),
    ("https://cdn.example/photos/2024/05/origin-1024x576.jpg", ORIGIN),
    ("https://i0.wp.com/cdn.example/photos/2024/05/origin-300x200.jpg?resize=300%2C200", ORIGIN),
    ("https://cdn.example/upload/resize_cache/iblock/5a1/600_400_1/a.jpg",
     "https://cdn.example/upload/iblock/5a1/a.jpg"),
    ("https://res.cloudinary.com/x/image/upload/w_800,h_450,c_fill/v17/news/a.jpg",
     "https://res.cloudinary.com/x/image/upload/v17/news/a.jpg"),
    (ORIGIN, ORIGIN),
    ("https://cdn.example/a.jpg?v=3", "https://cdn.example/a.jpg?v=3"),
    ("https://cdn.example/a.jpg?width=1080&quality=50", "https://cdn.example/a.jpg"),
    ("https://cdn.example/a.jpg?w=800&v=2&fit=crop", "https://cdn.example/a.jpg?v=2"),
])
def test_unwrap(wrapped: str, original: str) -> None:
    assert unwrap(wrapped) == original


def test_srcset_picks_the_widest() -> None:
    assert best_from_srcset("a.jpg 320w, b.jpg 1280w, c.jpg 640w") == "b.jpg"
    assert best_from_srcset("x,1.jpg 1x, y,2.jpg 2x") == "y,2.jpg"


@pytest.mark.parametrize("attrs", [
    {"src": "data:image/gif;base64,R0lGODlhAQABAAAAACw="},
    {"src": "/static/loader.svg"},
    {"src": "/img/spacer.gif"},
    {"src": "/i/pixel.png", "width": "1", "height": "1"},
    {"src": "https://x.example/a.jpg", "width": "1", "height": "1"},
    {"src": "/images/ajax-loader.gif"},
    {"src": "/images/arrow_right.gif"},
])
def test_placeholders_are_dropped(attrs: dict) -> None:
    assert resolve(attrs, None, "https://x.example/news/1")[0] is None


@pytest.mark.parametrize("attrs, url", [
    ({"src": "data:image/gif;base64,R0lG", "data-src": "/a/real.jpg"}, "https://x.example/a/real.jpg"),
    ({"src": "/blank.gif", "data-lazy-src": "/a/real.jpg"}, "https://x.example/a/real.jpg"),
    ({"data-srcset": "/a/s.jpg 300w, /a/l.jpg 1200w"}, "https://x.example/a/l.jpg"),
    ({"src": "/a/small.jpg", "srcset": "/a/big.jpg 2x"}, "https://x.example/a/small.jpg"),
    ({"src": "//cdn.example/a.png"}, "https://cdn.example/a.png"),
])
def test_lazy_sources(attrs: dict, url: str) -> None:
    assert resolve(attrs, None, "https://x.example/news/1")[0] == url


def test_thumbnail_linking_to_its_original() -> None:
    got = resolve({"src": "/thumbs/a_200.jpg"}, {"href": "/photos/a.jpg"}, "https://x.example/n")
    assert got[0] == "https://x.example/photos/a.jpg"
    got = resolve({"src": "/thumbs/a_200.jpg"}, {"href": "/news/other"}, "https://x.example/n")
    assert got[0] == "https://x.example/thumbs/a_200.jpg"


def test_roles_captions_noscript_and_ads() -> None:
    text = "Жители города вышли на субботник и убрали парк, сообщает пресс-служба мэрии. " * 2
    html = f"""<html><head><meta property="og:image" content="https://x.example/i/hero.jpg">
    </head><body><article><h1>Субботник в парке</h1>
    <figure><img src="/i/hero-800x450.jpg" alt="Парк"><figcaption>Парк утром. Фото: мэрия</figcaption></figure>
    <div class="article-body"><p>{text}</p>
    <p>{text}<img src="/i/inline.jpg" alt="Грабли"> {text}</p>
    <div class="lazy"><img class="lazyload" src="data:image/gif;base64,R0lGODlh" alt="loader">
    <noscript><img src="/i/lazy.jpg" alt="loader"></noscript></div>
    <p>{text}</p>
    <div class="gallery"><img src="/i/g1.jpg"><img src="/i/g2.jpg"></div>
    </div><div class="banner-ad"><img src="/ads/banner.jpg" alt="Реклама"></div></article>
    </body></html>"""
    art = extract(html, url="https://x.example/news/1")
    got = [(i.url.rsplit("/", 1)[-1], i.role) for i in art.images]
    assert got == [("hero.jpg", "hero"), ("inline.jpg", "inline"), ("lazy.jpg", "inline"),
                   ("g1.jpg", "gallery"), ("g2.jpg", "gallery")]
    assert art.images[0].caption == "Парк утром. Фото: мэрия"
    assert art.images[2].alt is None  # "loader" is a placeholder's alt, not a description
    assert "Парк утром" not in art.text


def test_teaser_thumbnails_and_resized_duplicates_are_not_article_images() -> None:
    text = "Учёные описали новый вид жуков, найденный в заповеднике прошлым летом. " * 3
    html = f"""<html><body><article><h1>Новый вид жуков</h1>
    <img src="/i/beetle.jpg?width=1200&quality=80" alt="Жук">
    <div class="text"><p>{text}</p><p>{text}</p>
    <img src="/i/beetle.jpg?width=600" alt="Жук крупно"><p>{text}</p>
    <div class="more"><a href="/news/other"><img src="/i/t1.jpg" width="100" height="75"></a>
    <a href="/news/other">Другая новость</a></div></div></article></body></html>"""
    art = extract(html, url="https://x.example/news/1")
    assert [i.url for i in art.images] == ["https://x.example/i/beetle.jpg"]
