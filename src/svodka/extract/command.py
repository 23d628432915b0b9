"""``svodka extract [--url URL] [--format json|markdown|text] PATH_OR_URL...``

Inputs are ``.html`` / ``.htm`` / ``.html.gz`` files, directories (every such page in them, sorted),
or ``http(s)://`` URLs, fetched by the ``load_url`` callable the CLI passes in (it returns the body
bytes and the Content-Type). JSON gives one object for one page and JSON lines for several.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from svodka.extract.engine import extract
from svodka.records import Article, NoArticle

FORMATS = ("json", "markdown", "text")
_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz", ".xhtml")
MAX_FILE_BYTES = 64 * 1024 * 1024

LoadUrl = Callable[[str], tuple[bytes, str | None]]


def _is_page(p: Path) -> bool:
    name = p.name.lower()
    return p.is_file() and name.endswith(_SUFFIXES)


def _read(path: Path) -> bytes:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"{path}: larger than {MAX_FILE_BYTES} bytes")
    return data


def _expand(inputs: list[str]) -> Iterator[tuple[str, Path | None]]:
    """(name, path) per page; path is None for a URL."""
    for item in inputs:
        if item.startswith(("http://", "https://")):
            yield item, None
            continue
        p = Path(item)
        if p.is_dir():
            for child in sorted(c for c in p.rglob("*") if _is_page(c)):
                yield str(child), child
        else:
            yield item, p


def _render(article: Article, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(article.to_dict(), ensure_ascii=False)
    if fmt == "markdown":
        return article.markdown
    parts = [article.title] if article.title else []
    if article.text:
        parts.append(article.text)
    return "\n\n".join(parts)


def run_extract(inputs: list[str], url: str | None, fmt: str, out: TextIO,
                load_url: LoadUrl | None = None) -> int:
    """Extract every input and write it to ``out``. Returns the exit status (0, 1 on any error)."""
    if fmt not in FORMATS:
        print(f"svodka extract: unknown format {fmt!r} (choose from {', '.join(FORMATS)})",
              file=sys.stderr)
        return 2
    pages = list(_expand(inputs))
    if not pages:
        print("svodka extract: no pages in the given inputs", file=sys.stderr)
        return 1
    if url and len(pages) > 1:
        print("svodka extract: --url applies to one page only", file=sys.stderr)
        return 2
    status = 0
    first = True
    for name, path in pages:
        try:
            if path is None:
                if load_url is None:
                    raise ValueError("fetching URLs is not available here")
                body, content_type = load_url(name)
                page_url = url or name
            else:
                body, content_type = _read(path), None
                page_url = url
            article = extract(body, url=page_url, content_type=content_type)
        except (OSError, ValueError, EOFError) as exc:
            print(f"svodka extract: {name}: {exc}", file=sys.stderr)
            status = 1
            continue
        if article.missing is not None:
            # Said once, on its own line; a page that is not HTML gives nothing else.
            print(f"svodka extract: {name}: no article: {article.missing.value}", file=sys.stderr)
            status = 1
            if article.missing is NoArticle.NOT_HTML:
                continue
        text = _render(article, fmt)
        try:
            if fmt == "json":
                out.write(text + "\n")
            else:
                if not first:
                    out.write("\n\n" + ("-" * 40) + "\n\n")
                out.write(text + "\n")
            out.flush()
        except BrokenPipeError:  # the reader went away (`| head`): stop quietly
            return status
        first = False
    return status
