"""What the terminal shows: crawl progress and summaries, source tables (rich).

Outlet text (names, titles, URLs, error messages) reaches the terminal only through
``terminal_text``: control characters made visible, never interpreted (no ANSI escapes, no
cursor moves, no hyperlinks), and as ``rich.text.Text``, never parsed as rich markup.
"""

from __future__ import annotations

import asyncio
import logging
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from svodka.records import SourceState

if TYPE_CHECKING:
    from svodka.pipeline import CrawlSummary, Pipeline

console = Console(stderr=True)
# A table cell or progress label longer than this is cut: one outlet cannot flood the terminal.
MAX_CELL_CHARS = 300


def terminal_text(value: object, limit: int = MAX_CELL_CHARS) -> str:
    """``value`` as one inert line: control and format characters (ESC, CR, bidi overrides ...)
    shown as escapes instead of acting on the terminal; at most ``limit`` characters."""
    text = " ".join(str(value if value is not None else "").split())
    out = "".join(ch if ch.isprintable() and unicodedata.category(ch) != "Cf"
                  else ascii(ch)[1:-1] for ch in text)
    return out if len(out) <= limit else out[:limit] + "…"


class InertFormatter(logging.Formatter):
    """Log lines whose outlet text (URLs, titles, server messages) cannot drive the terminal."""

    def format(self, record: logging.LogRecord) -> str:
        lines = super().format(record).split("\n")
        return "\n".join(terminal_text(line, limit=10_000) for line in lines)


def setup_logging(*, verbose: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(InertFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler])


def plain(value: object, limit: int = MAX_CELL_CHARS) -> Text:
    """Outlet text for rich: inert characters, and never parsed as markup."""
    return Text(terminal_text(value, limit))


def crawl_with_progress(pipeline: Pipeline, *, quiet: bool = False) -> CrawlSummary:
    """Run one crawl pass with a live progress display, then print its summary."""
    with Progress(
        TextColumn("[bold]{task.description:<9}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[label]}", style="dim", justify="left", markup=False),
        console=console, transient=False, disable=quiet,
    ) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int, label: str) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total, label="")
            bar.update(tasks[stage], completed=done, total=total,
                       label=terminal_text(label)[-60:])

        async def go() -> CrawlSummary:
            try:
                return await pipeline.crawl(progress=progress)
            finally:
                await pipeline.aclose()

        summary = asyncio.run(go())
    if not quiet:
        print_summary(summary)
    return summary


def print_summary(summary: CrawlSummary) -> None:
    polled = len(summary.polls)
    new = sum(p.new_entries for p in summary.polls)
    console.print(
        f"[bold]{summary.stored}[/] articles stored from {polled} sources "
        f"({new} new links, {len(summary.failed_entries)} failed) in {summary.seconds:.1f}s")
    if summary.failed_sources:
        table = Table("source", "reason", title="sources that failed", title_justify="left")
        for p in summary.failed_sources:
            table.add_row(plain(p.name), plain(p.error or ""))
        console.print(table)
    if summary.failed_entries:
        table = Table("article", "reason", title="articles that failed", title_justify="left")
        for e in summary.failed_entries[:30]:
            table.add_row(plain(e.url), plain(e.error or ""))
        if len(summary.failed_entries) > 30:
            table.add_row(f"... {len(summary.failed_entries) - 30} more", "")
        console.print(table)


def sources_table(states: Sequence[SourceState]) -> None:
    table = Table("id", "name", "lang", "url", "last polled", "next poll", "failures", "error")
    for st in states:
        s = st.source
        table.add_row(
            str(s.id), plain(s.name), plain(s.language or ""), plain(s.url),
            st.last_polled_at.strftime("%Y-%m-%d %H:%M") if st.last_polled_at else "never",
            st.next_poll_at.strftime("%Y-%m-%d %H:%M") if st.next_poll_at else "",
            str(st.failures), plain(st.last_error or "", 60),
        )
    out = Console()
    if not out.is_terminal:  # piped: do not squeeze the table into 80 columns
        out = Console(width=240)
    out.print(table)
