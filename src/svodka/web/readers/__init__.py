"""Reader-app APIs (Google Reader and Fever, as Miniflux and FreshRSS serve them): outlets are the
subscriptions, their languages the folders, stored news articles the items."""

from __future__ import annotations

from fastapi import APIRouter

from . import fever, greader

router = APIRouter(include_in_schema=False)
router.include_router(greader.router)
router.include_router(fever.router)
