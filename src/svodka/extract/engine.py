"""svodka's extraction engine: HTML and URL in, an Article out."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from svodka.charset import decode_html, utf8_bytes
from svodka.extract.blocks import build_blocks
from svodka.extract.dom import MAX_CHARS, Walk, parse, parse_bytes, walk
from svodka.extract.hints import CAPTION, CRUMBS, GALLERY, HIDDEN, LEAD, SENTENCE_END, TAGS
from svodka.extract.images import clean_alt, resolve, unwrap
from svodka.extract.metadata import Meta, read_meta
from svodka.extract.related import find_related
from svodka.extract.rules import drop_nodes, kept_nodes, rule_authors, rule_date, rules_for
from svodka.extract.scoring import GOOD, choose, unit_scores
from svodka.extract.select import select_units
from svodka.extract.sniff import is_binary
from svodka.records import Article, Block, Image, NoArticle, OutletRules, RelatedLink

if TYPE_CHECKING:
    from svodka.extract.templates import SiteTemplate

_TITLE_SPLIT = re.compile(r"\s+[|—–\-:·•»]\s+|\s+::\s+")
_FILE_NAME = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg)$", re.IGNORECASE)
_TINY_ARTICLE = 200  # characters of prose: less is a caption or a teaser, not an article
_RESCUE_FACTOR = 3  # another pick must hold this many times more prose to replace a tiny one
_TITLE_CHARS = (15, 250)
_HEADER_UNITS = 6  # lines between a headline and the text: rubric, date, byline, standfirst  # a headline's length: more than a label, less than a paragraph
_ALT_WORDS = 3  # an alt text shorter than this names a picture ("photo"), it does not describe it
_HOME = frozenset({"главная", "головна", "home", "новости", "новини", "news", "main"})


def _norm(s: str | None) -> str:
    return " ".join(s.replace("…", "...").split()).casefold() if s else ""


def _title_parts(t: str) -> list[str]:
    return [p for p in _TITLE_SPLIT.split(t) if p.strip()]


def choose_title(meta: Meta, w: Walk) -> tuple[str | None, int]:
    """The headline and the index of its unit in the body (-1 when it is not there)."""
    refs = [x for x in (meta.og_title, meta.title, meta.h_title) if x]
    ref_keys = [_norm(x) for x in refs]
    # A declared title is often the headline and the outlet's name: each part counts whole.
    ref_keys += [_norm(p) for x in refs for p in _title_parts(x)[:1] if len(p) < len(x)]
    first_h1 = -1
    for i, u in enumerate(w.units):
        h = w.frames[u.frame].heading
        if h == 1 or (h and refs):
            key = _norm(u.text)
            if len(key) < 8:
                continue
            if any(key == r or (len(key) > 15 and key in r) for r in ref_keys):
                return u.text, i
            if h == 1 and first_h1 < 0:
                first_h1 = i
    if first_h1 >= 0 and (not refs or len(w.units[first_h1].text) > 15):
        return w.units[first_h1].text, first_h1
    plain = _plain_headline(w, ref_keys)
    if plain >= 0:
        return w.units[plain].text, plain
    if meta.title or meta.og_title:
        return meta.title or meta.og_title, -1
    if meta.h_title:
        parts = _title_parts(meta.h_title)
        return (max(parts, key=len) if parts else meta.h_title), -1
    return None, -1


def _plain_headline(w: Walk, ref_keys: list[str]) -> int:
    """Without a headline element, the first line that is the declared title word for word (a
    ``<p class="title">``; not a link, not a breadcrumb); -1 when there is none."""
    keys = {k for k in ref_keys if len(k) >= _TITLE_CHARS[0]}
    if not keys:
        return -1
    for i, u in enumerate(w.units):
        if u.links or w.frames[u.frame].ctx & (CRUMBS | HIDDEN) or len(u.text) > _TITLE_CHARS[1]:
            continue
        if _norm(u.text) in keys:
            return i
    return -1


def _header_title(w: Walk, first: int) -> int:
    """The unit just above the article's text (a few lines up at most) that an element named as
    a title holds (``entrytitle``, ``news-title``; not a subtitle); -1 when there is none."""
    frames = w.frames
    start = frames[first].start
    for k in range(start, max(start - _HEADER_UNITS, 0) - 1, -1):
        if k >= len(w.units):
            continue
        u = w.units[k]
        cls = frames[u.frame].cls.lower()
        if "title" in cls and "subtitle" not in cls and _TITLE_CHARS[0] <= len(u.text) <= \
                _TITLE_CHARS[1] and "\n" not in u.text:
            return k
    return -1


def _site_name(meta: Meta, title: str | None) -> str | None:
    if meta.site_name:
        return meta.site_name
    if meta.h_title:
        parts = [p.strip() for p in _title_parts(meta.h_title)]
        others = [p for p in parts if _norm(p) != _norm(title)]
        if len(parts) > 1 and len(others) == 1:
            return others[0]
    return None


def _join(base: str | None, href: str | None) -> str | None:
    """``href`` made absolute against ``base``; None for what is not a valid URL."""
    if not href:
        return None
    try:
        out = urljoin(base or "", href.strip())
        urlsplit(out)  # raises on a malformed host ("http://[::1")
    except ValueError:
        return None
    return out


def _path(url: str | None) -> str:
    try:
        return urlsplit(url).path if url else ""
    except ValueError:
        return ""


def _canonical(meta: Meta, url: str | None) -> tuple[str | None, str | None]:
    """(article URL, base for relative links)."""
    url = _join(None, url)
    base = (_join(url, meta.base) if url else _join(None, meta.base)) or url
    canon = _join(base, meta.canonical)
    if canon and canon.startswith(("http://", "https://")):
        if _path(canon) in ("", "/") and url and _path(url) not in ("", "/"):
            canon = None  # a canonical link to the home page is a template's mistake
    else:
        canon = None
    return canon or url, base or canon


def _scope(w: Walk, best: int) -> int:
    """The frame that holds the article with its header: an <article> ancestor or the parent."""
    frames = w.frames
    i = best
    while i > 0:
        if frames[i].tag == "article":
            return i
        i = frames[i].parent
    return max(frames[best].parent, 0)


def _link_texts(w: Walk, flag: int, scope: int, limit: int = 30) -> list[str]:
    frames = w.frames
    sc = frames[scope]
    out: list[str] = []
    for i in range(scope, len(frames)):
        f = frames[i]
        if f.start > sc.end:
            break
        if f.flags & flag and not (frames[f.parent].ctx & flag if f.parent >= 0 else 0):
            for a in f.node.css("a"):
                t = " ".join(a.text(deep=True).split()).lstrip("#").strip()
                if t and len(t) < 60 and t not in out:
                    out.append(t)
            if out:
                return out[:limit]
    return out


def _texts(nodes: list, limit: int = 30) -> list[str]:
    out: list[str] = []
    for n in nodes[:200]:
        t = " ".join(n.text(deep=True).split()).lstrip("#").strip()
        if t and len(t) < 60 and t not in out:
            out.append(t)
    return out[:limit]


def _images(w: Walk, chosen: list[int], keep: list[int], title_ui: int, scope: int,
            meta: Meta, base: str | None, title: str | None = None) -> list[Image]:
    frames, units = w.frames, w.units
    body = [k for k in keep if not frames[units[k].frame].ctx & LEAD]
    first = body[0] if body else (keep[0] if keep else frames[chosen[0]].start)
    last = keep[-1] if keep else first
    lo = title_ui if title_ui >= 0 else frames[scope].start
    # Captions by their figure, or (without a <figure>) by the element holding the caption,
    # which then holds the image too.
    captions: dict[int, str] = {}
    beside: dict[int, str] = {}  # a caption block right after an image: by its first unit
    for k in range(frames[scope].start, frames[scope].end):
        u = units[k]
        f = frames[u.frame]
        if f.ctx & CAPTION:
            holder = f.figure_id
            if holder < 0:
                c = u.frame
                while c > 0 and not frames[c].flags & CAPTION:
                    c = frames[c].parent
                holder = frames[c].parent
                if frames[c].start == k:
                    beside[k] = u.text
            captions[holder] = (captions.get(holder, "") + " " + u.text).strip()
    per_figure: dict[int, int] = {}
    for im in w.images:
        fig = frames[im.frame].figure_id
        holder = fig if fig >= 0 else im.frame
        per_figure[holder] = per_figure.get(holder, 0) + 1
    out: list[Image] = []
    seen: set[str] = set()
    og = _join(base, meta.images[0]) if meta.images else None
    try:
        og_image = unwrap(og) if og else None
    except ValueError:
        og_image = None
    for im in w.images:
        f = frames[im.frame]
        inside = next((c for c in chosen if c <= im.frame and frames[c].start <= im.pos
                       <= frames[c].end and _descends(w, im.frame, c)), -1)
        if inside >= 0:
            if f.negf >= inside and not f.ctx & GALLERY:
                continue
        elif not (lo <= im.pos <= first and _descends(w, im.frame, scope)
                  and f.negf < scope):
            continue
        url, width, height = resolve(im.attrs, im.parent_attrs, base)
        if not url or url in seen or _teaser_thumb(im.attrs, im.parent_attrs):
            continue
        seen.add(url)
        if not out and (url == og_image or (not im.inline and im.pos <= first)):
            role = "hero"
        elif f.ctx & GALLERY or (f.figure_id >= 0 and per_figure.get(f.figure_id, 0) > 1) or \
                im.pos > last:
            role = "gallery"
        else:
            role = "inline"
        holder = f.figure_id if f.figure_id >= 0 else im.frame
        caption = captions.get(holder) if per_figure.get(holder) == 1 or f.figure_id >= 0 else None
        alt = clean_alt(im.attrs.get("alt"))
        if caption is None and f.figure_id < 0:
            caption = beside.get(im.pos) or _alt_caption(alt, title)
        out.append(Image(url=url, alt=alt, caption=caption, role=role, width=width,
                         height=height))
    if not any(i.role == "hero" for i in out) and og_image and og_image.startswith(
            ("http://", "https://")):
        out = [i for i in out if i.url != og_image]
        out.insert(0, Image(url=og_image, role="hero"))
    return out


def _alt_caption(alt: str | None, title: str | None) -> str | None:
    """An image's alt text as its caption when it describes the picture: a few words that do not
    merely repeat the headline ("<headline> - Фото 1")."""
    if not alt or len(alt.split()) < _ALT_WORDS or _FILE_NAME.search(alt):
        return None  # too short to describe anything, or a file name
    key, head = _norm(alt), _norm(title)
    if head and (key in head or head in key):
        return None
    return alt


def _teaser_thumb(attrs: dict, parent: dict | None) -> bool:
    """A small picture that links to another page: a teaser's thumbnail, not a photo."""
    href = (parent or {}).get("href")
    if not href or href.lower().split("?")[0].endswith((".jpg", ".jpeg", ".png", ".webp", ".gif")):
        return False
    sizes = [v for v in (attrs.get("width"), attrs.get("height")) if v and str(v).isdigit()]
    return bool(sizes) and max(int(v) for v in sizes) <= 200


