"""``svodka classify FILE.jsonl``: lines {"id","title","text"} in, enrichment lines out."""

from __future__ import annotations

import json
import sys
from typing import Any, BinaryIO, TextIO

from svodka.jsonl import numbered_lines, parse_object
from svodka.markup import is_markup, paragraphs, plain_line

from . import enrich_text

OUTPUT_FIELDS = ("language", "is_news", "category", "entities", "quotes", "keywords")


def classify_record(record: dict[str, Any]) -> dict[str, Any]:
    """One input line's answer, computed by the pipeline's own enrichment (a title or text given
    as HTML is read as its text)."""
    title = plain_line(str(record.get("title") or ""))
    text = str(record.get("text") or "")
    if is_markup(text):
        text = "\n".join(paragraphs(text))
    e = enrich_text(title, text).to_dict()
    return {"id": record.get("id"), **{k: e[k] for k in OUTPUT_FIELDS}}


def run_classify(inp: BinaryIO, out: TextIO) -> int:
    """Process every line; a malformed or oversized line is reported on stderr and skipped.
    Exit status: 0 when all lines were answered, 1 when any was skipped. Raises
    ``InputError`` when the input is not UTF-8 JSON lines at all."""
    status = 0
    for n, line in numbered_lines(inp):
        try:
            if line is not None and not line.strip():
                continue
            record = parse_object(line)
        except ValueError as exc:
            print(f"line {n}: skipped: {exc}", file=sys.stderr)
            status = 1
            continue
        out.write(json.dumps(classify_record(record), ensure_ascii=False) + "\n")
    out.flush()
    return status
