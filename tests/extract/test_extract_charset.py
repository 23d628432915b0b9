"""decode_html: HTTP header, BOM, <meta>, detection, and mislabelled pages."""

from __future__ import annotations

import codecs

import pytest

from svodka.charset import decode_html
from svodka.extract import extract

RU = "<p>Правительство утвердило новый порядок выплат пенсионерам и семьям с детьми.</p>"
UK = "<p>Уряд затвердив новий порядок виплат пенсіонерам і сім'ям з дітьми, ґрунтуючись на ініціативі.</p>"


def doc(body: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body>{body}</body></html>"


@pytest.mark.parametrize("encoding", ["windows-1251", "koi8-r", "utf-8"])
def test_meta_charset(encoding: str) -> None:
    html = doc(RU, f'<meta charset="{encoding}">')
    assert decode_html(html.encode(encoding)) == html


def test_http_header_wins_over_nothing_and_bom_wins_over_header() -> None:
    html = doc(UK)
    assert decode_html(html.encode("koi8-u"), "text/html; charset=KOI8-U") == html
    assert decode_html(codecs.BOM_UTF8 + html.encode("utf-8"), "text/html; charset=koi8-r") == html
    assert decode_html(codecs.BOM_UTF16_LE + html.encode("utf-16-le")) == html


@pytest.mark.parametrize("encoding", ["windows-1251", "koi8-r"])
def test_detection_without_any_declaration(encoding: str) -> None:
    html = doc(RU * 3)
    assert decode_html(html.encode(encoding)) == html


def test_utf8_labelled_as_windows_1251() -> None:
    html = doc(RU, '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">')
    assert decode_html(html.encode("utf-8")) == html


def test_koi8r_labelled_as_windows_1251_is_recovered() -> None:
    html = doc(RU * 3, '<meta charset="windows-1251">')
    assert decode_html(html.encode("koi8-r")) == html


def test_broken_bytes_do_not_raise() -> None:
    body = doc(RU).encode("utf-8")
    cut = body.index(b"<p>")
    broken = body[:cut] + b"\xff\xfe\xc3" + body[cut:] + b"\xe2\x82"
    text = decode_html(broken, "text/html; charset=utf-8")
    assert "Правительство" in text
    assert decode_html(b"") == ""
    assert decode_html(b"\x00\x01\x02 plain") is not None


def test_extract_takes_bytes_in_any_charset() -> None:
    body = (f"<html><head><meta charset='windows-1251'></head><body><article>{RU}{RU}"
            f"</article></body></html>").encode("windows-1251")
    assert "Правительство утвердило" in extract(body).text
