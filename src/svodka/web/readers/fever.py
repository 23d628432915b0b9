"""The Fever API as Miniflux and FreshRSS serve it (``/fever/?api``): the ``api_key`` is
md5("name:password"); groups are the outlets' languages, feeds the outlets, items the articles."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse

from svodka.records import Source
from svodka.store.users import ItemQuery, User

from .common import (
    LANGUAGES,
    all_params,
    item_html,
    item_link,
    source_site,
    sources_of,
    state_of,
    users_of,
)

router = APIRouter()

API_VERSION = 3
ITEMS_PER_CALL = 50  # Fever's page of items
MAX_ID_LIST = 10_000  # unread/saved ids returned at most: a bounded response (newest first)


def _group_id(language: str | None) -> int | None:
    return LANGUAGES.index(language) + 1 if language in LANGUAGES else None


def _feeds_groups(sources: list[Source]) -> list[dict[str, Any]]:
    out = []
    for gid, lang in enumerate(LANGUAGES, 1):
        ids = [str(s.id) for s in sources if s.language == lang]
        if ids:
            out.append({"group_id": gid, "feed_ids": ",".join(ids)})
    return out


def _ints(value: str) -> list[int]:
    return [int(x) for x in value.split(",") if x.strip().isdigit()]


def _items(request: Request, user: User, p: Any) -> dict[str, Any]:
    state = state_of(request)
    with_ids = str(p.get("with_ids", ""))
    if with_ids:
        ids = _ints(with_ids)[:ITEMS_PER_CALL]
    else:
        since, before = str(p.get("since_id", "")), str(p.get("max_id", ""))
        if since.isdigit():
            q = ItemQuery(after_id=int(since), oldest_first=True)
        elif before.isdigit():
            q = ItemQuery(before_id=int(before))
        else:
            q = ItemQuery()
        ids = state.ids(user.id, q, limit=ITEMS_PER_CALL)
    store = request.app.state.site.store
    found = {a.id: a for a in store.articles_by_ids(ids)}
    marks = state.states(user.id, found)
    items = []
    for i in ids:
        a = found.get(i)
        if a is None:
            continue
        read, saved = marks.get(i, (False, False))
        items.append({
            "id": a.id, "feed_id": a.source_id, "title": a.article.title,
            "author": ", ".join(a.article.authors), "html": item_html(a),
            "url": item_link(request, a), "is_saved": int(saved), "is_read": int(read),
            "created_on_time": int(a.published.timestamp()),
        })
    return {"items": items, "total_items": state.count(user.id, ItemQuery())}


def _mark(request: Request, user: User, p: Any) -> dict[str, Any]:
    kind, as_, target = str(p.get("mark", "")), str(p.get("as", "")), str(p.get("id", ""))
    state = state_of(request)
    if kind == "item" and target.isdigit():
        change = {"read": {"read": True}, "unread": {"read": False},
                  "saved": {"starred": True}, "unsaved": {"starred": False}}.get(as_)
        if change:
            state.mark(user.id, [int(target)], **change)
    elif kind in ("feed", "group") and as_ == "read" and target.lstrip("-").isdigit():
        before = str(p.get("before", ""))
        q = ItemQuery(older_than=datetime.fromtimestamp(int(before), UTC)
                      if before.isdigit() else None)
        gid = int(target)
        if kind == "feed":
            q = ItemQuery(source_id=gid, older_than=q.older_than)
        elif 1 <= gid <= len(LANGUAGES):
            q = ItemQuery(language=LANGUAGES[gid - 1], older_than=q.older_than)
        elif gid != 0:  # group 0 is every item (Kindling); -1 (Sparks) and unknown ones: none
            return {}
        state.mark_all_read(user.id, q)
    return {}


@router.api_route("/fever/", methods=["GET", "POST"])
@router.api_route("/fever", methods=["GET", "POST"])
async def fever(request: Request) -> JSONResponse:
    p = await all_params(request)
    user = users_of(request).by_fever_key(str(p.get("api_key", "")))
    body: dict[str, Any] = {"api_version": API_VERSION, "auth": int(user is not None)}
    if user is None:
        return JSONResponse(body)
    body["last_refreshed_on_time"] = int(datetime.now(UTC).timestamp())
    sources = sources_of(request)
    if "groups" in p:
        body["groups"] = [{"id": i, "title": x} for i, x in enumerate(LANGUAGES, 1)]
        body["feeds_groups"] = _feeds_groups(sources)
    if "feeds" in p:
        body["feeds"] = [{
            "id": s.id, "favicon_id": 0, "title": s.name or s.url, "url": s.url,
            "site_url": source_site(s), "is_spark": 0, "last_updated_on_time": 0,
        } for s in sources]
        body["feeds_groups"] = _feeds_groups(sources)
    if "favicons" in p:
        body["favicons"] = []
    if "items" in p:
        body.update(_items(request, user, p))
    if "links" in p:
        body["links"] = []
    state = state_of(request)
    if "unread_item_ids" in p:
        ids = state.ids(user.id, ItemQuery(unread=True), limit=MAX_ID_LIST)
        body["unread_item_ids"] = ",".join(map(str, ids))
    if "saved_item_ids" in p:
        ids = state.ids(user.id, ItemQuery(starred=True), limit=MAX_ID_LIST)
        body["saved_item_ids"] = ",".join(map(str, ids))
    if "mark" in p:
        body.update(_mark(request, user, p))
    return JSONResponse(body)
