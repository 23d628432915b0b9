"""``svodka classify FILE.jsonl``: lines {"id","title","text"} in, enrichment lines out."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from . import enrich_text

OUTPUT_FIELDS = ("language", "is_news", "category", "entities", "quotes", "keywords")


def classify_record(record: dict[str, Any]) -> dict[str, Any]:
    """One input line's answer, computed by the pipeline's own enrichment."""
    e = enrich_text(str(record.get("title") or ""), str(record.get("text") or "")).to_dict()
    return {"id": record.get("id"), **{k: e[k] for k in OUTPUT_FIELDS}}


def run_classify(inp: TextIO, out: TextIO) -> int:
    """Process every line; a malformed line is reported on stderr and skipped. Exit status:
    0 when all lines were answered, 1 when any was skipped."""
    status = 0
    for n, line in enumerate(inp, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not a JSON object")
        except ValueError as exc:
            print(f"line {n}: skipped: {exc}", file=sys.stderr)
            status = 1
            continue
        out.write(json.dumps(classify_record(record), ensure_ascii=False) + "\n")
    out.flush()
    return status
