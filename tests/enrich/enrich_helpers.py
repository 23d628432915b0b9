"""Paths to the shared data the enrichment tests read in place."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "fixtures" / "seed-article"
CATEGORIES = SHARED / "data" / "tgcontest-toloka" / "categories"


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (shared data is only in the workplace and CI)")
    return path
