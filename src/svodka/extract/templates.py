"""Site templates: what repeats across an outlet's pages is the outlet's, not the article's.

``learn_template(pages)`` walks a few pages of one outlet and keeps
- the text lines found on at least two pages (and on a fair share of them): promo lines, menus,
  widget headings, disclaimers, the outlet's "earlier reports" heading;
- the lines among those that introduce a list of links (learned related-list introductions);
- the element paths that held the article on the pages (the outlet's article container).
``extract(..., template=...)`` scores repeated lines as boilerplate and favours the learned
container. A template is plain data and round-trips through JSON.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field

from svodka.charset import decode_html
from svodka.extract.dom import Frame, Walk, parse, walk
from svodka.extract.scoring import choose, unit_scores

VERSION = 1
_MAX_LINE = 400  # longer repeated lines are rare; keep the template small
_MAX_LINES = 3000
_PROSE_WORDS = 8  # a repeated line of this many words or more is prose ...
_PROSE_PAGES = 3  # ... and is boilerplate only when met on this many pages
_DIGITS = re.compile(r"\d+")
_CLASS_SPLIT = re.compile(r"\s+")


@dataclass(slots=True)
class SiteTemplate:
    boilerplate: set[str] = field(default_factory=set)
    related_intros: set[str] = field(default_factory=set)
    containers: dict[str, float] = field(default_factory=dict)  # path -> share of pages
    pages: int = 0

    def frame_bonus(self, w: Walk) -> dict[int, float]:
        """Score multipliers for the frames of a page that sit where the article usually is."""
        if not self.containers:
            return {}
        leaves = {p.rsplit(">", 1)[-1] for p in self.containers}
        out: dict[int, float] = {}
        for i, f in enumerate(w.frames):
            if f.cls and _signature(f) in leaves:
                share = self.containers.get(frame_path(w.frames, i))
                if share:
                    out[i] = 1.0 + share
        return out

    def to_json(self) -> str:
        return json.dumps({
            "version": VERSION,
            "pages": self.pages,
            "boilerplate": sorted(self.boilerplate),
            "related_intros": sorted(self.related_intros),
            "containers": dict(sorted(self.containers.items())),
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, s: str) -> SiteTemplate:
        d = json.loads(s)
        if not isinstance(d, dict) or d.get("version") != VERSION:
            raise ValueError("not a svodka site template (or another version)")
        return cls(
            boilerplate={str(x) for x in d.get("boilerplate", [])},
            related_intros={str(x) for x in d.get("related_intros", [])},
            containers={str(k): float(v) for k, v in d.get("containers", {}).items()},
            pages=int(d.get("pages", 0)),
        )


def _signature(f: Frame) -> str:
    classes = sorted({_DIGITS.sub("", c) for c in _CLASS_SPLIT.split(f.cls.strip()) if c})
    return f.tag + ("." + ".".join(classes) if classes else "")


def frame_path(frames: list[Frame], i: int, depth: int = 3) -> str:
    """Signature of a frame and of its nearest ancestors: ``div.page>article.post>div.body``."""
    parts: list[str] = []
    while i >= 0 and len(parts) < depth:
        parts.append(_signature(frames[i]))
        i = frames[i].parent
    return ">".join(reversed(parts))


def learn_template(pages: list[tuple[bytes | str, str]]) -> SiteTemplate:
    """Learn an outlet's template from several of its pages, given as (html, url)."""
    tpl = SiteTemplate(pages=len(pages))
    if len(pages) < 2:
        return tpl
    line_pages: Counter[str] = Counter()
    intro_votes: Counter[str] = Counter()
    intro_items: list[tuple[str, str]] = []  # (introduction, the first linked line after it)
    paths: Counter[str] = Counter()
    line_paths: dict[str, set[str]] = {}
    for html, _url in pages:
        text = decode_html(html) if isinstance(html, bytes) else html
        doc = parse(text)
        root = doc.body or doc.root
        if root is None:
            continue
        w = walk(root)
        units = w.units
        # A line counts as repeated where it repeats in the same place: the same lead quoted
        # in a teaser on another page is not boilerplate.
        seen = {u.text + "\x1f" + frame_path(w.frames, u.frame, 2) for u in units
                if len(u.text) <= _MAX_LINE}
        line_pages.update(seen)
        for key in seen:
            text, path = key.split("\x1f", 1)
            line_paths.setdefault(text, set()).add(path)
        for k in range(len(units) - 1):
            u, nxt = units[k], units[k + 1]
            if len(u.text) <= 120 and not u.hrefs and nxt.hrefs and \
                    w.frames[nxt.frame].list_id >= 0 and w.frames[u.frame].list_id < 0:
                intro_votes[u.text] += 1
                intro_items.append((u.text, nxt.text))
        base, pen, _ = unit_scores(w)
        best, _chosen = choose(w, base, pen)
        if best > 0:
            paths[frame_path(w.frames, best)] += 1
    need = len(pages) // 2 + 1  # most pages: more than half, at least two
    # A line met in two different places (a page's lead, quoted in another page's teaser)
    # is article text somewhere: never boilerplate.
    # Prose (a sentence of some length) is cut on stronger evidence than a label: an outlet's
    # sign-off paragraph seen on two pages may as well be the article's own closing words.
    common = [t.split("\x1f", 1)[0] for t, n in line_pages.most_common()
              if n >= need and len(line_paths[t.split("\x1f", 1)[0]]) == 1
              and (n >= _PROSE_PAGES or t.count(" ") < _PROSE_WORDS)]
    tpl.boilerplate = set(common[:_MAX_LINES])
    # A list of related reports differs from page to page; a widget's list ("most read",
    # share buttons) repeats, and its heading is no related-list introduction.
    texts: Counter[str] = Counter()
    for t, paths_of in line_paths.items():
        texts[t] = sum(line_pages[t + "\x1f" + p] for p in paths_of)
    repeated: Counter[str] = Counter(t for t, item in intro_items if texts[item] >= need)
    tpl.related_intros = {t for t, n in intro_votes.items()
                          if n >= need and t in tpl.boilerplate and repeated[t] * 2 < n}
    tpl.containers = {p: round(n / len(pages), 3) for p, n in paths.items() if n >= need}
    return tpl