def _descends(w: Walk, i: int, anc: int) -> bool:
    frames = w.frames
    while i > anc:
        i = frames[i].parent
    return i == anc


def _lead(w: Walk, blocks: list[Block], keep: list[int], title_ui: int, best: int
          ) -> tuple[str | None, list[Block]]:
    frames, units = w.frames, w.units
    first = keep[0] if keep else frames[best].end
    start = title_ui + 1 if title_ui >= 0 else max(frames[best].start - 8, 0)
    for k in range(start, min(first + 3, len(units))):
        u = units[k]
        f = frames[u.frame]
        if f.ctx & LEAD and not f.heading and len(u.text) >= 30 and u.links < len(u.text) / 2:
            where = next((i for i, b in enumerate(blocks) if b.text == u.text), -1)
            if where < 0:
                blocks = [Block(u.text, "p")] + blocks
            if where <= 0:
                return u.text, blocks
            break  # marked as a lead but inside the body: not a standfirst
    # Without a marked lead, the first paragraph when it reads as a sentence (not a dateline).
    # (Article.text puts a lead that is not the first paragraph before the body.)
    if blocks and blocks[0].kind == "p" and len(blocks[0].text) >= 40 and \
            blocks[0].text[-1] in SENTENCE_END:
        return blocks[0].text, blocks
    return None, blocks


