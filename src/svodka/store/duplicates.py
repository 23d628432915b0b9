"""Near-duplicate groups: each stored article joins the group of the most alike earlier text
sharing an LSH band with it (its own group when none is alike enough)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select, update

from svodka.records import TextFingerprint
from svodka.store import schema as t

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# Signatures compared per article at most: a band shared by many articles (an outlet's
# boilerplate paragraph) must not make one write read thousands of rows.
MAX_CANDIDATES = 200

_SET_GROUP = (update(t.articles).where(t.articles.c.id == bindparam("aid"))
              .values(dup_group=bindparam("g")))


def group_duplicates(c: Connection, ids: Sequence[int],
                     fingerprints: Sequence[TextFingerprint | None]) -> None:
    """Give each article with a fingerprint (stored with the article) its near-duplicate group:
    the group of the most alike earlier article (its own, NULL, when none is alike), and record
    its bands; inside the batch's transaction, so articles of one batch find each other too.

    The band rows go through the driver directly: SQLAlchemy's per-row parameter handling cost
    more than the database did (about 20 rows per article)."""
    todo = [(aid, fp) for aid, fp in zip(ids, fingerprints, strict=True) if fp is not None]
    if not todo:
        return
    a = t.articles.c
    mark = "?" if c.dialect.paramstyle == "qmark" else "%s"
    mine = [aid for aid, _ in todo]
    c.exec_driver_sql(f"DELETE FROM article_bands WHERE article_id IN ({_marks(mark, mine)})",
                      tuple(mine))  # rewritten in place
    by_band: dict[int, list[int]] = {}
    wanted = list({b for _, fp in todo for b in fp.bands})
    for band, aid in c.exec_driver_sql(
            f"SELECT band, article_id FROM article_bands WHERE band IN ({_marks(mark, wanted)})",
            tuple(wanted)):
        by_band.setdefault(band, []).append(aid)
    others = {aid for found in by_band.values() for aid in found}
    known: dict[int, tuple[int, bytes]] = {
        r.id: (r.dup_group or r.id, r.fingerprint) for r in c.execute(
            select(a.id, a.dup_group, a.fingerprint).where(a.id.in_(others)))
        if r.fingerprint is not None} if others else {}
    groups, bands = [], []
    for aid, fp in todo:
        group = _best_group(aid, fp, by_band, known)
        if group != aid:
            groups.append({"aid": aid, "g": group})
        known[aid] = (group, fp.signature)
        for band in dict.fromkeys(fp.bands):
            by_band.setdefault(band, []).append(aid)
            bands.append((band, aid))
    if groups:
        c.execute(_SET_GROUP, groups)
    c.exec_driver_sql(f"INSERT INTO article_bands (band, article_id) VALUES ({mark}, {mark})",
                      bands)


def _marks(mark: str, values: Sequence[object]) -> str:
    return ", ".join([mark] * len(values))


def _best_group(aid: int, fp: TextFingerprint, by_band: dict[int, list[int]],
                known: dict[int, tuple[int, bytes]]) -> int:
    candidates = dict.fromkeys(x for band in fp.bands for x in by_band.get(band, ()) if x != aid)
    best: tuple[float, int] | None = None
    for other in list(candidates)[:MAX_CANDIDATES]:
        if other not in known:
            continue
        group, signature = known[other]
        r = fp.resemblance(signature)
        if r >= fp.min_resemblance and (best is None or (r, -group) > (best[0], -best[1])):
            best = (r, group)
    return best[1] if best is not None else aid
