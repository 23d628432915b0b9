"""Reader-app APIs (Google Reader and Fever, as Miniflux and FreshRSS serve them): the outlets and
"svodka: top stories" are the subscriptions, languages and "svodka" the folders (``items``)."""

from __future__ import annotations

from fastapi import APIRouter

from . import fever, greader

router = APIRouter(include_in_schema=False)
router.include_router(greader.router)
router.include_router(fever.router)