def extract(html: bytes | str, url: str | None = None, template: SiteTemplate | None = None,
            content_type: str | None = None, rules: OutletRules | None = None) -> Article:
    """Extract the article of one page. Never raises on bad input: a page without an article
    gives an Article whose ``missing`` says why (binary data, no text, no article text).

    ``rules``: a source's own outlet rules, merged over the rules svodka ships for the domain."""
    if isinstance(html, bytes | bytearray):
        # Bounded work: a page is read up to MAX_CHARS (a cut multi-byte character is replaced).
        raw = bytes(html[:MAX_CHARS])
        if is_binary(raw):
            return Article(url=_join(None, url), missing=NoArticle.NOT_HTML)
        utf8 = utf8_bytes(raw, content_type)
        doc = parse_bytes(utf8) if utf8 is not None else parse(decode_html(raw, content_type))
    else:
        doc = parse(html if isinstance(html, str) else "")
    rules = rules_for(url, rules)
    if rules:
        drop_nodes(doc, rules)
    meta = read_meta(doc)
    article_url, base = _canonical(meta, url)
    root = doc.body or doc.root
    art = Article(url=article_url, language=meta.language, published=meta.published,
                  modified=meta.modified, authors=meta.authors, tags=meta.tags,
                  section=meta.section)
    if rules:
        art.published = rule_date(doc, rules) or art.published
        art.authors = rule_authors(doc, rules) or art.authors
    if root is None:
        art.title = meta.title or meta.og_title
        art.site_name = meta.site_name
        art.missing = NoArticle.NO_TEXT
        return art
    w = walk(root)
    title, title_ui = choose_title(meta, w)
    art.title = title
    art.site_name = _site_name(meta, title)
    if not w.units:
        art.missing = NoArticle.NO_TEXT
        return art
    boiler = template.boilerplate if template is not None else None
    base_s, pen_s, cls = unit_scores(w, boiler)
    kept = _kept_frames(w, kept_nodes(doc, rules)) if rules and rules.keep else []
    bonus = template.frame_bonus(w) if template is not None and not kept else None
    if kept:
        best, chosen = max(kept, key=lambda i: w.frames[i].end - w.frames[i].start), kept
    else:
        best, chosen = choose(w, base_s, pen_s, bonus, title_ui)
    if best < 0:
        art.missing = NoArticle.NO_PROSE
        return art
    scope = _scope(w, best)
    if title_ui < 0 and not (meta.og_title or meta.title):
        # No headline element and no declared title: the outlet's title line above the text.
        found = _header_title(w, chosen[0])
        if found >= 0:
            title_ui, art.title = found, w.units[found].text
            art.site_name = _site_name(meta, art.title)
    intros = template.related_intros if template is not None else None
    related, keep = _units(w, chosen, scope, cls, art.title, title_ui, base, intros)
    if not kept and _prose_chars(w, keep, cls) < _TINY_ARTICLE:
        # An empty, tiny or link-dense pick while the page may hold a mass of prose elsewhere:
        # look again without the picked container, and take what is clearly more.
        inside = {k for c in chosen for k in range(w.frames[c].start, w.frames[c].end)}
        base2 = [0.0 if k in inside else b for k, b in enumerate(base_s)]
        pen2 = [0.0 if k in inside else p for k, p in enumerate(pen_s)]
        best2, chosen2 = choose(w, base2, pen2, None, -1, hints=False)
        taken = False
        if best2 >= 0:
            scope2 = _scope(w, best2)
            related2, keep2 = _units(w, chosen2, scope2, cls, art.title, title_ui, base, intros)
            taken = _prose_chars(w, keep2, cls) >= max(
                _RESCUE_FACTOR * _prose_chars(w, keep, cls), _TINY_ARTICLE) and not any(
                    _readers(w, c) for c in chosen2)
            if taken:
                best, chosen, scope, related, keep = best2, chosen2, scope2, related2, keep2
        if not taken:  # the first look's reading of the page's hints, back
            choose(w, base_s, pen_s, bonus, title_ui)
    blocks = build_blocks(w, keep)
    art.lead, art.blocks = _lead(w, blocks, keep, title_ui, best)
    art.related = related
    art.images = _images(w, chosen, keep, title_ui, scope, meta, base, title)
    if not art.tags:
        art.tags = _link_texts(w, TAGS, scope) or _texts(doc.css('a[rel~="tag"]'))
    if not art.authors:
        art.authors = _texts(doc.css('a[rel~="author"]'), limit=5) or _texts(
            [n.css_first('[itemprop~="name"]') or n for n in doc.css('[itemprop~="author"]')
             if n.tag != "meta"], limit=5)
    if not art.section:
        crumbs = [c for c in _link_texts(w, CRUMBS, 0) if c.casefold() not in _HOME
                  and _norm(c) != _norm(title)]
        art.section = crumbs[-1] if crumbs else None
    if not art.blocks:
        art.missing = NoArticle.NO_PROSE
    return art


