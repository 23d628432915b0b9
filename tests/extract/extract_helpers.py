"""Shared checks for the extraction tests: compare an Article with an expected.json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).resolve().parent / "golden"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "seed-article"

_SCALARS = ("url", "title", "lead", "published", "modified", "section", "site_name", "language")


def norm(s: str | None) -> str | None:
    return " ".join(s.split()) if isinstance(s, str) else s


def searchable(d: dict[str, Any]) -> list[str]:
    """The fields that must_not_contain applies to: title, lead, paragraphs, related, images."""
    out = [d.get("title") or "", d.get("lead") or ""]
    out += d.get("paragraphs", [])
    out += [r.get("text") or "" for r in d.get("related", [])]
    out += [r.get("url") or "" for r in d.get("related", [])]
    for im in d.get("images", []):
        out += [str(v) for v in im.values() if v is not None]
    return out


def problems(got: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Every difference between an extraction (Article.to_dict()) and an expected.json."""
    errs: list[str] = []
    for key in _SCALARS:
        if key in expected and norm(got.get(key)) != norm(expected[key]):
            errs.append(f"{key}: got {got.get(key)!r}, expected {expected[key]!r}")
    for key in ("tags", "authors"):
        if key in expected and got.get(key) != expected[key]:
            errs.append(f"{key}: got {got.get(key)!r}, expected {expected[key]!r}")
    if "paragraphs" in expected:
        gp = [norm(p) for p in got.get("paragraphs", [])]
        ep = [norm(p) for p in expected["paragraphs"]]
        if gp != ep:
            errs.append("paragraphs differ:\n  got      " + "\n  got      ".join(map(repr, gp))
                        + "\n  expected " + "\n  expected ".join(map(repr, ep)))
    if "related" in expected:
        gr = [(r.get("url"), norm(r.get("text"))) for r in got.get("related", [])]
        er = [(r.get("url"), norm(r.get("text"))) for r in expected["related"]]
        if gr != er:
            errs.append(f"related: got {gr!r}, expected {er!r}")
    if "images" in expected:
        gi = got.get("images", [])
        if [i["url"] for i in gi] != [i["url"] for i in expected["images"]]:
            errs.append(f"image urls: got {[i['url'] for i in gi]}, "
                        f"expected {[i['url'] for i in expected['images']]}")
        else:
            for g, e in zip(gi, expected["images"], strict=True):
                for k, v in e.items():
                    if norm(g.get(k)) != norm(v):
                        errs.append(f"image {e['url']} {k}: got {g.get(k)!r}, expected {v!r}")
    for bad in expected.get("must_not_contain", []):
        hits = [s for s in searchable(got) if bad in s]
        if hits:
            errs.append(f"must not contain {bad!r}, found in {hits[0][:120]!r}")
    return errs
