"""Guards run before any XML parser sees a document.

* ``gunzip_bounded`` inflates gzip'd bodies (sitemaps are often ``.xml.gz``) up to a limit, so a
  decompression bomb costs a bounded amount of memory and time.
* ``scan_prolog`` walks the prolog (XML declaration, comments, processing instructions, DOCTYPE)
  without a parser and refuses entity declarations: that stops billion-laughs expansion and
  XXE (``<!ENTITY x SYSTEM "file:///etc/passwd">``) before feedparser or lxml run. It also
  names the root element, which is how ``read_source`` sniffs what a body is.
* ``safe_xml_parser`` is an lxml parser that never resolves entities nor touches the network.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from lxml import etree

from svodka.inflate import InflatedTooLarge, InflateError, gunzip_all
from svodka.sources.result import SourceError

# A decompressed body larger than this is refused (the sitemap protocol caps files at 50 MB).
MAX_INFLATED_BYTES = 64 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NAME = re.compile(r"[A-Za-z_][\w.:-]*")
_DOCTYPE_NAME = re.compile(r"<!DOCTYPE\s+([\w.:-]+)", re.IGNORECASE)
_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)


class UnsafeXMLError(SourceError):
    """The document declares entities; it is refused unparsed."""


@dataclass(slots=True, frozen=True)
class Prolog:
    root: str | None  # qualified name of the first element, e.g. "rss", "rdf:RDF", "html"
    doctype: str | None  # the DOCTYPE's name, if any ("html", "rss", ...)
    text_first: bool = False  # non-markup text came before the first element


def gunzip_bounded(data: bytes, limit: int = MAX_INFLATED_BYTES) -> bytes:
    """Inflate a gzip body (all members); raise SourceError past ``limit`` or on truncation."""
    try:
        return gunzip_all(data, limit)
    except InflatedTooLarge:
        raise SourceError(f"gzip body inflates past {limit} bytes (decompression bomb?)") from None
    except InflateError as e:
        raise SourceError(f"corrupt gzip data: {e}") from None


def text_for_scanning(data: bytes) -> str:
    """The body as text good enough to find markup: BOM/UTF-16/32 honoured, else latin-1.

    Markup characters are ASCII in every encoding feeds use besides UTF-16/32, so latin-1
    (which never fails) is enough to locate tags in UTF-8, cp1251 or KOI8 bodies.
    """
    enc, skip = _encoding_of(data[:4])
    return data[skip:].decode(enc, "replace")


def _encoding_of(head: bytes) -> tuple[str, int]:
    """(codec good for finding markup, BOM length) from a body's first four bytes."""
    for bom, enc in _BOMS:
        if head.startswith(bom):
            return enc, len(bom)
    if head[:2] == b"<\x00" and head[2:4] != b"\x00\x00":
        return "utf-16-le", 0
    if head[:2] == b"\x00<":
        return "utf-16-be", 0
    return "latin-1", 0


def _skip_to(text: str, i: int, token: str, what: str) -> int:
    j = text.find(token, i)
    if j < 0:
        raise SourceError(f"truncated XML: unterminated {what}")
    return j + len(token)


def _doctype_end(text: str, i: int) -> int:
    """Index just past the DOCTYPE starting at ``i``; refuses entity declarations inside it."""
    n = len(text)
    j = i + len("<!DOCTYPE")
    quote = ""
    subset = False
    while j < n:
        c = text[j]
        if quote:
            if c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "[":
            subset = True
        elif c == "]":
            subset = False
        elif c == "<" and subset:
            if text.startswith("<!--", j):
                j = _skip_to(text, j, "-->", "comment in DOCTYPE")
                continue
            if text.startswith("<?", j):
                j = _skip_to(text, j, "?>", "processing instruction in DOCTYPE")
                continue
            if _ENTITY_DECL.match(text, j):
                raise UnsafeXMLError("XML entity declarations are refused (billion laughs / XXE)")
        elif c == ">" and not subset:
            return j + 1
        j += 1
    raise SourceError("truncated XML: unterminated DOCTYPE")


def scan_prolog(data: bytes | str) -> Prolog:
    """Walk the prolog up to the first element; raise UnsafeXMLError on entity declarations."""
    text = data if isinstance(data, str) else text_for_scanning(data)
    i, n = 0, len(text)
    doctype: str | None = None
    text_first = False
    while i < n:
        lt = text.find("<", i)
        if lt < 0:
            return Prolog(None, doctype, text_first or bool(text[i:].strip()))
        if text[i:lt].strip(" \t\r\n\ufeff"):
            text_first = True
        if text.startswith("<?", lt):
            i = _skip_to(text, lt, "?>", "processing instruction")
        elif text.startswith("<!--", lt):
            i = _skip_to(text, lt, "-->", "comment")
        elif text[lt:lt + 9].upper() == "<!DOCTYPE":
            m = _DOCTYPE_NAME.match(text, lt)
            doctype = m.group(1) if m else ""
            i = _doctype_end(text, lt)
            # Belt and braces: whatever the subset's quoting, no entity declaration anywhere in it.
            if _ENTITY_DECL.search(text, lt, i):
                raise UnsafeXMLError("XML entity declarations are refused (billion laughs / XXE)")
        elif text.startswith("<!", lt):
            if _ENTITY_DECL.match(text, lt):
                raise UnsafeXMLError("XML entity declarations are refused (billion laughs / XXE)")
            i = _skip_to(text, lt, ">", "declaration")
        else:
            m = _NAME.match(text, lt + 1)
            if m:
                return Prolog(m.group(0), doctype, text_first)
            i = lt + 1
            text_first = True
    return Prolog(None, doctype, text_first)


def root_closed(data: bytes, qname: str) -> bool:
    """Whether the document ends with the root element's end tag (trailing misc allowed).

    A feed or sitemap cut short is an incomplete transfer: reading its first half would let
    the poller store its validators (ETag) and never see the rest.
    """
    enc, _ = _encoding_of(data[:4])
    wide = enc.startswith(("utf-16", "utf-32"))
    text = text_for_scanning(data) if wide else data[-8192:].decode("latin-1")
    while True:
        text = text.rstrip(" \t\r\n\x00")
        if text.endswith("-->") and "<!--" in text:
            text = text[: text.rindex("<!--")]
        elif text.endswith("?>") and "<?" in text:
            text = text[: text.rindex("<?")]
        else:
            break
    return re.search(rf"</\s*{re.escape(qname)}\s*>$", text) is not None


def local_name(qname: str | None) -> str:
    return (qname or "").rsplit(":", 1)[-1].rsplit("}", 1)[-1].lower()


def safe_xml_parser(recover: bool = True) -> etree.XMLParser:
    """An lxml parser that resolves no entities, loads no DTD and never uses the network."""
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        recover=recover,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
