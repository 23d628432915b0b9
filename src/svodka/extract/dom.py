"""One linear walk over the parsed page: text units, element frames and images.

A *unit* is a run of inline text between block boundaries, whitespace collapsed as a browser
renders it (text nodes are joined before collapsing, so ``Россией<a> по</a>`` stays two words).
A *frame* is a block element; units are produced in document order, so the units of a frame's
subtree are the contiguous range ``units[frame.start:frame.end]``. Frames are created in pre-order:
a descendant always has a larger index than its ancestors.

The walk is iterative (no recursion, whatever the nesting) and bounded in nodes visited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import IntFlag
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from svodka.extract.hints import (
    CAPTION,
    HIDDEN,
    NEG,
    NEG_TAGS,
    hidden_class,
    hint_flags,
    hover_only,
    is_hidden,
)

MAX_CHARS = 4_000_000  # the engine reads at most this much of a page (news pages: < 2 MB)
MAX_NODES = 50_000  # and visits at most this many nodes (news pages: 2-20 thousand)
MAX_DEPTH = 400  # nesting deeper than this is flattened before parsing
_TRIGGER_DEPTH = 8  # levels looked into for a hover card's trigger text (a name, a link)
_DEPTH_CHECK_TAGS = 30_000  # only pages with this many tags are scanned for nesting

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "ul", "amp-carousel", "amp-story", "listing", "plaintext", "xmp", "legend",
})
SKIP_TAGS = frozenset({
    "script", "style", "template", "svg", "math", "iframe", "object", "embed", "canvas",
    "select", "option", "textarea", "button", "input", "head", "title", "meta", "link",
    "audio", "video", "map", "area", "datalist", "frameset", "frame", "applet", "param",
    "track", "source", "amp-analytics", "amp-ad", "amp-embed", "amp-pixel", "amp-sticky-ad",
    "amp-consent", "amp-iframe", "amp-list", "amp-state", "amp-script", "amp-social-share",
})
IMG_TAGS = frozenset({"img", "amp-img", "amp-anim"})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# What a block element starts, for the context its descendants inherit.
_STRUCTURE = {"ul": "list", "ol": "list", "dl": "list", "menu": "list", "li": "item", "dt": "item",
              "dd": "item", "table": "table", "tr": "row", "figure": "figure", "blockquote": "quote",
              "pre": "pre", "xmp": "pre", "listing": "pre", **{h: "heading" for h in _HEADINGS}}


class Visit(IntFlag):
    """What :meth:`enter` asks of the walk for an element (0: skip its children)."""

    INLINE = 1  # descend into its children
    FRAME = 2  # it opened a frame: call leave() to close it
    LINK = 4  # it is a link: leave() ends the link text
    NOSCRIPT = 8  # it is <noscript>: leave() ends the fallback markup


# As plain ints for the walk, for the reason given with svodka.extract.hints.Hint.
INLINE, FRAME, LINK, NOSCRIPT = map(int, Visit)
_COUNTER_CHARS = 6  # digits of an inline counter ("0", "1 024" has a space: it stays text)
_BR = "\x00"  # marks <br> in a unit's raw text (the parser never yields NUL in text)


@dataclass(slots=True)
class Frame:
    tag: str
    parent: int
    start: int
    flags: int
    node: LexborNode
    cls: str
    end: int = -1
    negf: int = -1  # nearest NEG-flagged frame at or above this one
    list_id: int = -1
    item_id: int = -1
    table_id: int = -1
    row_id: int = -1
    figure_id: int = -1
    quote_id: int = -1
    heading: int = 0
    pre: bool = False
    ctx: int = 0  # OR of the hint flags of this frame and its ancestors


@dataclass(slots=True)
class Unit:
    text: str
    frame: int
    links: int  # characters of link text
    hrefs: list[str] | None
    link_first: bool  # the unit starts with a link


@dataclass(slots=True)
class RawImage:
    attrs: dict[str, Any]
    pos: int  # number of units flushed before the image
    frame: int
    inline: bool  # met inside a run of text
    parent_attrs: dict[str, Any] | None = None  # <picture> sources, <noscript> wrappers


@dataclass(slots=True)
class Walk:
    units: list[Unit] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    images: list[RawImage] = field(default_factory=list)
    truncated: bool = False


_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*>")
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th", "!doctype",
})


def flatten_depth(html: str, limit: int = MAX_DEPTH) -> str:
    """Drop start/end tags nested deeper than ``limit`` (the parser is quadratic in depth)."""
    if html.count("<") < _DEPTH_CHECK_TAGS:
        return html
    stack: list[str] = []
    dropped: dict[str, int] = {}
    out: list[str] = []
    last = 0
    for m in _TAG_RE.finditer(html):
        closing, name = m.group(1), m.group(2).lower()
        if name in _VOID or m.group(0).endswith("/>"):
            continue
        drop = False
        if not closing:
            if len(stack) >= limit:
                dropped[name] = dropped.get(name, 0) + 1
                drop = True
            else:
                stack.append(name)
        elif dropped.get(name):
            dropped[name] -= 1
            drop = True
        elif name in stack:
            while stack and stack.pop() != name:
                pass
        if drop:
            out.append(html[last:m.start()])
            last = m.end()
    if last == 0:
        return html
    out.append(html[last:])
    return "".join(out)


def parse(html: str) -> LexborHTMLParser:
    if len(html) > MAX_CHARS:
        html = html[:MAX_CHARS]
    return LexborHTMLParser(flatten_depth(html))


def parse_bytes(html: bytes) -> LexborHTMLParser:
    """Parse UTF-8 bytes as they are (no decoding round trip)."""
    if html.count(b"<") >= _DEPTH_CHECK_TAGS:
        return parse(html.decode("utf-8", "replace"))
    return LexborHTMLParser(html[:MAX_CHARS])


def collapse(raw: str, pre: bool = False) -> str:
    """Whitespace as rendered: runs collapse to one space; <br> becomes a line break."""
    if pre:
        return raw.replace(_BR, "\n").strip("\n")
    if _BR not in raw:
        return " ".join(raw.split())
    lines = (" ".join(part.split()) for part in raw.split(_BR))
    return "\n".join(line for line in lines if line)


class _Walker:
    def __init__(self) -> None:
        self.w = Walk()
        self.buf: list[str] = []
        self.last_br = -1  # index in buf of the last <br> marker
        self.link_buf: list[str] = []
        self.hrefs: list[str] = []
        self.link_first = False
        self.in_link = 0
        self.in_noscript = 0
        self.cur = -1  # innermost frame

    def flush(self) -> None:
        buf = self.buf
        if not buf:
            return
        f = self.w.frames[self.cur]
        text = collapse("".join(buf), f.pre)
        if text:
            links = len(" ".join("".join(self.link_buf).split())) if self.link_buf else 0
            self.w.units.append(
                Unit(text=text, frame=self.cur, links=min(links, len(text)),
                     hrefs=self.hrefs or None, link_first=self.link_first)
            )
        buf.clear()  # in place: the walk loop holds a reference to this list
        self.last_br = -1
        self.link_buf = []
        self.hrefs = []
        self.link_first = False

    def push(self, tag: str, node: LexborNode, flags: int, cls: str) -> None:
        frames = self.w.frames
        idx = len(frames)
        cur = self.cur
        start = len(self.w.units)
        if cur >= 0:
            p = frames[cur]
            # Positional, in field order, on purpose: one frame per element, and 17 keyword
            # arguments cost 0.5 us more a call (measured: 855 ns against 315 ns).
            f = Frame(tag, cur, start, flags, node, cls, -1, idx if flags & NEG else p.negf,
                      p.list_id, p.item_id, p.table_id, p.row_id, p.figure_id, p.quote_id,
                      p.heading, p.pre, p.ctx | flags)
        else:
            f = Frame(tag=tag, parent=cur, start=start, flags=flags, node=node, cls=cls,
                      ctx=flags, negf=idx if flags & NEG else -1)
        role = _STRUCTURE.get(tag)
        if role is not None:
            if role == "list":
                f.list_id = idx
            elif role == "item":
                f.item_id = idx
            elif role == "table":
                f.table_id = idx
            elif role == "row":
                f.row_id = idx
            elif role == "figure":
                f.figure_id = idx
            elif role == "quote":
                f.quote_id = idx
            elif role == "pre":
                f.pre = True
            else:
                f.heading = _HEADINGS[tag]
        frames.append(f)
        self.cur = idx

    def text(self, node: LexborNode) -> None:
        if self.in_noscript:
            return
        t = node.text_content
        if t:
            if self.in_link:
                if not self.link_buf and not "".join(self.buf).strip():
                    self.link_first = True
                self.link_buf.append(t)
            self.buf.append(t)

    def enter(self, node: LexborNode, tag: str) -> int:
        """Handle an element on the way down. Returns :class:`Visit` flags: 0 skips the children,
        INLINE descends, FRAME / LINK / NOSCRIPT also ask for :meth:`leave`."""
        if tag is None or tag[0] == "-" or tag[0] == "!":
            return 0
        if tag in SKIP_TAGS:
            return 0
        attrs = node.attributes
        if attrs and (("style" in attrs or "hidden" in attrs) and is_hidden(attrs) or (
                "class" in attrs and hidden_class(attrs["class"]) and not _trigger(node, attrs))):
            return 0
        if tag in IMG_TAGS:
            parent = node.parent
            pattrs = parent.attributes if parent is not None and parent.tag in (
                "picture", "noscript", "a", "amp-img") else None
            if parent is not None and parent.tag == "picture":
                pattrs = dict(pattrs or {})
                for s in parent.css("source"):
                    srcset = s.attributes.get("srcset") or s.attributes.get("data-srcset")
                    if srcset:
                        pattrs["srcset"] = srcset
            inline = bool("".join(self.buf).strip()) if self.buf else False
            self.w.images.append(RawImage(attrs=attrs, pos=len(self.w.units), frame=self.cur,
                                          inline=inline, parent_attrs=pattrs))
            return 0
        if tag == "br":
            buf = self.buf
            last = self.last_br
            if last >= 0 and not "".join(buf[last + 1:]).strip():
                self.flush()  # <br><br>: a paragraph break
            else:
                buf.append(_BR)
                self.last_br = len(buf) - 1
            return 0
        if tag == "noscript":
            self.in_noscript += 1
            return INLINE | NOSCRIPT
        if tag not in BLOCK_TAGS and attrs and "class" in attrs and hint_flags(
                tag, attrs["class"] or "", "", "", "") & NEG and _counter(node):
            return 0  # a comments or likes counter inside a line of text is not text
        kind = INLINE
        if tag == "a" and "href" in attrs:
            self.in_link += 1
            kind |= LINK
            href = attrs.get("href")
            if href and not self.in_noscript:
                self.hrefs.append(href)
        if tag in BLOCK_TAGS:
            if self.buf:
                self.flush()
            cls = attrs.get("class") or ""
            ident = attrs.get("id") or ""
            role = attrs.get("role") or ""
            prop = attrs.get("itemprop") or ""
            if cls or ident or role or prop or tag in NEG_TAGS or tag == "figcaption":
                flags = hint_flags(tag, cls, ident, role, prop)
                if tag == "figcaption":
                    flags |= CAPTION
            else:
                flags = 0
            if attrs.get("aria-hidden") == "true" and tag != "body":
                flags |= HIDDEN
            self.push(tag, node, flags, cls)
            return kind | FRAME
        cls = attrs.get("class")
        if cls and kind == INLINE and hint_flags(tag, cls, "", "", "") & CAPTION:
            # An inline caption or credit (<span class="caption">) is a block of its own.
            self.flush()
            self.push(tag, node, CAPTION, cls)
            return INLINE | FRAME
        return kind

    def leave(self, kind: int) -> None:
        if kind & FRAME:
            if self.buf:
                self.flush()
            f = self.w.frames[self.cur]
            f.end = len(self.w.units)
            self.cur = f.parent
        if kind & LINK:
            self.in_link -= 1
        elif kind & NOSCRIPT:
            self.in_noscript -= 1


def _trigger(node: LexborNode, attrs: dict) -> bool:
    """Whether an element named for a hover card is in fact its visible trigger: a link (the
    name that shows the card), or a wrapper that holds a card and text of its own beside it."""
    if not hover_only(attrs["class"] or ""):
        return False
    if node.tag == "a":
        return True
    found = [False, False]  # [a card inside, text outside the cards]
    _scan(node, 0, found)
    return found[0] and found[1]


def _scan(node: LexborNode, depth: int, found: list[bool]) -> None:
    child = node.child
    while child is not None and not (found[0] and found[1]):
        if child.tag == "-text":
            found[1] = found[1] or bool((child.text_content or "").strip())
        elif child.tag != "a" and hidden_class(child.attributes.get("class")):
            found[0] = True
        elif depth < _TRIGGER_DEPTH:
            _scan(child, depth + 1, found)
        child = child.next


def _counter(node: LexborNode) -> bool:
    """An inline element that shows a number (or nothing): a counter or an icon button."""
    text = node.text(deep=True).strip()
    return len(text) <= _COUNTER_CHARS and (not text or text.isdigit())


def walk(root: LexborNode) -> Walk:
    """Walk ``root`` (normally ``<body>``) once and return its units, frames and images."""
    wk = _Walker()
    wk.push(root.tag or "body", root, 0, "")
    stack: list[tuple[LexborNode, int]] = []
    node = root.child
    budget = MAX_NODES
    enter, leave, text = wk.enter, wk.leave, wk.text
    buf = wk.buf  # flush() empties this same list
    while node is not None:
        budget -= 1
        if budget <= 0:
            wk.w.truncated = True
            break
        tag = node.tag
        if tag == "-text":
            if wk.in_link or wk.in_noscript:
                text(node)
            else:
                t = node.text_content
                if t:
                    buf.append(t)
            kind = 0
        else:
            kind = enter(node, tag)
        child = node.child if kind else None
        if child is not None:
            stack.append((node, kind))
            node = child
            continue
        if kind > INLINE:
            leave(kind)
        while True:
            nxt = node.next
            if nxt is not None:
                node = nxt
                break
            if not stack:
                node = None
                break
            node, kind = stack.pop()
            if kind > INLINE:
                leave(kind)
    while stack:  # truncated walk: close what is open
        kind = stack.pop()[1]
        if kind > INLINE:
            leave(kind)
    wk.flush()
    wk.w.frames[0].end = len(wk.w.units)
    for f in wk.w.frames:
        if f.end < 0:
            f.end = len(wk.w.units)
    return wk.w
