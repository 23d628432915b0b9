"""Kept units to readable body blocks: paragraphs, headings, lists, quotes, tables, code."""

from __future__ import annotations

from svodka.extract.dom import Walk
from svodka.records import Block

_MAX_CELL = 400
# Block elements that a data table's cells do not hold (a cell holding them is page layout).
_LAYOUT_TAGS = frozenset({"div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "form",
                          "section", "article", "header", "footer", "nav", "aside", "main"})


def data_tables(walk: Walk) -> set[int]:
    """Tables that hold data, not page layout: no nested table, no long prose in a cell (one
    paragraph or several ``<br><br>``-separated ones)."""
    frames, units = walk.frames, walk.units
    tables: set[int] = set()
    nested: set[int] = set()
    for i, f in enumerate(frames):
        if f.tag == "table":
            tables.add(i)
            if f.parent >= 0 and frames[f.parent].table_id >= 0:
                nested.add(frames[f.parent].table_id)
    out = set()
    for t in tables - nested:
        f = frames[t]
        if f.end - f.start > 400:
            continue
        per_frame: dict[int, int] = {}  # text by innermost element: a cell's paragraphs add up
        for k in range(f.start, f.end):
            per_frame[units[k].frame] = per_frame.get(units[k].frame, 0) + len(units[k].text)
        if max(per_frame.values(), default=0) > _MAX_CELL:
            continue
        j = t + 1
        while j < len(frames) and frames[j].start < f.end:
            if frames[j].tag in _LAYOUT_TAGS and frames[j].table_id == t:
                break
            j += 1
        else:
            out.add(t)
    return out


def build_blocks(walk: Walk, keep: list[int]) -> list[Block]:
    frames, units = walk.frames, walk.units
    tables = data_tables(walk) if any(frames[units[k].frame].table_id >= 0 for k in keep) else set()
    blocks: list[Block] = []
    group_key: tuple[str, int] | None = None
    rows: list[tuple[int, list[str]]] = []  # (item or row id, texts)

    def close() -> None:
        nonlocal group_key, rows
        if group_key is None:
            return
        kind, gid = group_key
        if kind == "table":
            text = "\n".join(" | ".join(cells) for _, cells in rows)
            blocks.append(Block(text, "table"))
        elif kind == "quote":
            blocks.append(Block("\n".join(t for _, ts in rows for t in ts), "quote"))
        else:
            items = [" ".join(ts) for _, ts in rows]
            text = "\n".join("- " + it for it in items if it)
            blocks.append(Block(text, "ol" if frames[gid].tag == "ol" else "ul"))
        group_key, rows = None, []

    for k in keep:
        u = units[k]
        f = frames[u.frame]
        if f.heading:
            close()
            blocks.append(Block(u.text, "h", f.heading))
            continue
        if f.pre:
            close()
            blocks.append(Block(u.text, "pre"))
            continue
        if f.table_id in tables:
            key, sub = ("table", f.table_id), f.row_id
        elif f.list_id >= 0 and f.item_id >= 0 and f.item_id > f.list_id:
            key, sub = ("list", f.list_id), f.item_id
        elif f.quote_id >= 0:
            key, sub = ("quote", f.quote_id), k
        else:
            close()
            blocks.append(Block(u.text, "p"))
            continue
        if key != group_key:
            close()
            group_key = key
        if rows and rows[-1][0] == sub:
            rows[-1][1].append(u.text)
        else:
            rows.append((sub, [u.text]))
    close()
    return [b for b in blocks if b.text]
