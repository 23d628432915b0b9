"""svodka: a news aggregator for Ukrainian, Russian and English outlets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["extract", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from svodka.extract import extract


def __getattr__(name: str) -> Any:
    # Lazy, so that `import svodka` stays cheap for the CLI and the workers.
    if name == "extract":
        from svodka.extract import extract

        return extract
    raise AttributeError(name)
