"""robots.txt (RFC 9309 plus Crawl-delay): parsing, matching and a per-origin cache.

Groups naming svodka's product token win over ``*``; within a group the longest
matching rule decides (Allow on a tie); ``*`` and ``$`` wildcards are understood.
Fetch outcomes follow the RFC: a 4xx robots.txt means "no rules", a 5xx or an
unreachable host means "crawl nothing for now".
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

__all__ = ["RobotsCache", "RobotsRules", "RobotsUnavailable", "parse_robots", "product_token"]

MAX_ROBOTS_BYTES = 512 * 1024


def product_token(user_agent: str) -> str:
    """"svodka/0.1 (+https://...)" -> "svodka"."""
    match = re.match(r"\s*([A-Za-z0-9_-]+)", user_agent)
    return match.group(1).lower() if match else user_agent.lower()


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    regex = ".*".join(re.escape(unquote(part)) for part in body.split("*"))
    return re.compile(regex + ("$" if anchored else ""), re.DOTALL)


@dataclass(frozen=True, slots=True)
class _Rule:
    allow: bool
    pattern: str
    regex: re.Pattern[str]


@dataclass(slots=True)
class RobotsRules:
    """The rules of one origin that apply to one user agent."""

    rules: list[_Rule] = field(default_factory=list)
    crawl_delay: float | None = None
    sitemaps: list[str] = field(default_factory=list)
    disallow_all: bool = False  # robots.txt unreachable: crawl nothing for now

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        path = unquote(parts.path or "/") + (f"?{unquote(parts.query)}" if parts.query else "")
        if path == "/robots.txt":
            return True
        if self.disallow_all:
            return False
        best: _Rule | None = None
        for rule in self.rules:
            if rule.regex.match(path) and (
                best is None
                or len(rule.pattern) > len(best.pattern)
                or (len(rule.pattern) == len(best.pattern) and rule.allow)
            ):
                best = rule
        return best is None or best.allow


def parse_robots(text: str, user_agent: str) -> RobotsRules:
    """The rules in ``text`` that apply to ``user_agent``'s product token."""
    token = product_token(user_agent)
    groups: list[tuple[list[str], list[tuple[str, str]]]] = []
    sitemaps: list[str] = []
    agents: list[str] = []
    lines: list[tuple[str, str]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        key, sep, value = line.partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "sitemap":
            sitemaps.append(value)
        elif key == "user-agent":
            if lines:  # a user-agent line after rules starts a new group
                groups.append((agents, lines))
                agents, lines = [], []
            agents.append(value.lower())
        elif key in ("allow", "disallow", "crawl-delay") and agents:
            lines.append((key, value))
    if agents:
        groups.append((agents, lines))

    mine = [g for g in groups if token in g[0]]
    chosen = mine or [g for g in groups if "*" in g[0]]
    rules = RobotsRules(sitemaps=sitemaps)
    for _, group_lines in chosen:
        for key, value in group_lines:
            if key == "crawl-delay":
                try:
                    rules.crawl_delay = max(rules.crawl_delay or 0.0, float(value))
                except ValueError:
                    continue
            elif value:  # an empty Disallow allows everything: no rule
                rules.rules.append(_Rule(key == "allow", value, _pattern_regex(value)))
    return rules


class RobotsUnavailable(Exception):
    """robots.txt could not be read (5xx or network error): the origin is off limits for now."""


# Fetches a robots.txt URL: (status, body) or raises.
RobotsFetch = Callable[[str], Awaitable[tuple[int, bytes]]]


class RobotsCache:
    """robots.txt per origin, fetched once (concurrent callers wait for the same fetch)."""

    def __init__(
        self, fetch: RobotsFetch, user_agent: str, *, ttl: float = 6 * 3600.0,
        failure_ttl: float = 300.0,
    ) -> None:
        self._fetch = fetch
        self._user_agent = user_agent
        self._ttl = ttl
        self._failure_ttl = failure_ttl
        self._entries: dict[str, tuple[float, RobotsRules, str | None]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules_for(self, url: str) -> RobotsRules:
        """The rules of ``url``'s origin; raises RobotsUnavailable while they cannot be read."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            entry = self._entries.get(origin)
            if entry is None or entry[0] < time.monotonic():
                entry = await self._load(origin)
                self._entries[origin] = entry
        _, rules, failure = entry
        if failure is not None:
            raise RobotsUnavailable(failure)
        return rules

    async def _load(self, origin: str) -> tuple[float, RobotsRules, str | None]:
        url = origin + "/robots.txt"
        now = time.monotonic()
        try:
            status, body = await self._fetch(url)
        except RobotsUnavailable as exc:
            return now + self._failure_ttl, RobotsRules(disallow_all=True), str(exc)
        if status >= 500 or status == 429:
            reason = f"{url} answered {status}"
            return now + self._failure_ttl, RobotsRules(disallow_all=True), reason
        if status >= 400:
            return now + self._ttl, RobotsRules(), None
        text = body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
        return now + self._ttl, parse_robots(text, self._user_agent), None
