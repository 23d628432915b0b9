"""FetchError: why a fetch failed and when (if ever) to try again."""

from __future__ import annotations

__all__ = ["FetchError"]


class FetchError(Exception):
    """A fetch that produced no usable page.

    ``kind`` is one of "ssrf", "url", "robots", "timeout", "connect", "protocol", "http",
    "too_large", "decode", "redirect", "backoff" (the host asked us to wait: 429/503). ``permanent`` errors should not be retried as is;
    for the others ``retry_after`` (seconds) is the suggested wait: the server's
    Retry-After when it sent one, else a backoff from ``svodka.fetch.policy.retry_delay``.
    """

    def __init__(
        self,
        reason: str,
        *,
        kind: str,
        url: str | None = None,
        status: int | None = None,
        retry_after: float | None = None,
        permanent: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind
        self.url = url
        self.status = status
        self.retry_after = None if permanent else retry_after
        self.permanent = permanent

    def __str__(self) -> str:
        return self.reason

    def __repr__(self) -> str:
        return f"FetchError({self.reason!r}, kind={self.kind!r}, status={self.status!r})"
