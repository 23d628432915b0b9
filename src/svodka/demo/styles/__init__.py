"""Page renderers, one module per markup style: pure functions of an article and its site.

Every module exposes ``article_page(article, site) -> str`` and ``index_page(site) -> str``.
"""

from __future__ import annotations

from types import ModuleType

from svodka.demo.styles import amp, bitrix, drupal, ghost, legacy, nextjs, semantic, wordpress

STYLES: dict[str, ModuleType] = {
    "nextjs": nextjs,
    "wordpress": wordpress,
    "bitrix": bitrix,
    "amp": amp,
    "semantic": semantic,
    "legacy": legacy,
    "ghost": ghost,
    "drupal": drupal,
}
