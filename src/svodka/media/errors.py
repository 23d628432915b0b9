"""The media stage's error."""

from __future__ import annotations


class MediaError(Exception):
    """An image was refused or could not be mirrored.

    ``reason`` is a human-readable explanation for logs and the admin pages; ``code`` is a
    short machine-readable category: ``"too_large"``, ``"empty"``, ``"bomb"``, ``"svg"``,
    ``"not_image"``, ``"unsupported"``, ``"corrupt"`` or ``"invalid"``.
    """

    def __init__(self, reason: str, code: str = "invalid") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code

    def __repr__(self) -> str:
        return f"MediaError({self.reason!r}, code={self.code!r})"
