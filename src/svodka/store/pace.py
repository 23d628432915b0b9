"""Per-host request pacing kept in the database, so that every worker process (on any machine)
keeps one host's crawl-delay and back-off together, not each on its own."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from sqlalchemy import text

if TYPE_CHECKING:
    from sqlalchemy import Engine

# One atomic statement: take the host's next start time (or now), push it on by the gap.
_RESERVE = """
INSERT INTO host_pace (host, next_at, hold_until) VALUES (:host, :now + :gap, 0)
ON CONFLICT (host) DO UPDATE SET
  next_at = {greatest}(host_pace.next_at, :now, host_pace.hold_until) + :gap
RETURNING next_at - :gap
"""
_HOLD = """
INSERT INTO host_pace (host, next_at, hold_until) VALUES (:host, :until, :until)
ON CONFLICT (host) DO UPDATE SET hold_until = {greatest}(host_pace.hold_until, :until)
"""


class HostPace:
    engine: Engine
    dialect: str

    def _pace_sql(self, sql: str) -> str:
        return sql.format(greatest="MAX" if self.dialect == "sqlite" else "GREATEST")

    def reserve_host_slot(self, host: str, gap: float) -> float:
        """Reserve the next start for a request to ``host`` (``gap`` seconds after the one
        before, and not inside a hold); returns that start as Unix time."""
        now = time.time()  # the workers' clocks are assumed in sync (NTP)
        with self.engine.begin() as c:
            start = c.scalar(text(self._pace_sql(_RESERVE)),
                             {"host": host, "now": now, "gap": max(0.0, gap)})
        return float(start if start is not None else now)

    def hold_host(self, host: str, seconds: float) -> None:
        """Keep every process off ``host`` for ``seconds`` (it asked to back off)."""
        with self.engine.begin() as c:
            c.execute(text(self._pace_sql(_HOLD)), {"host": host, "until": time.time() + seconds})
