"""Which units of the article container make the article.

Each unit is kept or dropped in one forward pass: prose stays, boilerplate goes, and a short
line (a dateline, a one-line paragraph, a heading) is decided by its neighbours, as jusText
does. List items, table cells and quotations stand or fall together.
"""

from __future__ import annotations

from svodka.extract.blocks import data_tables
from svodka.extract.dom import Walk
from svodka.extract.hints import CAPTION, COMMENTS_RE, HIDDEN, LEAD, SENTENCE_END
from svodka.extract.scoring import BAD, DROP, END, GOOD, SHORT

# A comments heading may be a link to the comments ("Комментарии", "Comments (5)"); a button of
# a boilerplate widget inside the body ("comments-launch") is not.
_COMMENTS_LINK = 20
_SMALL_WIDGET = 200  # characters: an ad label, a one-line "read also" box inside the body
# Words of a sentence that is mostly link text and still an item of a digest kept whole (a
# headline alone has fewer).
_LINKED_WORDS = 12


def select_units(walk: Walk, chosen: list[int], cls: list[int], title: str | None,
                 skip: set[int] | None = None) -> list[int]:
    """Indices of the units of the article, in order (short lines decided by their context).

    ``skip``: units taken already (related links); like promo lines, they are dropped without
    cutting the article around them. A comments heading ends the article."""
    frames, units = walk.frames, walk.units
    idx: list[int] = []
    state: list[int] = []
    title_key = " ".join(title.split()).casefold() if title else None
    img_at = {im.pos: im.frame for im in walk.images}
    comments = seen_good = False  # a comments heading after the text (not a counter above it)
    linked = set()  # positions of sentences that are mostly link text (a digest's items)
    captions = set()  # positions of captions in the body (a heading looks past them)
    for fi in chosen:
        f = frames[fi]
        for ui in range(f.start, f.end):
            u = units[ui]
            uf = frames[u.frame]
            c = cls[ui]
            if comments or (seen_good and (u.links * 2 < len(u.text) or uf.heading or (
                    len(u.text) <= _COMMENTS_LINK and uf.negf < fi)) and
                            COMMENTS_RE.match(u.text.split("\n", 1)[0])):
                comments = True
                c = BAD
            elif skip and ui in skip:
                c = DROP
            elif c != DROP and (uf.negf >= fi or uf.ctx & (HIDDEN | CAPTION)):
                if uf.ctx & LEAD and not uf.ctx & CAPTION and c == GOOD and uf.negf >= 0 and \
                        not frames[uf.negf].flags & LEAD:
                    pass  # a lead inside a header block
                elif uf.negf >= fi and _small(walk, uf.negf):
                    c = DROP  # a small widget inside the body: the text goes on around it
                else:
                    c = BAD
                    if uf.negf < fi and uf.ctx & CAPTION:
                        captions.add(len(idx))
            elif c == SHORT and ui in img_at and _under(frames, u.frame, img_at[ui]) and \
                    u.text[-1] not in SENTENCE_END:
                c = DROP  # a label right after a picture, in its block: a caption
            elif c == BAD and u.text.count(" ") >= _LINKED_WORDS and _sentence_like(u.text):
                linked.add(len(idx))
            if uf.heading and c not in (BAD, DROP):
                if title_key and u.text.casefold() == title_key:
                    c = BAD
                elif len(u.text) < 200 and u.links < len(u.text) * 0.5:
                    c = -uf.heading  # headings: decided by what follows
            seen_good = seen_good or c == GOOD
            idx.append(ui)
            state.append(c)
    n = len(idx)
    keep = [False] * n
    nxt = nxt_text = END
    next_cls = [BAD] * n
    next_text = [BAD] * n  # the same, past captions: what a heading introduces
    last_good = -1  # the last prose unit: what follows it is the article's tail
    for k in range(n - 1, -1, -1):
        next_cls[k], next_text[k] = nxt, nxt_text
        if state[k] in (GOOD, BAD):
            nxt = state[k]
            if k not in captions:
                nxt_text = state[k]
        if state[k] == GOOD and last_good < 0:
            last_good = k
    prev = GOOD
    for k in range(n):
        c = state[k]
        if c == DROP:
            continue
        if c == GOOD:
            keep[k] = True
        elif c == SHORT:
            # A closing short sentence ("He declined to comment.") ends the article too.
            after = next_text[k] if units[idx[k]].text.endswith(":") else next_cls[k]
            keep[k] = prev == GOOD and (after == GOOD or (
                (next_cls[k] == END or k > last_good) and _sentence_like(units[idx[k]].text)))
        elif c < 0:  # heading (a picture and its caption may come between it and its text)
            keep[k] = next_text[k] == GOOD
        if c in (GOOD, BAD):
            prev = c
    # List items and table cells stand or fall together.
    _group(walk, idx, keep, state, linked)
    return [idx[k] for k in range(n) if keep[k]]


def _under(frames: list, i: int, anc: int) -> bool:
    while i > anc:
        i = frames[i].parent
    return i == anc


def _small(walk: Walk, fi: int) -> bool:
    f = walk.frames[fi]
    return f.end - f.start <= 3 and sum(
        len(walk.units[k].text) for k in range(f.start, f.end)) <= _SMALL_WIDGET


def _sentence_like(text: str) -> bool:
    return len(text) >= 25 and text[-1] in SENTENCE_END and text.count(" ") >= 3


def _group(walk: Walk, idx: list[int], keep: list[bool], state: list[int],
           linked: set[int]) -> None:
    frames, units = walk.frames, walk.units
    groups: dict[int, list[int]] = {}
    quotes: dict[int, list[int]] = {}
    tables: set[int] | None = None
    for k, ui in enumerate(idx):
        f = frames[units[ui].frame]
        if f.heading:
            continue
        if f.quote_id >= 0 and f.quote_id > f.list_id:
            quotes.setdefault(f.quote_id, []).append(k)
        elif f.list_id >= 0 and f.item_id > f.list_id:
            groups.setdefault(f.list_id, []).append(k)
        elif f.table_id >= 0:
            if tables is None:
                tables = data_tables(walk)
            if f.table_id in tables:
                groups.setdefault(f.table_id, []).append(k)
    goods = [k for k in range(len(idx)) if state[k] == GOOD]
    if not goods:
        return
    first_good, last_good = goods[0], goods[-1]
    for members in groups.values():
        if len(members) < 2:
            continue
        chars = sum(len(units[idx[k]].text) for k in members)
        links = sum(units[idx[k]].links for k in members)
        bad = sum(1 for k in members if state[k] in (BAD, DROP))
        inside = members[0] > first_good and (members[-1] < last_good or chars >= 150)
        dense = 0.5 if chars >= 100 * len(members) else 0.35  # a digest of long items
        ok = links < dense * chars and bad * 3 <= len(members) and (
            inside or sum(1 for k in members if keep[k]) * 2 >= len(members))
        for k in members:
            keep[k] = ok and (state[k] not in (BAD, DROP) or k in linked)
    # A quotation (an embedded post, too) keeps its attribution line when its text is kept.
    for members in quotes.values():
        chars = sum(len(units[idx[k]].text) for k in members)
        links = sum(units[idx[k]].links for k in members)
        if any(keep[k] for k in members) and links < 0.6 * chars and len(members) <= 12:
            for k in members:
                keep[k] = state[k] != DROP
