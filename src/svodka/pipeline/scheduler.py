"""The queue workers' scheduler: hands out what is due (polls, articles, templates, ranking),
each once however many schedulers run, and holds back while the workers are behind."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any, Protocol

from svodka.pipeline.runner import TEMPLATE_MAX_PAGES, TEMPLATE_MIN_PAGES, Pipeline
from svodka.pipeline.tasks import Context
from svodka.store import Store

log = logging.getLogger("svodka.scheduler")

# Backpressure: no new polls while this many announced articles wait (about ten minutes of
# work for a few workers); articles already announced are still handed out.
MAX_BACKLOG = 5_000
# Articles handed out per pass: bounded so one pass never floods the broker.
ENTRIES_PER_PASS = 2_000
TEMPLATE_EVERY = 300.0  # seconds between looks for sources that could learn a site template


class Sender(Protocol):
    """What the scheduler sends: one message per task (the Dramatiq actors implement it)."""

    def poll_source(self, source_id: int) -> None: ...
    def process_entry(self, entry_id: int) -> None: ...
    def learn_template(self, source_id: int) -> None: ...
    def rank_stories(self) -> None: ...


@dataclass(slots=True)
class PassReport:
    polls: int = 0
    entries: int = 0
    templates: int = 0
    held: bool = False  # polls held back: the workers are behind


@dataclass(slots=True)
class Scheduler:
    store: Store
    send: Sender
    lease: float  # seconds before what was handed out is handed out again (Settings.task_lease)
    max_backlog: int = MAX_BACKLOG
    _templates_at: float = 0.0

    def run_pass(self) -> PassReport:
        """Hand out what is due now."""
        report = PassReport()
        backlog = self.store.entry_counts().get("pending", 0)
        report.held = backlog > self.max_backlog
        if report.held:
            log.warning("%d articles waiting: no new polls this pass", backlog)
        else:
            for sid in self.store.claim_due_sources(lease=self.lease):
                self.send.poll_source(sid)
                report.polls += 1
        for eid in self.store.claim_due_entries(lease=self.lease, limit=ENTRIES_PER_PASS):
            self.send.process_entry(eid)
            report.entries += 1
        if time.monotonic() - self._templates_at >= TEMPLATE_EVERY or not self._templates_at:
            self._templates_at = time.monotonic()
            for sid in self.store.sources_without_template(min_articles=TEMPLATE_MIN_PAGES):
                self.send.learn_template(sid)
                report.templates += 1
        self.send.rank_stories()
        return report

    async def run_forever(self, *, tick: float) -> None:
        while True:
            try:
                r = self.run_pass()
                log.info("scheduled %d polls, %d articles, %d templates%s", r.polls, r.entries,
                         r.templates, " (polls held)" if r.held else "")
            except Exception:  # a database restart: try again next tick
                log.exception("scheduler pass failed")
            await asyncio.sleep(tick)


async def learn_template_task(pipeline: Pipeline, ctx: Context, source_id: int) -> bool:
    """Learn a source's site template from its latest stored articles, fetched again (a queue
    worker has no crawl's pages at hand); False when too few could be fetched."""
    if ctx.store.template(source_id) is not None:
        return True  # another worker learned it meanwhile
    pages: list[tuple[bytes, str]] = []
    for a in ctx.store.latest_articles(source_id=source_id, limit=TEMPLATE_MAX_PAGES):
        try:
            page = await ctx.fetcher.fetch(a.article.url or "", kind="page")
        except Exception as exc:  # noqa: BLE001 - a template is an optimisation
            log.info("template sample %s not fetched: %s", a.article.url, exc)
            continue
        pages.append((page.body, page.url))
    if len(pages) < TEMPLATE_MIN_PAGES:
        return False
    await pipeline.learn_templates(ctx, {source_id: pages})
    return True


def actors_sender(actors: Any) -> Sender:
    """The Dramatiq actors as a ``Sender``."""

    class _Send:
        def poll_source(self, source_id: int) -> None:
            actors.poll_source.send(source_id)

        def process_entry(self, entry_id: int) -> None:
            actors.process_entry.send(entry_id)

        def learn_template(self, source_id: int) -> None:
            actors.learn_template.send(source_id)

        def rank_stories(self) -> None:
            actors.rank_stories.send()

    return _Send()
