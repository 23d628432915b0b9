"""The outlet's in-body lists of earlier or related reports, as structured links.

Recognised by structure and wording, not by site: an introduction line ("Ранее ... сообщали:",
"Читайте также", "Read more") followed by a list or by paragraphs that open with a link; a list
inside the article marked as related by its class; a single "Читайте также: <link>" line.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from svodka.extract.dom import Unit, Walk
from svodka.extract.hints import RELATED, RELATED_INTRO_RE
from svodka.records import RelatedLink

_MAX_INTRO = 120
_CARD_UNITS = 3  # a teaser card: a linked headline, its blurb, perhaps a date line


def _abs(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if href.startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    try:
        out = urljoin(base, href) if base else href
        urlsplit(out)  # raises on a malformed host
    except ValueError:
        return None
    return out


def _list_items(walk: Walk, list_id: int, base: str | None) -> tuple[list[RelatedLink], set[int]]:
    frames, units = walk.frames, walk.units
    lf = frames[list_id]
    items: dict[int, list[int]] = {}
    for k in range(lf.start, lf.end):
        f = frames[units[k].frame]
        if f.item_id > list_id:
            items.setdefault(f.item_id, []).append(k)
    out: list[RelatedLink] = []
    used: set[int] = set(range(lf.start, lf.end))
    for ks in items.values():
        text = " ".join(units[k].text for k in ks).strip()
        href = next((h for k in ks for h in (units[k].hrefs or [])), None)
        if text:
            out.append(RelatedLink(text=text, url=_abs(href, base)))
    return out, used


def _linky(walk: Walk, k: int) -> bool:
    """A line that reads as a linked headline (not a share button: a real link, some words)."""
    u = walk.units[k]
    return bool(u.hrefs) and (u.link_first or u.links >= 0.5 * len(u.text)) and \
        len(u.text) >= 12 and _abs(u.hrefs[0], None) is not None


def _headline_run(walk: Walk, j: int, end: int) -> tuple[list[int], set[int], int]:
    """The linked headlines that follow an introduction from unit ``j``, with the blurbs that
    share a card with them (headline and blurb alone in one small container), and the unit
    after the run. Blurbs count only under two headlines or more."""
    units = walk.units
    run: list[int] = []
    blurbs: set[int] = set()
    while j < end and not RELATED_INTRO_RE.match(units[j].text):
        if _linky(walk, j) and (len(units[j].text) < 400 or _headed(units[j])):
            run.append(j)
        elif run and run[-1] == j - 1 and _one_card(walk, j - 1, j):
            blurbs.add(j)
        else:
            break
        j += 1
    if blurbs and len(run) < 2:
        j = run[0] + 1 if run else j
        blurbs = set()
    return run, blurbs, j


def _headed(u: Unit) -> bool:
    """A card in one line break-separated unit: a linked headline line, then its blurb."""
    head = u.text.split("\n", 1)[0]
    return u.link_first and "\n" in u.text and len(head) - 3 <= u.links <= len(u.text) / 2


def _one_card(walk: Walk, head: int, blurb: int) -> bool:
    """Whether units ``head`` and ``blurb`` are alone (with at most one more line) in their
    smallest common container."""
    frames = walk.frames
    a, b = walk.units[head].frame, walk.units[blurb].frame
    while a != b:
        if a > b:
            a = frames[a].parent
        else:
            b = frames[b].parent
    return frames[a].end - frames[a].start <= _CARD_UNITS


def find_related(walk: Walk, chosen: list[int], base: str | None,
                 intros: set[str] | None = None, tail: tuple[int, int] | None = None
                 ) -> tuple[list[RelatedLink], set[int]]:
    """Related links found in the article frames (and in ``tail``, the units that follow them
    inside the article's container, where only an introduced list counts); returns them with
    the unit indices they consumed."""
    frames, units = walk.frames, walk.units
    related: list[RelatedLink] = []
    used: set[int] = set()
    seen_lists: set[int] = set()
    ranges = [(frames[c].start, frames[c].end, True) for c in chosen]
    if tail and tail[0] < tail[1]:
        ranges.append((tail[0], tail[1], False))
    for start, end, inside in ranges:
        k = start
        while k < end:
            if k in used:
                k += 1
                continue
            u = units[k]
            f = frames[u.frame]
            m = RELATED_INTRO_RE.match(u.text) if len(u.text) <= 600 else None
            lines = u.text.split("\n") if m and u.hrefs else []
            if len(lines) > 1 and len(lines) - 1 == len(u.hrefs or []):
                # "Other reports:<br><a>One</a><br><a>Two</a>" in one paragraph.
                for line, href in zip(lines[1:], u.hrefs or [], strict=True):
                    related.append(RelatedLink(text=line.strip(), url=_abs(href, base)))
                used.add(k)
                k += 1
                continue
            rest = len(u.text) - m.end() if m else 0
            if m and u.hrefs and 15 < rest and u.links >= 0.6 * rest and len(u.text) <= 300:
                # "Читайте также: <a>Headline</a>" on one line.
                text = u.text[m.end():].lstrip(" :—-–.»").strip()
                related.append(RelatedLink(text=text, url=_abs(u.hrefs[0], base)))
                used.add(k)
                k += 1
                continue
            # An introduction is the phrase itself ("По теме:", "Ранее Власти сообщали:"), not
            # a sentence that happens to open with it ("По теме переговоров стороны ...").
            intro = (bool(m) and len(u.text) <= _MAX_INTRO and not u.hrefs and (
                u.text.rstrip().endswith(":") or rest <= 25)) or bool(intros and u.text in intros)
            if intro and k + 1 < end:
                nf = frames[units[k + 1].frame]
                if nf.list_id >= 0 and nf.list_id not in seen_lists and nf.list_id > f.list_id:
                    items, took = _list_items(walk, nf.list_id, base)
                    if items and sum(1 for it in items if it.url) * 2 >= len(items):
                        seen_lists.add(nf.list_id)
                        related.extend(items)
                        used |= took | {k}
                        k = max(took) + 1
                        continue
                run, blurbs, j = _headline_run(walk, k + 1, end)
                if run:
                    for r in run:  # a card in one unit: its headline line
                        related.append(RelatedLink(text=units[r].text.split("\n", 1)[0],
                                                   url=_abs(units[r].hrefs[0], base)))
                    used |= set(run) | blurbs | {k}
                    k = j
                    continue
            if inside and f.list_id >= 0 and f.list_id not in seen_lists and \
                    frames[f.list_id].ctx & RELATED:
                items, took = _list_items(walk, f.list_id, base)
                seen_lists.add(f.list_id)
                if items and sum(1 for it in items if it.url) * 2 > len(items):
                    related.extend(items)
                    used |= took
                    k = max(took) + 1
                    continue
            k += 1
    return _unique(related), used


def _unique(links: list[RelatedLink]) -> list[RelatedLink]:
    """One entry per linked page (a "read also" line may repeat an item of the list below)."""
    seen: set[str] = set()
    out: list[RelatedLink] = []
    for r in links:
        key = r.url or "\x00" + r.text
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
