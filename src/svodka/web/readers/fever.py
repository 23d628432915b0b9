"""The Fever API as Miniflux and FreshRSS serve it (``/fever/?api``): the ``api_key`` is
md5("name:password"); groups are the outlets' languages, feeds the outlets, items the articles."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse

from svodka.records import Source
from svodka.store.users import ItemQuery

from ..security import public_url
from ..throttle import check_login_allowed, login_failed
from .common import LANGUAGES, all_params, source_site, sources_of, users_of
from .items import STORIES_FEED_ID, STORIES_FOLDER, STORIES_TITLE, Items

router = APIRouter()

# Groups: the stories' folder, then the outlets' languages (Fever wants numeric ids).
GROUPS = (STORIES_FOLDER, *LANGUAGES)

API_VERSION = 3
ITEMS_PER_CALL = 50  # Fever's page of items
MAX_ID_LIST = 10_000  # unread/saved ids returned at most: a bounded response (newest first)


def _feeds_groups(sources: list[Source]) -> list[dict[str, Any]]:
    out = [{"group_id": 1, "feed_ids": str(STORIES_FEED_ID)}]
    for gid, lang in enumerate(GROUPS[1:], 2):
        ids = [str(s.id) for s in sources if s.language == lang]
        if ids:
            out.append({"group_id": gid, "feed_ids": ",".join(ids)})
    return out


def _stories_feed(request: Request) -> dict[str, Any]:
    home = public_url(request, "/") or ""
    return {"id": STORIES_FEED_ID, "favicon_id": 0, "title": STORIES_TITLE, "url": home,
            "site_url": home, "is_spark": 0, "last_updated_on_time": 0}


def _ints(value: str) -> list[int]:
    return [int(x) for x in value.split(",") if x.strip().isdigit()]


def _items(items: Items, p: Any) -> dict[str, Any]:
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
        ids = items.ids(q, limit=ITEMS_PER_CALL)
    return {"items": [{
        "id": e.item_id, "feed_id": e.feed_id, "title": e.title, "author": e.author,
        "html": e.html, "url": e.url, "is_saved": int(e.starred), "is_read": int(e.read),
        "created_on_time": int(e.published.timestamp()),
    } for e in items.entries(ids)], "total_items": items.count(ItemQuery())}


def _mark(items: Items, p: Any) -> None:
    kind, as_, target = str(p.get("mark", "")), str(p.get("as", "")), str(p.get("id", ""))
    if kind == "item" and target.isdigit():
        change = {"read": {"read": True}, "unread": {"read": False},
                  "saved": {"starred": True}, "unsaved": {"starred": False}}.get(as_)
        if change:
            items.mark([int(target)], **change)
    elif kind in ("feed", "group") and as_ == "read" and target.lstrip("-").isdigit():
        before = str(p.get("before", ""))
        q = ItemQuery(older_than=datetime.fromtimestamp(int(before), UTC)
                      if before.isdigit() else None)
        gid = int(target)
        if kind == "feed":
            q = ItemQuery(source_id=gid, older_than=q.older_than)
        elif 1 <= gid <= len(GROUPS):
            q = ItemQuery(language=GROUPS[gid - 1], older_than=q.older_than)
        elif gid != 0:  # group 0 is every item (Kindling); -1 (Sparks) and unknown ones: none
            return
        items.mark_all_read(q)


@router.api_route("/fever/", methods=["GET", "POST"])
@router.api_route("/fever", methods=["GET", "POST"])
@router.api_route("/api/fever.php", methods=["GET", "POST"])  # where FreshRSS serves it
async def fever(request: Request) -> JSONResponse:
    p = await all_params(request)
    check_login_allowed(request)
    key = str(p.get("api_key", ""))
    user = users_of(request).by_fever_key(key) if key else None
    body: dict[str, Any] = {"api_version": API_VERSION, "auth": int(user is not None)}
    if user is None:
        if key:  # a wrong key is a failed login; none at all is a client asking what this is
            login_failed(request)
        return JSONResponse(body)
    body["last_refreshed_on_time"] = int(datetime.now(UTC).timestamp())
    items = Items(request, user.id)
    if "mark" in p:  # first, so that the lists below show the change
        _mark(items, p)
    sources = sources_of(request)
    if "groups" in p:
        body["groups"] = [{"id": i, "title": x} for i, x in enumerate(GROUPS, 1)]
        body["feeds_groups"] = _feeds_groups(sources)
    if "feeds" in p:
        body["feeds"] = [_stories_feed(request)] + [{
            "id": s.id, "favicon_id": 0, "title": s.name or s.url, "url": s.url,
            "site_url": source_site(s), "is_spark": 0, "last_updated_on_time": 0,
        } for s in sources]
        body["feeds_groups"] = _feeds_groups(sources)
    if "favicons" in p:
        body["favicons"] = []
    if "items" in p:
        body.update(_items(items, p))
    if "links" in p:
        body["links"] = []
    as_ = str(p.get("as", "")) if "mark" in p else ""
    if "unread_item_ids" in p or as_ in ("read", "unread"):  # as Fever answered a mark
        ids = items.ids(ItemQuery(unread=True), limit=MAX_ID_LIST)
        body["unread_item_ids"] = ",".join(map(str, ids))
    if "saved_item_ids" in p or as_ in ("saved", "unsaved"):
        ids = items.ids(ItemQuery(starred=True), limit=MAX_ID_LIST)
        body["saved_item_ids"] = ",".join(map(str, ids))
    return JSONResponse(body)
