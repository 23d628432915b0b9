"""HTML fragments as text, for what reads text that may be markup (feed contents, dumps given to the commands)."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

_WS = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?…»”)\]])")
_SPACE_AFTER_OPEN = re.compile(r"([«“(\[])\s+")
# A text with a tag or an entity is HTML; these tags end a paragraph.
_MARKUP = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>"
                     r"|&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
_BLOCK_END = re.compile(r"<(?:br\s*/?|/(?:p|div|li|h[1-6]|blockquote|tr|section|article))\s*>",
                        re.IGNORECASE)


def collapse(text: str | None) -> str | None:
    """Whitespace collapsed and trimmed; None for nothing."""
    if text is None:
        return None
    out = _WS.sub(" ", text).strip()
    return out or None


def html_to_text(fragment: str | None) -> str | None:
    """Readable plain text of an HTML fragment, on one line (a feed's description or content)."""
    if not fragment:
        return None
    if "<" not in fragment and "&" not in fragment:
        return collapse(fragment)
    tree = LexborHTMLParser(fragment)
    for node in tree.css("script, style, noscript"):
        node.decompose()
    body = tree.body
    text = collapse(body.text(separator=" ") if body is not None else None)
    if text is None:
        return None
    return _SPACE_AFTER_OPEN.sub(r"\1", _SPACE_BEFORE_PUNCT.sub(r"\1", text))


def is_markup(text: str) -> bool:
    """Whether ``text`` holds a tag or an entity (``5 < 6`` and ``AT&T`` do not)."""
    return _MARKUP.search(text) is not None


def plain_line(text: str) -> str:
    """A one-line text (a headline) as plain text, read as HTML only when it is markup."""
    return (html_to_text(text) or "") if is_markup(text) else text


def paragraphs(text: str) -> list[str]:
    """A text as paragraphs: its lines, or, when it is HTML, the text between its block tags with
    tags and entities read."""
    if not is_markup(text):
        return [p.strip() for p in text.split("\n") if p.strip()]
    return [p for part in _BLOCK_END.split(text) if (p := html_to_text(part))]