def _units(w: Walk, chosen: list[int], scope: int, cls: list[int], title: str | None,
           title_ui: int, base: str | None, intros: set[str] | None
           ) -> tuple[list[RelatedLink], list[int]]:
    """The related links and the article's units in the chosen frames."""
    tail = (w.frames[chosen[-1]].end, w.frames[scope].end)
    related, used = find_related(w, chosen, base, intros, tail)
    keep = select_units(w, chosen, cls, title, used)
    if title_ui >= 0:
        # What precedes the headline in the same container is a kicker, a date, a menu.
        keep = [k for k in keep if k > title_ui] if keep and keep[0] < title_ui < keep[-1] \
            else [k for k in keep if k != title_ui]
    return related, keep


def _readers(w: Walk, i: int) -> bool:
    """Whether frame ``i`` is, or is inside, an element named for readers' comments."""
    while i >= 0:
        f = w.frames[i]
        if "comment" in f.cls.lower() or "comment" in (f.node.attributes.get("id") or "").lower():
            return True
        i = f.parent
    return False


def _prose_chars(w: Walk, keep: list[int], cls: list[int]) -> int:
    return sum(len(w.units[k].text) for k in keep if cls[k] == GOOD)


def _kept_frames(w: Walk, nodes: list) -> list[int]:
    """The frames of the elements an outlet rule keeps (outermost only), in page order."""
    ids = {n.mem_id for n in nodes}
    out: list[int] = []
    for i, f in enumerate(w.frames):
        if f.node.mem_id in ids and not (out and _descends(w, i, out[-1])):
            out.append(i)
    return out
