"""The pipeline's tasks as Dramatiq actors over Redis or RabbitMQ: the scale-out runner.

The actors call the very functions the in-process runner calls (``svodka.pipeline.tasks``); no stage
knows which runs it. Each worker thread keeps its own event loop and ``Context`` (HTTP client, store
connection pool, media store), built on its first message.

Run workers with ``svodka worker`` (broker from ``SVODKA_BROKER_URL``: ``redis://…`` or
``amqp://…``) and feed them with ``svodka scheduler`` (or ``svodka enqueue`` from cron).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import dramatiq
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.redis import RedisBroker

from svodka.config import Settings
from svodka.pipeline.runner import Pipeline
from svodka.pipeline.scheduler import (
    ENTRIES_PER_PASS,
    PassReport,
    Scheduler,
    actors_sender,
    learn_template_task,
)
from svodka.pipeline.tasks import Context, poll_source, process_entry
from svodka.store import Store

QUEUE = "svodka"


def broker_from_url(url: str) -> dramatiq.Broker:
    if url.startswith(("amqp://", "amqps://")):
        return RabbitmqBroker(url=url)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisBroker(url=url)
    raise ValueError(f"unsupported broker URL {url!r}: use redis://… or amqp://…")


class _ThreadState(threading.local):
    loop: asyncio.AbstractEventLoop | None = None
    pipeline: Pipeline | None = None
    ctx: Context | None = None


@dataclass(slots=True)
class Actors:
    poll_source: Any
    process_entry: Any
    learn_template: Any
    rank_stories: Any
    broker: dramatiq.Broker


def declare(broker: dramatiq.Broker, settings_factory: Callable[[], Settings] = Settings.from_env,
            *, queue: str = QUEUE) -> Actors:
    """Declare svodka's actors on ``broker``; the workers build their settings with the factory.

    One store (connection pool) per process, one event loop, fetcher and context per thread.
    """
    state = _ThreadState()
    shared: dict[str, Store] = {}
    lock = threading.Lock()

    def run(coro_factory: Callable[[Context], Any]) -> Any:
        if state.loop is None:
            settings = settings_factory()
            with lock:
                if "store" not in shared:
                    shared["store"] = Store(settings.db_url)
            state.loop = asyncio.new_event_loop()
            state.pipeline = Pipeline(settings, store=shared["store"])
            state.ctx = state.loop.run_until_complete(state.pipeline.context())
        assert state.ctx is not None
        return state.loop.run_until_complete(coro_factory(state.ctx))

    def poll(source_id: int) -> int:
        report = run(lambda ctx: poll_source(ctx, source_id))
        if report.error is None and state.ctx is not None:  # its articles, each handed out once
            for eid in state.ctx.store.claim_due_entries(
                    lease=state.pipeline.settings.task_lease,  # type: ignore[union-attr]
                    limit=ENTRIES_PER_PASS, source_id=source_id):
                entry_actor.send(eid)
        return report.new_entries

    def process(entry_id: int) -> None:
        run(lambda ctx: _process_by_id(ctx, entry_id))
        if state.pipeline is not None:  # titles, ranks and earlier coverage of what it stored
            state.pipeline.rank_due()

    def template(source_id: int) -> bool:
        return bool(run(lambda ctx: learn_template_task(state.pipeline, ctx, source_id)))  # type: ignore[arg-type]

    def rank() -> None:
        run(lambda ctx: _noop())
        if state.pipeline is not None:
            state.pipeline.rank_due()

    def actor(fn: Callable[..., Any], name: str) -> Any:
        return dramatiq.actor(fn, broker=broker, actor_name=name, queue_name=queue,
                              max_retries=0)

    poll_actor = actor(poll, "svodka_poll_source")
    entry_actor = actor(process, "svodka_process_entry")
    return Actors(poll_source=poll_actor, process_entry=entry_actor,
                  learn_template=actor(template, "svodka_learn_template"),
                  rank_stories=actor(rank, "svodka_rank_stories"), broker=broker)


async def _noop() -> None:
    """Nothing: ``run`` builds the thread's context first."""


async def _process_by_id(ctx: Context, entry_id: int) -> None:
    entry = ctx.store.pending_entry(entry_id)
    if entry is None:  # done already (a redelivered message) or out of attempts
        return
    await process_entry(ctx, entry)


def enqueue_due(actors: Actors, store: Store, *, lease: float) -> PassReport:
    """One scheduler pass: send what is due, each once (``svodka enqueue``, e.g. from cron)."""
    return Scheduler(store, actors_sender(actors), lease=lease).run_pass()
