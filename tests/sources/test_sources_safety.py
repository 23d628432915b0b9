"""Hostile XML: billion laughs, XXE, bombs and huge feeds are refused or read in bounded time."""

from __future__ import annotations

import gzip
import time
import tracemalloc

import pytest
from sources_helpers import read

from svodka.sources import SourceError, UnsafeXMLError, read_opml
from svodka.sources.feeds import MAX_FEED_BYTES
from svodka.sources.safexml import gunzip_bounded, scan_prolog

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>https://evil.example/1</link></item></channel></rss>"""


def _xxe(secret_path: str, root: str = "rss") -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE {root} [ <!ENTITY xxe SYSTEM "file://{secret_path}"> ]>
<rss version="2.0"><channel><title>&xxe;</title>
<item><title>&xxe;</title><link>https://evil.example/a</link><description>&xxe;</description></item>
</channel></rss>""".encode()


def test_billion_laughs_is_refused_fast_without_memory_growth():
    tracemalloc.start()
    start = time.process_time()  # CPU time: unaffected by what else the machine runs
    try:
        with pytest.raises(UnsafeXMLError, match="entity"):
            read(BILLION_LAUGHS, "https://evil.example/rss", content_type="application/rss+xml")
        elapsed = time.process_time() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 2  # expanding it would take minutes
    assert peak < 2 * 1024 * 1024  # expanded, &lol9; alone would be 3 GB


@pytest.mark.parametrize("kind", ["sitemap", "feed", "auto"])
def test_billion_laughs_sitemap_is_refused(kind):
    body = BILLION_LAUGHS.replace(b"<rss version=\"2.0\"><channel><title>&lol9;</title>",
                                  b"<urlset><url><loc>&lol9;</loc></url>").replace(
        b"</channel></rss>", b"</urlset>")
    with pytest.raises(UnsafeXMLError):
        read(body, "https://evil.example/sitemap.xml", kind=kind)


def test_xxe_file_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN")
    with pytest.raises(UnsafeXMLError) as info:
        read(_xxe(str(secret)), "https://evil.example/rss")
    assert "TOP-SECRET-TOKEN" not in str(info.value)


def test_xxe_with_parameter_entity_and_utf16_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN")
    param = f"""<?xml version="1.0" encoding="UTF-16"?>
<!DOCTYPE rss [ <!-- a comment first --> <!ENTITY % remote SYSTEM "file://{secret}"> %remote; ]>
<rss version="2.0"><channel><title>x</title></channel></rss>"""
    with pytest.raises(UnsafeXMLError):
        read(param.encode("utf-16"), "https://evil.example/rss")


def test_xxe_in_opml_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN")
    opml = f"""<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file://{secret}">]>
<opml version="2.0"><body><outline text="&x;" xmlUrl="https://a.example/rss"/></body></opml>"""
    with pytest.raises(SourceError):
        read_opml(opml.encode())


@pytest.mark.parametrize("doctype", [
    "<!DOCTYPE rss [ <?pi ' ?> <!ENTITY a 'b'> ]>",  # a quote inside a processing instruction
    "<!DOCTYPE rss [ <!-- ] --> <!ENTITY a 'b'> ]>",  # a bracket inside a comment
    "<!doctype rss [ <!entity a 'b'> ]>",  # lower case
    "<!-- comment --><?pi?>\n<!DOCTYPE rss SYSTEM 'x.dtd' [<!ENTITY a 'b'>]>",
])
def test_entity_declarations_are_found_however_they_hide(doctype):
    with pytest.raises(UnsafeXMLError):
        scan_prolog(f"<?xml version='1.0'?>{doctype}<rss version='2.0'/>".encode())


def test_harmless_doctypes_pass_and_name_the_root():
    assert scan_prolog(b"<!DOCTYPE html><html></html>").root == "html"
    prolog = scan_prolog(b"<?xml version='1.0'?><!DOCTYPE rdf:RDF [<!ELEMENT x ANY>]><rdf:RDF/>")
    assert (prolog.root, prolog.doctype) == ("rdf:RDF", "rdf:RDF")


def test_gzip_bomb_is_refused_at_the_limit():
    bomb = gzip.compress(b"\0" * (20 * 1024 * 1024))  # 20 MB of zeros in ~20 KB
    assert len(bomb) < 100_000
    with pytest.raises(SourceError, match="decompression bomb"):
        gunzip_bounded(bomb, limit=5 * 1024 * 1024)


def test_truncated_gzip_is_refused():
    data = gzip.compress(b"<urlset>" + b"<url><loc>https://a.example/x</loc></url>" * 1000)
    with pytest.raises(SourceError, match="truncated gzip"):
        read(data[: len(data) // 2], "https://a.example/sitemap.xml.gz")


def _big_feed(n: int) -> bytes:
    items = b"".join(
        b"<item><title>Headline number %d about something</title>"
        b"<link>https://big.example/news/%d</link>"
        b"<pubDate>Sun, 01 Dec 2024 12:00:00 GMT</pubDate>"
        b"<description>&lt;p&gt;Summary %d with &lt;b&gt;markup&lt;/b&gt;.&lt;/p&gt;</description></item>"
        % (i, i, i) for i in range(n)
    )
    return b'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>' + items + (
        b"</channel></rss>")


def test_large_feed_is_read_in_bounded_time():
    n = 5_000
    body = _big_feed(n)
    start = time.process_time()
    r = read(body, "https://big.example/rss")
    elapsed = time.process_time() - start
    assert len(r.entries) == n
    assert r.entries[-1].url == f"https://big.example/news/{n - 1}"
    assert elapsed < 8, f"{n} items took {elapsed:.1f}s"


def test_huge_feed_is_refused_without_parsing():
    body = _big_feed(50_000)  # ~12 MB
    assert len(body) > MAX_FEED_BYTES
    start = time.process_time()
    with pytest.raises(SourceError, match="over the"):
        read(body, "https://big.example/rss")
    assert time.process_time() - start < 2
