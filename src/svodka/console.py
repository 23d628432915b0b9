"""What the terminal shows: crawl progress and summaries, source tables (rich)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from svodka.pipeline import CrawlSummary, Pipeline
from svodka.records import SourceState

console = Console(stderr=True)


def crawl_with_progress(pipeline: Pipeline, *, quiet: bool = False) -> CrawlSummary:
    """Run one crawl pass with a live progress display, then print its summary."""
    with Progress(
        TextColumn("[bold]{task.description:<9}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), TextColumn("[dim]{task.fields[label]}", justify="left"),
        console=console, transient=False, disable=quiet,
    ) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int, label: str) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total, label="")
            bar.update(tasks[stage], completed=done, total=total, label=label[-60:])

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
            table.add_row(p.name, p.error or "")
        console.print(table)
    if summary.failed_entries:
        table = Table("article", "reason", title="articles that failed", title_justify="left")
        for e in summary.failed_entries[:30]:
            table.add_row(e.url, e.error or "")
        if len(summary.failed_entries) > 30:
            table.add_row(f"... {len(summary.failed_entries) - 30} more", "")
        console.print(table)


def sources_table(states: Sequence[SourceState]) -> None:
    table = Table("id", "name", "lang", "url", "last polled", "next poll", "failures", "error")
    for st in states:
        s = st.source
        table.add_row(
            str(s.id), s.name, s.language or "", s.url,
            st.last_polled_at.strftime("%Y-%m-%d %H:%M") if st.last_polled_at else "never",
            st.next_poll_at.strftime("%Y-%m-%d %H:%M") if st.next_poll_at else "",
            str(st.failures), (st.last_error or "")[:60],
        )
    out = Console()
    if not out.is_terminal:  # piped: do not squeeze the table into 80 columns
        out = Console(width=240)
    out.print(table)
