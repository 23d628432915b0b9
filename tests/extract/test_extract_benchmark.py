"""A quality floor on the shared article-extraction benchmark (skips when the data is absent).

The full comparison with trafilatura and readability is bench/extraction.py; this only guards
against regressions, on every page, in a few seconds.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "article-extraction-benchmark"


def test_benchmark_f1_floor() -> None:
    if not (DATA / "ground-truth.json").exists():
        pytest.skip(f"{DATA} is absent (shared data is only in the workplace and CI)")
    sys.path.insert(0, str(ROOT / "bench"))
    import extraction
    from svodka.extract import extract

    pages = extraction.load(DATA)
    pairs = [(truth, extract(html, url=url).text) for _, html, url, truth in pages]
    f1, precision, recall = extraction.score(pairs)
    assert f1 >= 0.96, (f1, precision, recall)
