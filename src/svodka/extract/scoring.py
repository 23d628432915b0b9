"""Find the article in a walked page.

Every unit gets a score: prose (long, punctuated, few links) counts its characters, link lists,
short labels and text under boilerplate containers count against. The article container is the
element whose subtree has the highest total, where a unit counts against a candidate when a
boilerplate-hinted element *inside* that candidate holds it (hints above the candidate describe
the page wrapper, not the candidate). All totals come from one reverse pass over the frames.
Siblings of the winner that carry prose of their own (a body split by an ad or a widget) join it.
Which units of the container make the article is :mod:`svodka.extract.select`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from svodka.extract.dom import Frame, Unit, Walk
from svodka.extract.hints import (
    BODY,
    HIDDEN,
    NEG,
    NEG_TAGS,
    POS,
    PROMO_RE,
    SENTENCE_END,
    boiler_line,
)

GOOD, SHORT, BAD = 2, 1, 0
END = 3  # the end of the article's units
# A line dropped for what it is (a promo or label line, a learned boilerplate line), not for where
# it is: the lines around it are decided as if it were not there.
DROP = 4
_UNDER_HEADLINE = 3  # units between the headline and the text (standfirst, date, byline)
_PROSE_MASS = 300.0
# A candidate outside boilerplate containers with this score (a long paragraph or two) is the
# article even when a comments thread or a modal's rules, inside their containers, weigh more.
_FREE_FLOOR = 150.0
_LABEL_WEIGHT = 0.2  # a long line of a list of labels (see _label_lists), per character
# A container's prose outside the headline's <article> that lies in other <article> elements
# (teasers of other posts, the next post of a blog page): at this share, the page is a feed and
# the headline's <article> is the article.
_FEED_SHARE = 0.8


def unit_scores(walk: Walk, boiler: set[str] | None = None) -> tuple[
        list[float], list[float], list[int]]:
    base: list[float] = []
    pen: list[float] = []
    cls: list[int] = []
    frames = walk.frames
    link_lists = _link_lists(walk)
    label_lists = _label_lists(walk)
    for u in walk.units:
        text = u.text
        n = len(text)
        links = u.links
        p = -(n * 0.4 + 3.0)
        if n <= 8 and not any(ch.isalnum() for ch in text):  # separators: "***", "___"
            base.append(0.0)
            pen.append(0.0)
            cls.append(SHORT)
            continue
        ld = links / n
        if link_lists and frames[u.frame].list_id in link_lists:
            b = -(n * 0.3 + 2.0)
            c = BAD
        elif n < 400 and (PROMO_RE.match(text) or _boiler_line(text)):
            b = -(n * 0.5 + 2.0)
            c = DROP
        elif ld >= (0.5 if n < 150 else 0.65) and not (
                # A sentence with a long link inside it (not a linked headline) is prose.
                ld < 0.75 and not u.link_first and text[-1] in SENTENCE_END
                and text.count(" ") >= 9):
            b = -(n * 0.5 + 2.0)
            c = BAD
        else:
            words = text.count(" ") + 1
            m = n
            if words * 15 < n and n > 8 and not text.isascii():
                # Scripts written without spaces (CJK, Thai): a character says more.
                m = n * 2.5
                words = n // 2
            end = text[-1] in SENTENCE_END
            if (m >= 80 and words >= 10) or (m >= 40 and words >= 6 and end):
                b = (m - links * 2.0) * (1.0 if end or m >= 150 else (
                    _LABEL_WEIGHT if frames[u.frame].list_id in label_lists else 0.7))
                c = GOOD
            elif m >= 25 and words >= 4 and end and ld < 0.2:
                b = m * 0.3
                c = SHORT
            else:
                if ld >= 0.2:
                    b, c = -(n * 0.3 + 2.0), BAD
                else:
                    f = frames[u.frame]
                    # A cell of a data table or a list item is not a stray label.
                    b = 0.0 if f.table_id >= 0 or f.item_id >= 0 else -2.0
                    c = SHORT
        if boiler and text in boiler:
            # Learned boilerplate is dropped, but weighs no more against its container than it
            # would without a template: the template must not move the article elsewhere.
            b = min(b, 0.0)
            c = DROP
        base.append(b)
        pen.append(min(b, p))
        cls.append(c)
    _teasers(walk, base, pen, cls)
    return base, pen, cls


def _item_openings(walk: Walk) -> Iterator[tuple[int, Unit]]:
    """(list, first unit) of every list item, in order (an item outside any list, a stray
    <li>, belongs to no list)."""
    frames = walk.frames
    last_item = -1
    for u in walk.units:
        f = frames[u.frame]
        if f.list_id < 0 or f.item_id <= f.list_id or f.item_id == last_item:
            continue
        last_item = f.item_id
        yield f.list_id, u


def _lists_where(walk: Walk, test: Callable[[Unit], bool], least: int, share: float) -> set[int]:
    """Lists of at least ``least`` items of which at least ``share`` open with a unit passing
    ``test``."""
    items: dict[int, list[int]] = {}  # list -> [items, items passing]
    for lid, u in _item_openings(walk):
        c = items.setdefault(lid, [0, 0])
        c[0] += 1
        c[1] += test(u)
    return {lid for lid, (n, k) in items.items() if n >= least and k >= share * n}


def _link_lists(walk: Walk) -> set[int]:
    """Lists of three or more items that all open with a link: headlines, not prose. (A linked
    headline as a line of its own; a digest item that opens with a linked headline and goes on
    in prose on the same line is text.)"""
    return _lists_where(walk, lambda u: u.link_first and u.links >= 0.6 * len(u.text), 3, 0.8)


def _label_lists(walk: Walk) -> set[int]:
    """Lists of five or more items that are not sentences (names with their posts, a rating
    table): long lines, but no prose. They weigh little when the article is looked for."""
    return _lists_where(walk, lambda u: u.text[-1] not in SENTENCE_END, 5, 0.8)


def _boiler_line(text: str) -> bool:
    return boiler_line(text.lower())


def _teasers(walk: Walk, base: list[float], pen: list[float], cls: list[int]) -> None:
    """A blurb under a linked headline is a teaser card, not article prose."""
    units, frames = walk.units, walk.frames
    linked_head = -10
    for i, u in enumerate(units):
        f = frames[u.frame]
        n = len(u.text)
        if f.heading or (u.links >= 0.8 * n and n < 150):
            # A linked headline, as a heading or as a line that is all link.
            if u.links < 0.6 * n:
                linked_head = -10
            elif i - linked_head > 2:  # a run of linked lines (rubric, headline, byline) opens
                linked_head = i        # the card at its first line
            continue
        if cls[i] == GOOD:
            if i - linked_head <= 3 and len(u.text) < 400 and _card(
                    frames, cls, linked_head, units[linked_head].frame, u.frame):
                base[i] *= 0.1
                pen[i] = min(pen[i], base[i])
                cls[i] = SHORT
            linked_head = -10


def _card(frames: list[Frame], cls: list[int], head: int, a: int, b: int) -> bool:
    """Whether frames ``a`` and ``b`` share a small container that opens with unit ``head``
    and holds one blurb (a card: headline, blurb, a line of metadata), and no line dropped as
    boilerplate (an entry's footer: the header and text of an article, not a card)."""
    while a != b:
        if a > b:
            a = frames[a].parent
        else:
            b = frames[b].parent
    f = frames[a]
    return f.end - f.start <= 6 and f.start >= head - 1 and \
        sum(1 for k in range(f.start, f.end) if cls[k] in (GOOD, DROP)) <= 1


def _real_neg(frames: list[Frame], idx: int, n_units: int) -> bool:
    """Whether the boilerplate hint of frame ``idx`` describes a part, not the page wrapper."""
    f = frames[idx]
    return f.tag not in ("body", "html", "main", "form") and f.end - f.start < 0.6 * n_units


def _settle_neg(frames: list[Frame], pos_sub: list[float], b_sum: list[float],
                title_ui: int, hints: bool = True) -> None:
    """A boilerplate hint on an element that holds a substantial article body is a misnomer
    (``elementor-widget``, ``field--label-hidden``), and so is one on the mass of prose that
    opens right under the headline (``_reachbanner_`` on the article text): recompute ``negf``
    without such hints."""
    for i, f in enumerate(frames):
        misnomer = f.tag not in NEG_TAGS and (not hints or pos_sub[i] > 200.0 or (
            title_ui >= 0 and title_ui < f.start <= title_ui + _UNDER_HEADLINE
            and b_sum[i] > _PROSE_MASS))
        neg = bool(f.flags & NEG) and not misnomer
        f.negf = i if neg else (frames[f.parent].negf if f.parent >= 0 else -1)


def choose(walk: Walk, base: list[float], pen: list[float], bonus: dict[int, float] | None = None,
           title_ui: int = -1, hints: bool = True) -> tuple[int, list[int]]:
    """Pick the article frame; returns (best, frames that make the article). ``title_ui`` is
    the unit of the page's headline, when found: a container holding the headline and another
    top-level headline (the next article of an endless page) is narrowed to the headline's.
    ``hints=False`` disregards boilerplate class names (not tags) for a second look."""
    frames, units = walk.frames, walk.units
    nf = len(frames)
    if not units:
        return -1, []
    b_sum = [0.0] * nf  # sum of base scores of the subtree's units
    d_sum = [0.0] * nf  # sum of (base - pen) of units held by NEG frames of the subtree
    pos_sub = [0.0] * nf  # largest total of an article-body-hinted frame in the subtree
    for i, u in enumerate(units):
        b_sum[u.frame] += base[i]
    for i in range(nf - 1, 0, -1):
        f = frames[i]
        if f.flags & BODY and b_sum[i] > pos_sub[i]:
            pos_sub[i] = b_sum[i]
        b_sum[f.parent] += b_sum[i]
        if pos_sub[i] > pos_sub[f.parent]:
            pos_sub[f.parent] = pos_sub[i]
    _settle_neg(frames, pos_sub, b_sum, title_ui, hints)
    for i, u in enumerate(units):
        f = frames[u.frame]
        if f.negf >= 0 or f.ctx & HIDDEN:
            d_sum[f.negf if f.negf >= 0 else u.frame] += base[i] - pen[i]
    for i in range(nf - 1, 0, -1):
        d_sum[frames[i].parent] += d_sum[i]
    best, best_score = -1, 0.0
    free, free_score = -1, 0.0  # the best candidate outside every boilerplate container
    scores = [0.0] * nf
    for i in range(nf):
        f = frames[i]
        score = b_sum[i] - d_sum[i]
        if score <= 0:
            continue
        if f.flags & POS:
            score *= 1.15
        if bonus and i in bonus:
            score *= bonus[i]
        # Inside a boilerplate container (comments, sidebar) that is not the page wrapper.
        neg_anc = frames[f.parent].negf if i else -1
        nested = False
        while neg_anc >= 0:
            if _real_neg(frames, neg_anc, len(units)):
                score *= 0.25
                nested = True
                break
            up = frames[neg_anc].parent
            neg_anc = frames[up].negf if up >= 0 else -1
        scores[i] = score
        if score > best_score:
            best, best_score = i, score
        if not nested and score > free_score:
            free, free_score = i, score
    if best < 0:
        return -1, []
    if free != best and free_score >= _FREE_FLOOR:
        best = free  # prose outside any boilerplate container beats a comment thread's
    up = frames[best].parent
    if frames[best].tag == "p" and up > 0 and scores[up] > 0:
        best = up  # a paragraph is part of an article, never the whole container
    while title_ui >= 0:
        narrowed = _anchor(walk, scores, best, title_ui)
        if narrowed == best:
            break
        best = narrowed
    if title_ui >= 0:
        best = _own_article(walk, base, best, title_ui)
    best_score = scores[best]
    chosen = [best]
    parent = frames[best].parent
    if parent >= 0:
        for i in range(best + 1, nf):
            f = frames[i]
            if f.start >= frames[parent].end:
                break
            if f.parent != parent or i == best:
                continue
            if _joins(frames[best], f, b_sum[i] - d_sum[i], best_score, parent):
                chosen.append(i)
        for i in range(best - 1, parent, -1):
            f = frames[i]
            if f.parent == parent and _joins(frames[best], f, b_sum[i] - d_sum[i], best_score,
                                             parent):
                chosen.append(i)
    chosen.sort()
    return best, chosen


def _joins(best: Frame, sib: Frame, score: float, best_score: float, parent: int) -> bool:
    """Whether a sibling of the article frame is more of its text (a body split by an ad or a
    widget): prose of its own, not boilerplate, and not another post (``<article>`` beside an
    ``<article>``)."""
    return score >= max(80.0, 0.12 * best_score) and not sib.negf > parent and not (
        best.tag == "article" and sib.tag == "article")


def _own_article(walk: Walk, base: list[float], best: int, title_ui: int) -> int:
    """Narrow ``best`` to the ``<article>`` that holds the headline when the rest of its prose
    is in other ``<article>`` elements (a post followed by teasers of other posts, each in its
    own ``<article>``) and the headline's own holds prose of its own."""
    frames, units = walk.frames, walk.units
    top = -1
    c = units[title_ui].frame
    while c > best:
        if frames[c].tag == "article":
            top = c
        c = frames[c].parent
    if top < 0 or c != best:
        return best
    own, f = frames[top], frames[best]
    if sum(max(base[k], 0.0) for k in range(own.start, own.end)) < _FREE_FLOOR:
        return best
    outside = in_posts = 0.0
    for k in range(f.start, f.end):
        if own.start <= k < own.end or base[k] <= 0:
            continue
        outside += base[k]
        c = units[k].frame
        while c > best and frames[c].tag != "article":
            c = frames[c].parent
        if c > best:
            in_posts += base[k]
    return top if outside and in_posts >= _FEED_SHARE * outside else best


def _anchor(walk: Walk, scores: list[float], best: int, title_ui: int) -> int:
    """Narrow ``best`` to the part that holds the headline when it holds a feed of articles:
    on the path from ``best`` down to the headline, an element with a sibling built like it
    (same tag and class) that holds another top-level headline."""
    frames, units = walk.frames, walk.units
    f = frames[best]
    if not f.start <= title_ui < f.end:
        return best
    others = [k for k in range(f.start, f.end)
              if k != title_ui and frames[units[k].frame].heading == 1]
    if not others:
        return best
    path = []  # frames from the headline up to (not including) best
    c = units[title_ui].frame
    while c > best:
        path.append(c)
        c = frames[c].parent
    if c != best:
        return best
    for child in reversed(path):  # from the top down
        parent = frames[child].parent
        for k in others:
            c = units[k].frame
            while c > parent and frames[c].parent != parent:
                c = frames[c].parent
            if c != child and frames[c].parent == parent and frames[c].tag == frames[child].tag \
                    and frames[c].cls == frames[child].cls:
                end = frames[child].end
                top, j = child, child + 1
                while j < len(frames) and frames[j].start < end:
                    if scores[j] > scores[top]:
                        top = j
                    j += 1
                return top if scores[top] > 0.2 * scores[best] else best
    return best
