"""svodka's article extraction engine.

``extract(html, url=None, template=None, content_type=None) -> Article``; site templates in
:mod:`svodka.extract.templates`; the ``svodka extract`` command in :mod:`svodka.extract.command`.
"""

from __future__ import annotations

from svodka.extract.engine import extract

__all__ = ["extract"]
