"""The scheduler hands out what is due, each once however many run, holds polls back while the
workers are behind, and hands out again what a lost message or a killed worker left undone."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from svodka.pipeline.scheduler import Scheduler
from svodka.records import FeedEntry, Source
from svodka.store import Store

LEASE = 600.0
POLL_LEASE = ENTRY_LEASE = LEASE


@dataclass
class Sent:
    """Messages a scheduler sent (instead of a broker)."""

    polls: list[int] = field(default_factory=list)
    entries: list[int] = field(default_factory=list)
    templates: list[int] = field(default_factory=list)
    ranks: int = 0

    def poll_source(self, source_id: int) -> None:
        self.polls.append(source_id)

    def process_entry(self, entry_id: int) -> None:
        self.entries.append(entry_id)

    def learn_template(self, source_id: int) -> None:
        self.templates.append(source_id)

    def rank_stories(self) -> None:
        self.ranks += 1


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()


def _sources(store: Store, n: int) -> list[int]:
    return [store.add_source(Source(url=f"https://s{i}.example/rss")).id or 0 for i in range(n)]


def test_each_due_source_and_entry_is_handed_out_once_by_concurrent_schedulers(
        store: Store, db_url: str) -> None:
    ids = _sources(store, 30)
    store.add_entries(ids[0], [FeedEntry(url=f"https://s0.example/{i}") for i in range(40)])
    stores = [Store(db_url, migrate=False) for _ in range(4)]
    sent = [Sent() for _ in stores]
    try:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda i: Scheduler(stores[i], sent[i], lease=LEASE).run_pass(), range(4)))
    finally:
        for s in stores:
            s.close()
    polls = [p for s in sent for p in s.polls]
    entries = [e for s in sent for e in s.entries]
    assert sorted(polls) == sorted(ids)  # every source once, whoever sent it
    assert len(entries) == len(set(entries)) == 40
    again = Sent()
    Scheduler(store, again, lease=LEASE).run_pass()  # nothing is due any more
    assert again.polls == [] and again.entries == [] and again.ranks == 1


def test_polls_are_held_while_the_workers_are_behind(store: Store) -> None:
    (sid,) = _sources(store, 1)
    store.add_entries(sid, [FeedEntry(url=f"https://s0.example/{i}") for i in range(5)])
    sent = Sent()
    report = Scheduler(store, sent, lease=LEASE, max_backlog=3).run_pass()
    assert report.held and sent.polls == []
    assert len(sent.entries) == 5  # what is announced is still handed out


def test_what_a_lost_message_left_undone_is_due_again_after_its_lease(store: Store) -> None:
    (sid,) = _sources(store, 1)
    store.add_entries(sid, [FeedEntry(url="https://s0.example/a")])
    now = datetime.now(UTC)
    assert store.claim_due_sources(lease=POLL_LEASE, now=now) == [sid]
    (eid,) = store.claim_due_entries(lease=ENTRY_LEASE, limit=10, now=now)
    # The messages are lost (a broker restarted empty, a worker killed): nothing is due at once,
    later = now + timedelta(seconds=min(POLL_LEASE, ENTRY_LEASE) / 2)
    assert store.claim_due_sources(lease=POLL_LEASE, now=later) == []
    assert store.claim_due_entries(lease=ENTRY_LEASE, limit=10, now=later) == []
    # and both are handed out again once their leases are over.
    after = now + timedelta(seconds=max(POLL_LEASE, ENTRY_LEASE) + 1)
    assert store.claim_due_sources(lease=POLL_LEASE, now=after) == [sid]
    assert store.claim_due_entries(lease=ENTRY_LEASE, limit=10, now=after) == [eid]


def test_disabled_sources_are_not_polled_and_templates_are_asked_for(store: Store) -> None:
    a, b = _sources(store, 2)
    store.add_source(Source(url="https://s1.example/rss", enabled=False))
    sent = Sent()
    Scheduler(store, sent, lease=LEASE).run_pass()
    assert sent.polls == [a]
    assert sent.templates == []  # no source has the articles a template is learned from
    assert b not in sent.polls
