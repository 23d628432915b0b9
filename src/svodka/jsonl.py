"""JSON-lines input for the commands that read it (``classify``, ``stories cluster``): line by line, bounded, each bad line named."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

# A line longer than this is refused unread: the longest real articles, with their JSON
# escaping, stay well under 1 MiB, and what reads a line (enrichment, the encoder) grows with it.
MAX_LINE_BYTES = 1 << 20
# Byte-order marks of the encodings a JSON-lines file must not be in (it is UTF-8).
_FOREIGN_BOMS = {b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16", b"\x00\x00\xfe\xff": "UTF-32"}


class InputError(ValueError):
    """The input as a whole cannot be read as JSON lines."""


def numbered_lines(inp: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """``(number, line)``, or ``(number, None)`` for a line over ``MAX_LINE_BYTES`` (skipped
    without holding it in memory). Raises ``InputError`` for a file in UTF-16 or UTF-32."""
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


def parse_object(line: bytes | None) -> dict[str, Any]:
    """One line as a JSON object; raises ValueError saying what is wrong with it (``None``: the
    line was too long to read)."""
    if line is None:
        raise ValueError(f"longer than {MAX_LINE_BYTES >> 20} MiB")
    try:
        obj = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 (byte 0x{line[exc.start]:02x} at {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    return obj
