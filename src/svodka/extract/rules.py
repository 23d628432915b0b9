"""Outlet rules as data: per-domain selectors shipped with svodka, merged with a source's own.

The shipped rules are ``outlet_rules.json`` (sorted by domain, as Miniflux keeps its scraper
rules). ``rules_for(url, override)`` gives the rules for a page: the shipped rules of its domain
(or a parent domain), each field replaced by the source's own rules where those set it. The
engine applies them around what it learns: ``drop`` removes elements before the walk, ``keep``
names the article's containers (the units inside are still judged, so a learned boilerplate line
goes), ``date`` and ``author`` read those fields.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from svodka.dates import parse_date, parse_printed_date
from svodka.records import OutletRules

if TYPE_CHECKING:
    from datetime import datetime

    from selectolax.lexbor import LexborHTMLParser, LexborNode

MAX_AUTHORS = 5  # a byline names a few people; more matches are a list of something else


@cache
def shipped_rules() -> dict[str, OutletRules]:
    """The rules svodka ships, by domain."""
    data = json.loads(files("svodka.extract").joinpath("outlet_rules.json").read_text("utf-8"))
    return {domain: OutletRules.from_json(rules) for domain, rules in data.items()}


def domain_rules(url: str | None) -> OutletRules | None:
    """The shipped rules of ``url``'s host or of its nearest parent domain."""
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:
        return None
    table = shipped_rules()
    parts = host.lower().removeprefix("www.").split(".")
    for i in range(len(parts) - 1):
        found = table.get(".".join(parts[i:]))
        if found is not None:
            return found
    return None


def merge(base: OutletRules | None, override: OutletRules | None) -> OutletRules | None:
    """``base`` with every field that ``override`` sets replaced by it."""
    if not override:
        return base or None
    if not base:
        return override
    return OutletRules(keep=override.keep or base.keep, drop=override.drop or base.drop,
                       date=override.date or base.date, author=override.author or base.author)


def rules_for(url: str | None, override: OutletRules | None = None) -> OutletRules | None:
    """The rules for a page: its domain's shipped rules merged with a source's ``override``."""
    return merge(domain_rules(url), override)


def drop_nodes(doc: LexborHTMLParser, rules: OutletRules) -> None:
    """Remove what the rules say is never the article."""
    for sel in rules.drop:
        for node in _select(doc, sel):
            node.decompose()


def kept_nodes(doc: LexborHTMLParser, rules: OutletRules) -> list[LexborNode]:
    """The article's containers by the first ``keep`` selector that finds any with text."""
    for sel in rules.keep:
        nodes = [n for n in _select(doc, sel) if n.text(deep=True).strip()]
        if nodes:
            return nodes
    return []


def rule_date(doc: LexborHTMLParser, rules: OutletRules) -> datetime | None:
    """The publication date where the rules say it is (an attribute or the element's text)."""
    if not rules.date:
        return None
    for node in _select(doc, rules.date):
        a = node.attributes
        value = a.get("datetime") or a.get("content") or " ".join(node.text(deep=True).split())
        found = parse_date(value) or parse_printed_date(value)
        if found is not None:
            return found
    return None


def rule_authors(doc: LexborHTMLParser, rules: OutletRules) -> list[str]:
    """The authors' names where the rules say they are."""
    out: list[str] = []
    for node in _select(doc, rules.author) if rules.author else []:
        name = " ".join((node.attributes.get("content") or node.text(deep=True)).split())
        if name and name not in out:
            out.append(name)
    return out[:MAX_AUTHORS]


def _select(doc: LexborHTMLParser, sel: str) -> list[LexborNode]:
    from selectolax.lexbor import SelectolaxError

    try:
        return doc.css(sel)
    except SelectolaxError:  # checked when set (OutletRules.problems); never fatal here
        return []
