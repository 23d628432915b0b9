"""The Google Reader API as Miniflux and FreshRSS serve it (``/accounts/ClientLogin``,
``/reader/api/0/...``): what Reeder, NetNewsWire, FeedMe, Fluent Reader and ReadYou speak."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.datastructures import FormData
from starlette.responses import JSONResponse, PlainTextResponse, Response

from svodka.store.users import ItemQuery, User

from ..security import public_url
from ..throttle import check_login_allowed, login_failed
from .common import LANGUAGES, all_params, check_signed, sign, source_site, sources_of, users_of
from .items import STORIES_FEED_ID, STORIES_FOLDER, STORIES_TITLE, Entry, Items

router = APIRouter()

AUTH, EDIT = "greader-auth", "greader-edit"
READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
LABEL = "user/-/label/"
ITEM_PREFIX = "tag:google.com,2005:reader/item/"
DEFAULT_ITEMS = 20  # the protocol's default page
MAX_ITEMS = 1000  # ids per page (apps ask for 1000 at most)
MAX_CONTENTS = 250  # items per contents page: a bounded response
_USER_STREAM = re.compile(r"^user/[^/]+/")


class Unauthorized(HTTPException):
    def __init__(self) -> None:
        super().__init__(401, "Unauthorized")


def current_user(request: Request) -> User:
    header = request.headers.get("authorization", "")
    token = header.split("auth=", 1)[1].strip() if "auth=" in header else ""
    user = check_signed(users_of(request), token, AUTH) if token else None
    if user is None:
        raise Unauthorized()
    return user


@router.post("/accounts/ClientLogin")  # never GET: a password in a URL ends up in logs
async def client_login(request: Request) -> Response:
    p = await all_params(request)
    check_login_allowed(request)
    users = users_of(request)
    user = users.login(str(p.get("Email", "")), str(p.get("Passwd", "")))
    if user is None:
        login_failed(request)
        return PlainTextResponse("Error=BadAuthentication\n", 401)
    token = sign(users, user, AUTH)
    if p.get("output") == "json":
        return JSONResponse({"SID": token, "LSID": token, "Auth": token})
    return PlainTextResponse(f"SID={token}\nLSID={token}\nAuth={token}\n")


@router.get("/reader/api/0/token")
def edit_token(request: Request, user: User = Depends(current_user)) -> PlainTextResponse:
    return PlainTextResponse(sign(users_of(request), user, EDIT))


@router.get("/reader/api/0/user-info")
def user_info(user: User = Depends(current_user)) -> JSONResponse:
    return JSONResponse({"userId": str(user.id), "userName": user.name,
                         "userProfileId": str(user.id), "userEmail": ""})


def _label(language: str | None) -> list[dict[str, str]]:
    if language not in LANGUAGES:
        return []
    return [{"id": LABEL + str(language), "label": str(language)}]


@router.get("/reader/api/0/subscription/list")
def subscription_list(request: Request, _: User = Depends(current_user)) -> JSONResponse:
    icon = public_url(request, "/favicon.ico")
    stories = {"id": f"feed/{STORIES_FEED_ID}", "title": STORIES_TITLE,
               "categories": [{"id": LABEL + STORIES_FOLDER, "label": STORIES_FOLDER}],
               "url": public_url(request, "/"), "htmlUrl": public_url(request, "/"),
               "iconUrl": icon}
    return JSONResponse({"subscriptions": [stories] + [{
        "id": f"feed/{s.id}", "title": s.name or s.url, "categories": _label(s.language),
        "url": s.url, "htmlUrl": source_site(s), "iconUrl": icon,
    } for s in sources_of(request)]})


@router.get("/reader/api/0/tag/list")
def tag_list(_: User = Depends(current_user)) -> JSONResponse:
    tags = [{"id": STARRED}] + [{"id": LABEL + x, "label": x, "type": "folder"}
                                for x in (STORIES_FOLDER, *LANGUAGES)]
    return JSONResponse({"tags": tags})


def _usec(when: datetime | None) -> str:
    return str(int((when or datetime.now(UTC)).timestamp() * 1_000_000))


@router.get("/reader/api/0/unread-count")
def unread_count(request: Request, user: User = Depends(current_user)) -> JSONResponse:
    counts = Items(request, user.id).unread_by_feed()
    out = [{"id": f"feed/{sid}", "count": n, "newestItemTimestampUsec": _usec(when)}
           for sid, (n, when) in sorted(counts.items())]
    total = sum(n for n, _ in counts.values())
    newest = max((when for _, when in counts.values() if when is not None), default=None)
    out.append({"id": READING_LIST, "count": total, "newestItemTimestampUsec": _usec(newest)})
    return JSONResponse({"max": total, "unreadcounts": out})


def parse_item_id(value: str) -> int | None:
    """An item id in the long form (``tag:google.com,2005:reader/item/<16 hex>``), the short
    decimal form, or bare hex; None when it is none of them."""
    value = value.strip()
    try:
        if value.startswith(ITEM_PREFIX):
            return int(value.removeprefix(ITEM_PREFIX), 16)
        return int(value) if value.lstrip("-").isdigit() else int(value, 16)
    except ValueError:
        return None


def long_id(item_id: int) -> str:
    return f"{ITEM_PREFIX}{item_id:016x}"


def _stream_query(stream: str, p: FormData) -> ItemQuery:
    """The articles a stream id and its filters (``xt``, ``it``, ``ot``, ``nt``, ``r``) name."""
    stream = _USER_STREAM.sub("user/-/", stream)
    q: dict[str, Any] = {}
    if stream.startswith("feed/"):
        sid = stream.removeprefix("feed/")
        q["source_id"] = int(sid) if sid.isdigit() else -1
    elif stream.startswith(LABEL):
        q["language"] = stream.removeprefix(LABEL)
    elif stream == STARRED:
        q["starred"] = True
    elif stream == READ:
        q["read"] = True
    elif stream != READING_LIST:
        raise HTTPException(400, f"unknown stream {stream!r}")
    for key in ("xt", "it"):
        for value in p.getlist(key):
            value = _USER_STREAM.sub("user/-/", str(value))
            if key == "xt" and value == READ:
                q["unread"] = True
            elif key == "it" and value == STARRED:
                q["starred"] = True
    for key, field in (("ot", "newer_than"), ("nt", "older_than")):
        value = str(p.get(key, ""))
        if value.isdigit():
            q[field] = datetime.fromtimestamp(int(value), UTC)
    q["oldest_first"] = p.get("r") == "o"
    return ItemQuery(**q)


def _page(p: FormData, cap: int) -> tuple[int, int]:
    n, c = str(p.get("n", "")), str(p.get("c", ""))
    limit = min(int(n), cap) if n.isdigit() and int(n) > 0 else DEFAULT_ITEMS
    return limit, int(c) if c.isdigit() else 0


def _ids(items: Items, p: FormData, cap: int) -> tuple[list[int], str | None]:
    query = _stream_query(str(p.get("s", READING_LIST)), p)
    limit, offset = _page(p, cap)
    ids = items.ids(query, limit=limit + 1, offset=offset)
    more = str(offset + limit) if len(ids) > limit else None
    return ids[:limit], more


@router.get("/reader/api/0/stream/items/ids")
async def stream_item_ids(request: Request, user: User = Depends(current_user)) -> JSONResponse:
    ids, more = _ids(Items(request, user.id), await all_params(request), MAX_ITEMS)
    body: dict[str, Any] = {"itemRefs": [{"id": str(i)} for i in ids]}
    if more:
        body["continuation"] = more
    return JSONResponse(body)


def _item(e: Entry) -> dict[str, Any]:
    cats = [READING_LIST, *([LABEL + e.folder] if e.folder else []),
            *([READ] if e.read else []), *([STARRED] if e.starred else [])]
    return {
        "id": long_id(e.item_id), "categories": cats, "title": e.title,
        "published": int(e.published.timestamp()), "updated": int(e.published.timestamp()),
        "crawlTimeMsec": str(int(e.crawled.timestamp() * 1000)),
        "timestampUsec": _usec(e.crawled), "author": e.author,
        "alternate": [{"href": e.url, "type": "text/html"}], "canonical": [{"href": e.url}],
        "summary": {"direction": "ltr", "content": e.html},
        "content": {"direction": "ltr", "content": e.html},
        "origin": {"streamId": f"feed/{e.feed_id}", "title": e.feed_title,
                   "htmlUrl": e.site},
    }


def _contents(request: Request, user: User, items: Items, stream: str, ids: list[int],
              more: str | None = None) -> JSONResponse:
    body: dict[str, Any] = {
        "direction": "ltr", "id": stream, "title": "svodka", "author": user.name,
        "updated": int(datetime.now(UTC).timestamp()),
        "self": [{"href": public_url(request, "/reader/api/0/stream/contents/" + stream)}],
        "items": [_item(e) for e in items.entries(ids)],
    }
    if more:
        body["continuation"] = more
    return JSONResponse(body)


@router.api_route("/reader/api/0/stream/items/contents", methods=["GET", "POST"])
async def stream_items_contents(request: Request, user: User = Depends(current_user)
                                ) -> JSONResponse:
    p = await all_params(request)
    ids = [i for i in (parse_item_id(str(v)) for v in p.getlist("i")) if i is not None]
    return _contents(request, user, Items(request, user.id), READING_LIST, ids[:MAX_CONTENTS])


@router.get("/reader/api/0/stream/contents/{stream:path}")
@router.get("/reader/api/0/stream/contents")
async def stream_contents(request: Request, stream: str | None = None,
                          user: User = Depends(current_user)) -> JSONResponse:
    """The stream named in the path (as Google Reader had it) or by ``s``."""
    p = await all_params(request)
    stream = stream or str(p.get("s", READING_LIST))
    p = FormData([("s", stream), *((k, v) for k, v in p.multi_items() if k != "s")])
    items = Items(request, user.id)
    ids, more = _ids(items, p, MAX_CONTENTS)
    return _contents(request, user, items, stream, ids, more)


def _check_edit_token(request: Request, user: User, p: FormData) -> None:
    """The ``T`` token, when sent, must be this user's (FreshRSS and Miniflux accept its absence)."""
    token = str(p.get("T", ""))
    if token and check_signed(users_of(request), token, EDIT) != user:
        raise HTTPException(401, "Unauthorized", headers={"X-Reader-Google-Bad-Token": "true"})


