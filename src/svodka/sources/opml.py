"""OPML import and export of sources, and the packaged default sources file.

Standard outline attributes are used where they exist (``xmlUrl``, ``htmlUrl``, ``text``,
``title``, ``type``, ``language``); what OPML has no word for goes in the ``svodka:`` namespace
(``svodka:kind``, ``svodka:articlePattern``, ``svodka:enabled``, ``svodka:rules``: outlet rules
as JSON). Nested outlines are read at any depth; a folder outline's ``language`` is inherited by
the outlines inside it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from importlib.resources import files

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from svodka.records import OutletRules, Source
from svodka.sources.result import SourceError
from svodka.sources.safexml import gunzip_bounded, scan_prolog

SVODKA_NS = "https://github.com/svodka/svodka/opml"
_Q = "{" + SVODKA_NS + "}"
_KINDS = ("auto", "feed", "sitemap", "section")
_TYPE_KIND = {"rss": "feed", "atom": "feed", "feed": "feed", "sitemap": "sitemap",
              "link": "section", "html": "section", "section": "section"}

ET.register_namespace("svodka", SVODKA_NS)


# Limits on one imported file: readers' exports hold hundreds to a few thousand feeds in folders
# two or three deep; a URL longer than browsers and servers accept is no feed.
MAX_OUTLINES = 20_000
MAX_DEPTH = 32
MAX_URL_CHARS = 2048
_SCHEMES = ("http://", "https://")


def read_opml(data: bytes, *, skipped: list[str] | None = None) -> list[Source]:
    """Every outline with a usable URL (``xmlUrl``, else ``url``), in document order. An outline
    whose URL is not http(s) or too long is left out, and said so in ``skipped``; a file with
    more than ``MAX_OUTLINES`` outlines or deeper than ``MAX_DEPTH`` is refused."""
    data = gunzip_bounded(data)
    scan_prolog(data)
    try:
        root = DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (ET.ParseError, DefusedXmlException) as e:
        raise SourceError(f"malformed OPML: {e}") from None
    except RecursionError:
        raise SourceError(f"malformed OPML: nested deeper than {MAX_DEPTH} levels") from None
    if root.tag.lower() != "opml":
        raise SourceError(f"not OPML: root element <{root.tag}>")
    body = root.find("body")
    if body is None:
        raise SourceError("OPML without a body")
    out: list[Source] = []
    notes = skipped if skipped is not None else []
    for el, lang in _outlines(body):
        url = (el.get("xmlUrl") or el.get("xmlurl") or el.get("url") or "").strip()
        if not url:
            continue
        if len(url) > MAX_URL_CHARS:
            notes.append(f"{url[:60]}…: skipped: URL longer than {MAX_URL_CHARS} characters")
        elif not url.lower().startswith(_SCHEMES):
            notes.append(f"{url[:60]}: skipped: not an http(s) URL")
        else:
            out.append(_source(el, url, lang))
            if el.get(_Q + "rules") and out[-1].rules is None:
                notes.append(f"{url[:60]}: its svodka:rules left out: not valid outlet rules")
    return out


def _outlines(body: ET.Element) -> Iterator[tuple[ET.Element, str | None]]:
    """Outlines depth-first in document order with their inherited language (no recursion)."""
    stack: list[tuple[Iterator[ET.Element], str | None, int]] = [(iter(body), None, 1)]
    seen = 0
    while stack:
        children, language, depth = stack[-1]
        el = next(children, None)
        if el is None:
            stack.pop()
            continue
        if el.tag != "outline":
            continue
        seen += 1
        if seen > MAX_OUTLINES:
            raise SourceError(f"more than {MAX_OUTLINES:,} outlines: split the file")
        lang = el.get("language") or el.get(_Q + "language") or language
        yield el, lang
        if len(el):
            if depth >= MAX_DEPTH:
                raise SourceError(f"outlines nested deeper than {MAX_DEPTH} levels")
            stack.append((iter(el), lang, depth + 1))


def _source(el: ET.Element, url: str, language: str | None) -> Source:
    kind = (el.get(_Q + "kind") or "").strip().lower()
    if kind not in _KINDS:
        kind = _TYPE_KIND.get((el.get("type") or "").strip().lower(), "auto")
    enabled = (el.get(_Q + "enabled") or "true").strip().lower() not in ("false", "0", "no")
    return Source(
        url=url,
        name=(el.get("text") or el.get("title") or "").strip(),
        kind=kind,  # type: ignore[arg-type]
        homepage=(el.get("htmlUrl") or el.get("htmlurl") or "").strip() or None,
        language=(language or "").strip().lower() or None,
        enabled=enabled,
        article_pattern=el.get(_Q + "articlePattern") or None,
        rules=_rules(el.get(_Q + "rules")),
    )


def _rules(value: str | None) -> OutletRules | None:
    """``svodka:rules``: the source's outlet rules as JSON; unreadable rules are left out."""
    try:
        rules = OutletRules.from_json(value) if value else None
    except ValueError:
        return None
    return rules if rules and not rules.problems() else None


def write_opml(sources: list[Source], title: str = "svodka sources") -> str:
    """An OPML 2.0 document listing ``sources`` in order (``read_opml`` gives them back)."""
    root = ET.Element("opml", {"version": "2.0"})
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    for s in sources:
        attrs = {"text": s.name, "type": "rss" if s.kind in ("feed", "auto") else "link"}
        if s.name:
            attrs["title"] = s.name
        attrs["xmlUrl" if attrs["type"] == "rss" else "url"] = s.url
        if s.homepage:
            attrs["htmlUrl"] = s.homepage
        if s.language:
            attrs["language"] = s.language
        if s.kind != "feed":
            attrs[_Q + "kind"] = s.kind
        if s.article_pattern:
            attrs[_Q + "articlePattern"] = s.article_pattern
        if s.rules:
            attrs[_Q + "rules"] = s.rules.to_json()
        if not s.enabled:
            attrs[_Q + "enabled"] = "false"
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def load_default_sources() -> list[Source]:
    """The outlets svodka follows out of the box (``svodka/data/default_sources.opml``)."""
    data = files("svodka").joinpath("data/default_sources.opml").read_bytes()
    return read_opml(data)
