"""URL path templates: the shape of a URL with digits, dates, ids and slugs abstracted.

``/news/2024/01/15/7437645/`` -> ``news/{yyyy}/{nn}/{nn}/{num}``;
``/world/2024/jan/15/kyiv-wakes-up-to-sirens`` -> ``world/{yyyy}/{mon}/{nn}/{slug}``.
Section pages are read by grouping their links by template and keeping the article-like groups;
a group's skeleton also gives the regular expression stored as ``Source.article_pattern``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

_EXT = re.compile(r"\.(s?html?|php\d?|aspx?|jsp|cms)$", re.IGNORECASE)
_DATE = re.compile(r"(?:19|20)\d{2}-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01])")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_WORD = re.compile(r"[^\W\d_]{2,}")
_DIGITS4 = re.compile(r"\d{4,}")
_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "yclid", "_openstat", "ref", "from")
_MONTHS = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())

# Token -> regular expression for one path segment (without extension).
TOKEN_REGEX = {
    "{date}": r"(?:19|20)\d{2}-?\d{2}-?\d{2}",
    "{yyyy}": r"(?:19|20)\d{2}",
    "{nn}": r"\d{1,2}",
    "{mon}": r"[a-z]{3}",
    "{num}": r"\d+",
    "{slug}": r"[^/?#]*[-_+][^/?#]*[-_+][^/?#]*",
    "{slugid}": r"[^/?#]*[-_+][^/?#]*\d{4,}[^/?#]*|[^/?#]*\d{4,}[^/?#]*[-_+][^/?#]*",
    "{id}": r"[^/?#]*\d[^/?#]*",
    "{words}": r"[^/?#]*[-_+][^/?#]*",
}
ID_TOKENS = frozenset({"{date}", "{num}", "{slugid}", "{id}"})
SLUG_TOKENS = frozenset({"{slug}", "{slugid}"})
DATE_TOKENS = frozenset({"{date}", "{yyyy}", "{mon}"})


def segment_shape(segment: str) -> tuple[str, str]:
    """(token or lower-cased literal, extension) of one decoded path segment."""
    seg = segment.lower()
    m = _EXT.search(seg)
    ext = m.group(0) if m else ""
    base = seg[: len(seg) - len(ext)] if ext else seg
    if _DATE.fullmatch(base):
        return "{date}", ext
    if _YEAR.fullmatch(base):
        return "{yyyy}", ext
    if base.isdigit():
        return ("{nn}" if len(base) <= 2 else "{num}"), ext
    if base in _MONTHS:
        return "{mon}", ext
    words = len(_WORD.findall(base))
    has_id = bool(_DIGITS4.search(base))
    if re.search(r"[-_+]", base) and words >= 2:
        if has_id:
            return "{slugid}", ext
        if words >= 4 or (words >= 3 and len(base) >= 16):
            return "{slug}", ext
        return "{words}", ext  # short: a headline's slug or a section's name, text decides
    if has_id or (len(base) >= 8 and base.isalnum() and not base.isalpha()):
        return "{id}", ext
    return base, ext


@dataclass(slots=True, frozen=True)
class Shape:
    """A URL's template: one (token-or-literal, extension) per path segment, plus query ids."""

    segments: tuple[tuple[str, str], ...]
    query_ids: tuple[str, ...]  # query keys carrying numeric ids, e.g. ("id",)
    trailing_slash: bool

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(tok for tok, _ in self.segments)

    @property
    def depth(self) -> int:
        return len(self.segments)

    @property
    def has_id(self) -> bool:
        toks = set(self.tokens)
        return bool(toks & ID_TOKENS or self.query_ids or ({"{yyyy}", "{nn}"} <= toks))

    @property
    def has_slug(self) -> bool:
        return bool(set(self.tokens) & SLUG_TOKENS)

    @property
    def has_words(self) -> bool:
        """A short hyphenated name: weak evidence, an article only with headline-like text."""
        return "{words}" in self.tokens

    def skeleton(self) -> tuple[str, ...]:
        """The template with literal runs blurred to one "*" and slug kinds merged.

        ``/news/{num}`` and ``/sport/{num}`` share a skeleton, and so do
        ``/us/politics/{slug}`` and ``/opinion/{slugid}``: they are one kind of page.
        """
        out: list[str] = []
        for tok, ext in self.segments:
            if not tok.startswith("{"):
                if out and out[-1] == "*" and not ext:
                    continue
                out.append("*" + ext)
            else:
                out.append(("{slug}" if tok == "{slugid}" else tok) + ext)
        return tuple(out) + tuple(f"?{k}" for k in self.query_ids)


def url_shape(url: str) -> Shape:
    parts = urlsplit(url)
    path = unquote(parts.path)
    segments = tuple(segment_shape(s) for s in path.split("/") if s)
    query_ids = tuple(sorted(
        k.lower() for k, v in parse_qsl(parts.query)
        if v.isdigit() and len(v) >= 3 and not k.lower().startswith(_TRACKING_PREFIXES)
    ))
    return Shape(segments, query_ids, path.endswith("/") and bool(segments))


def skeleton_regex(skeleton: tuple[str, ...]) -> str:
    """A regular expression (for ``re.search`` on an absolute URL) matching URLs of a skeleton."""
    parts: list[str] = []
    query: list[str] = []
    for item in skeleton:
        if item.startswith("?"):
            query.append(rf"(?=[^#]*[?&]{re.escape(item[1:])}=\d)")
            continue
        tok, ext = (item[:1], item[1:]) if item.startswith("*") else item.split("}", 1)
        if tok == "*":
            seg = r"[^/?#]+(?:/[^/?#]+)*" if not ext else r"[^/?#]+"
        else:
            seg = f"(?:{TOKEN_REGEX[tok + '}']})"
        parts.append(seg + re.escape(ext))
    path = "/" + "/".join(parts) + "/?"
    tail = r"\?.*$" if query else r"(?:[?#].*)?$"
    return rf"(?i)^https?://[^/?#]+{path}{''.join(query)}{tail}"