@router.post("/reader/api/0/edit-tag")
async def edit_tag(request: Request, user: User = Depends(current_user)) -> PlainTextResponse:
    p = await all_params(request)
    _check_edit_token(request, user, p)
    ids = [i for i in (parse_item_id(str(v)) for v in p.getlist("i")) if i is not None]
    changes: dict[str, bool] = {}
    for key, on in (("a", True), ("r", False)):
        for tag in p.getlist(key):
            tag = _USER_STREAM.sub("user/-/", str(tag))
            if tag == READ:
                changes["read"] = on
            elif tag == STARRED:
                changes["starred"] = on
    if ids and changes:
        Items(request, user.id).mark(ids, **changes)
    return PlainTextResponse("OK")


@router.post("/reader/api/0/mark-all-as-read")
async def mark_all_as_read(request: Request, user: User = Depends(current_user)
                           ) -> PlainTextResponse:
    p = await all_params(request)
    _check_edit_token(request, user, p)
    query = _stream_query(str(p.get("s", READING_LIST)), FormData())
    ts = str(p.get("ts", ""))
    if ts.isdigit():  # microseconds: only what the app had seen
        query = replace(query, older_than=datetime.fromtimestamp(int(ts) / 1_000_000, UTC))
    Items(request, user.id).mark_all_read(query)
    return PlainTextResponse("OK")

