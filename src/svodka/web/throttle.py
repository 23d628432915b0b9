"""Failed logins per client address: after a few in a window, logins from it are refused (429)."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from fastapi import HTTPException, Request

# A person who mistypes a password fails a few times; a guessing run needs thousands of tries.
# Five failures per five minutes let the first through and hold the second to 1,440 a day.
MAX_FAILURES = 5
WINDOW_SECONDS = 300.0
# Addresses remembered at most (least recently failing forgotten first): bounded memory under a
# flood of addresses, far more than one server sees fail at once.
MAX_CLIENTS = 10_000


class LoginThrottle:
    """Recent failed logins per client address, in this process (each ``--workers`` process keeps
    its own, so a client gets at most that many times the limit)."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures, self.window, self.clock = max_failures, window, clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        times = self._failures.get(client, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def retry_after(self, client: str) -> float | None:
        """Seconds until ``client`` may try again, or None when it may try now."""
        now = self.clock()
        with self._lock:
            times = self._recent(client, now)
            if not times:
                self._failures.pop(client, None)
            if len(times) < self.max_failures:
                return None
            return times[len(times) - self.max_failures] + self.window - now

    def failed(self, client: str) -> None:
        """One more failed login from ``client``."""
        now = self.clock()
        with self._lock:
            times = self._recent(client, now)
            times.append(now)
            self._failures[client] = times
            self._failures.move_to_end(client)
            while len(self._failures) > MAX_CLIENTS:
                self._failures.popitem(last=False)


_MAKING = threading.Lock()


class TooManyLogins(HTTPException):
    def __init__(self, retry_after: float) -> None:
        seconds = str(max(1, math.ceil(retry_after)))
        super().__init__(429, "too many failed logins: try again later",
                         headers={"Retry-After": seconds})


def client_address(request: Request) -> str:
    """The client's address (uvicorn takes it from X-Forwarded-For behind a trusted proxy)."""
    return request.client.host if request.client else ""


def throttle_of(request: Request) -> LoginThrottle:
    """The app's throttle, made on first use (one per app, so that apps never share counts)."""
    state = request.app.state
    with _MAKING:
        if getattr(state, "login_throttle", None) is None:
            state.login_throttle = LoginThrottle()
    throttle: LoginThrottle = state.login_throttle
    return throttle


def check_login_allowed(request: Request) -> None:
    """Raises TooManyLogins (429 with Retry-After) while the client's failures are over the limit:
    called before a password is checked, so a refused guess costs no password hash either."""
    wait = throttle_of(request).retry_after(client_address(request))
    if wait is not None:
        raise TooManyLogins(wait)


def login_failed(request: Request) -> None:
    throttle_of(request).failed(client_address(request))
