"""``svodka classify FILE.jsonl``: lines {"id","title","text"} in, enrichment lines out."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO, TextIO

from . import enrich_text

OUTPUT_FIELDS = ("language", "is_news", "category", "entities", "quotes", "keywords")


def classify_record(record: dict[str, Any]) -> dict[str, Any]:
    """One input line's answer, computed by the pipeline's own enrichment."""
    e = enrich_text(str(record.get("title") or ""), str(record.get("text") or "")).to_dict()
    return {"id": record.get("id"), **{k: e[k] for k in OUTPUT_FIELDS}}


# A line longer than this is refused unread: the longest real articles, with their JSON
# escaping, stay well under 1 MiB, and enrichment's memory grows with the text it is given.
MAX_LINE_BYTES = 1 << 20
# Byte-order marks of the encodings a JSON-lines file must not be in (it is UTF-8).
_FOREIGN_BOMS = {b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16", b"\x00\x00\xfe\xff": "UTF-32"}


class InputError(ValueError):
    """The input as a whole cannot be read as JSON lines."""


def _lines(inp: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """``(number, line)``, or ``(number, None)`` for a line over ``MAX_LINE_BYTES`` (skipped
    without holding it in memory)."""
    n = 0
    while True:
        line = inp.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        n += 1
        if n == 1:
            for bom, name in _FOREIGN_BOMS.items():
                if line.startswith(bom):
                    raise InputError(f"the input is {name}; JSON lines must be UTF-8")
            line = line.removeprefix(b"\xef\xbb\xbf")
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := inp.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield n, None
            continue
        yield n, line


def _record(line: bytes) -> dict[str, Any]:
    """One line as a JSON object; raises ValueError saying what is wrong with it."""
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 (byte 0x{line[exc.start]:02x} at {exc.start})") from None
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    return record


def run_classify(inp: BinaryIO, out: TextIO) -> int:
    """Process every line; a malformed or oversized line is reported on stderr and skipped.
    Exit status: 0 when all lines were answered, 1 when any was skipped. Raises
    ``InputError`` when the input is not UTF-8 JSON lines at all."""
    status = 0
    for n, line in _lines(inp):
        try:
            if line is None:
                raise ValueError(f"longer than {MAX_LINE_BYTES >> 20} MiB")
            if not line.strip():
                continue
            record = _record(line)
        except ValueError as exc:
            print(f"line {n}: skipped: {exc}", file=sys.stderr)
            status = 1
            continue
        out.write(json.dumps(classify_record(record), ensure_ascii=False) + "\n")
    out.flush()
    return status
