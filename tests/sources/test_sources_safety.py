"""Hostile XML: billion laughs, XXE, bombs and huge feeds are refused or read in bounded time."""

from __future__ import annotations

import gzip
import resource
import time

import pytest
from sources_helpers import read

from svodka.sources import SourceError, UnsafeXMLError, read_opml
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


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _xxe(secret_path: str, root: str = "rss") -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE {root} [ <!ENTITY xxe SYSTEM "file://{secret_path}"> ]>
<rss version="2.0"><channel><title>&xxe;</title>
<item><title>&xxe;</title><link>https://evil.example/a</link><description>&xxe;</description></item>
</channel></rss>""".encode()


def test_billion_laughs_is_refused_fast_without_memory_growth():
    before = _peak_rss_mb()
    start = time.perf_counter()
    with pytest.raises(UnsafeXMLError, match="entity"):
        read(BILLION_LAUGHS, "https://evil.example/rss", content_type="application/rss+xml")
    assert time.perf_counter() - start < 0.5
    assert _peak_rss_mb() - before < 20


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


def test_entity_declaration_hidden_in_a_quoted_system_id_is_not_a_false_alarm():
    # '[' and '<!ENTITY' inside a quoted literal are not a subset: no refusal.
    prolog = scan_prolog(b'<!DOCTYPE rss SYSTEM "http://x.example/[<!ENTITY].dtd"><rss/>')
    assert prolog.root == "rss"


def test_gzip_bomb_is_refused_at_the_limit():
    bomb = gzip.compress(b"\0" * (20 * 1024 * 1024))  # 20 MB of zeros in ~20 KB
    assert len(bomb) < 100_000
    with pytest.raises(SourceError, match="decompression bomb"):
        gunzip_bounded(bomb, limit=5 * 1024 * 1024)


def test_truncated_gzip_is_refused():
    data = gzip.compress(b"<urlset>" + b"<url><loc>https://a.example/x</loc></url>" * 1000)
    with pytest.raises(SourceError, match="truncated gzip"):
        read(data[: len(data) // 2], "https://a.example/sitemap.xml.gz")


def test_huge_feed_is_read_in_bounded_time():
    n = 20_000
    items = b"".join(
        b"<item><title>Headline number %d about something</title>"
        b"<link>https://big.example/news/%d</link>"
        b"<pubDate>Sun, 01 Dec 2024 12:00:00 GMT</pubDate>"
        b"<description>&lt;p&gt;Summary %d with &lt;b&gt;markup&lt;/b&gt;.&lt;/p&gt;</description></item>"
        % (i, i, i) for i in range(n)
    )
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>' + items + (
        b"</channel></rss>")
    start = time.perf_counter()
    r = read(body, "https://big.example/rss")
    elapsed = time.perf_counter() - start
    assert len(r.entries) == n
    assert r.entries[-1].url == f"https://big.example/news/{n - 1}"
    assert elapsed < 20, f"{n} items took {elapsed:.1f}s"
