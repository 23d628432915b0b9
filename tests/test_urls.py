"""svodka.urls: one canonical URL per article."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svodka.urls import canonicalize, outlet, registered_domain


@pytest.mark.parametrize(("url", "canonical"), [
    ("HTTPS://WWW.Pravda.com.UA/news/2026/11/25/1/", "https://www.pravda.com.ua/news/2026/11/25/1/"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("https://example.com:8443/a", "https://example.com:8443/a"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com./a", "https://example.com/a"),
    ("https://example.com/a#comments", "https://example.com/a"),
    ("https://example.com/a/../b/./c", "https://example.com/b/c"),
    ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
    ("https://example.com/a?utm_source=tg&utm_medium=social&UTM_Campaign=x&id=5",
     "https://example.com/a?id=5"),
    ("https://example.com/a?fbclid=IwAR0&gclid=1&yclid=2&ysclid=3&id=5&_openstat=x",
     "https://example.com/a?id=5"),
    ("https://example.com/a?utm_source=x", "https://example.com/a"),
    ("https://example.com/%7Euser/%d0%bd%d0%be%d0%b2", "https://example.com/~user/%D0%BD%D0%BE%D0%B2"),
    ("https://пример.рф/новости", "https://xn--e1afmkfd.xn--p1ai/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8"),
    ("https://example.com/?q=%EF%F0%E8", "https://example.com/?q=%EF%F0%E8"),  # cp1251 kept
    ("http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"),
    ("  https://example.com/a  ", "https://example.com/a"),
    ("//cdn.example.com/x.jpg", "http://cdn.example.com/x.jpg"),
])
def test_canonical_forms(url: str, canonical: str) -> None:
    assert canonicalize(url) == canonical


@pytest.mark.parametrize("url", ["/relative/path", "mailto:desk@example.com", "javascript:void(0)"])
def test_non_http_urls_are_left_alone(url: str) -> None:
    assert canonicalize(url) == url


def test_variants_of_one_article_meet() -> None:
    variants = [
        "https://www.example.com/news/1?utm_source=facebook&utm_medium=post#top",
        "HTTPS://www.EXAMPLE.com:443/news/1?fbclid=abc",
        "https://www.example.com/news/./1",
        "https://www.example.com/news/1#comments",
    ]
    assert {canonicalize(v) for v in variants} == {"https://www.example.com/news/1"}
    assert canonicalize("https://www.example.com/news/2") != canonicalize(variants[0])


_segment = st.text(alphabet="abcxyzАБВабв019-_.~ %&=", min_size=0, max_size=8)


@given(st.sampled_from(["http", "https", "HTTP"]), st.sampled_from(["Ex.com", "news.test", "ua.укр"]),
       st.lists(_segment, max_size=4),
       st.lists(st.tuples(st.sampled_from(["id", "utm_source", "p", "fbclid", "Тема"]), _segment),
                max_size=4),
       _segment)
def test_canonicalize_is_idempotent(scheme, host, path, query, fragment) -> None:
    url = f"{scheme}://{host}/{'/'.join(path)}?{'&'.join(f'{k}={v}' for k, v in query)}#{fragment}"
    once = canonicalize(url)
    assert canonicalize(once) == once
    assert "#" not in once and "utm_source" not in once and "fbclid" not in once
    assert once.startswith(scheme.lower() + "://")


def test_registered_domain_offline() -> None:
    assert registered_domain("https://news.bbc.co.uk/x") == "bbc.co.uk"
    assert registered_domain("www.pravda.com.ua") == "pravda.com.ua"
    assert registered_domain("https://lenta.ru:443/news") == "lenta.ru"
    assert registered_domain("127.0.0.1:8000") == "127.0.0.1"
    assert registered_domain("http://localhost/") == "localhost"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://t.me/rian_ru/123456", "t.me/rian_ru"),
    ("https://t.me/s/rian_ru/123456", "t.me/rian_ru"),  # the web preview
    ("https://vk.com/wall-15755094_98765", "vk.com/wall-15755094"),
    ("https://m.vk.com/ria?w=wall-1_2", "vk.com/ria"),
    ("https://mobile.twitter.com/@Ukrinform/status/1", "twitter.com/ukrinform"),
    ("https://www.youtube.com/@dwrussian/videos", "youtube.com/dwrussian"),
    ("https://www.youtube.com/channel/UCabc", "youtube.com/ucabc"),
    ("https://zen.yandex.ru/media/id/5e1/abc", "zen.yandex.ru/5e1"),
    ("https://zen.yandex.ru/media/rbc/slug-1", "zen.yandex.ru/rbc"),
    ("https://varlamov.livejournal.com/4000.html", "varlamov.livejournal.com"),
    ("https://www.youtube.com/watch?v=x", None),  # a video's address, not its channel's
    ("https://dzen.ru/a/ZX1", None),
    ("https://t.me/", None),
    ("https://news.google.com/articles/CBMi", None),  # an aggregator: whose report is unknown
    ("https://www.msn.com/ru-ru/news/other/1", None),
])
def test_on_a_platform_of_many_publishers_the_outlet_is_the_publisher(url, expected):
    assert outlet(url) == expected
    assert outlet("https://t.me/rian_ru/1") != outlet("https://t.me/ukrinform/2")


def test_an_outlet_is_its_registered_domain_or_a_test_server_host_and_port():
    assert outlet("https://m.zn.ua/ukr/news/1.html") == outlet("https://zn.ua/rus/news/2.html")
    assert outlet("https://news.bbc.co.uk/a") == "bbc.co.uk"
    # The demo and the tests serve each outlet on its own port of one address.
    assert outlet("http://127.0.0.1:4001/a") != outlet("http://127.0.0.1:4002/a")
    assert outlet(None) is None and outlet("http://x:99999/") is None
