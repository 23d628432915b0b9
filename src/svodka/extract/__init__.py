"""svodka's article extraction engine.

``extract(html, url=None, template=None, content_type=None) -> Article``; site templates in
:mod:`svodka.extract.templates`; the ``svodka extract`` command in :mod:`svodka.extract.command`.

Once this package is imported, ``svodka.extract`` is the package itself (Python binds a
subpackage as an attribute of its parent), so ``from svodka import extract`` may yield the
package rather than the function. The package is therefore callable too: calling it is calling
:func:`extract`.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from svodka.extract.engine import extract

__all__ = ["extract"]


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return extract(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
