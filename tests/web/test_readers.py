"""Reader apps: the Google Reader API and the Fever API, called the way Reeder, NetNewsWire,
FeedMe, Fluent Reader and ReadYou call them (Miniflux's and FreshRSS's documented shapes)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_world import World, build_world

from svodka.store.users import Users
from svodka.web import create_app

PASSWORD = "correct horse battery"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
READING_LIST = "user/-/state/com.google/reading-list"


@pytest.fixture()
def reader(world: World, request: pytest.FixtureRequest) -> str:
    """A fresh user per test (its read state starts empty)."""
    name = "r" + hashlib.md5(request.node.name.encode()).hexdigest()[:10]
    Users(world.store.engine).add(name, PASSWORD)
    return name


@pytest.fixture()
def gr(app: FastAPI, reader: str) -> Iterator[TestClient]:
    """A client logged in through ClientLogin, its Auth header set as the apps set it."""
    with TestClient(app) as c:
        r = c.post("/accounts/ClientLogin", data={"Email": reader, "Passwd": PASSWORD})
        assert r.status_code == 200
        auth = dict(line.split("=", 1) for line in r.text.strip().splitlines())["Auth"]
        c.headers["Authorization"] = f"GoogleLogin auth={auth}"
        yield c


def _unread_ids(c: TestClient, stream: str = READING_LIST) -> list[str]:
    r = c.get("/reader/api/0/stream/items/ids",
              params={"s": stream, "xt": READ, "n": 1000, "output": "json"})
    assert r.status_code == 200
    return [x["id"] for x in r.json()["itemRefs"]]


def _unread_total(c: TestClient) -> int:
    counts = c.get("/reader/api/0/unread-count", params={"output": "json"}).json()
    return next(x["count"] for x in counts["unreadcounts"] if x["id"] == READING_LIST)


def test_greader_wrong_password_refused(client: TestClient, reader: str) -> None:
    r = client.post("/accounts/ClientLogin", data={"Email": reader, "Passwd": "wrong one!"})
    assert r.status_code == 401 and "BadAuthentication" in r.text
    r = client.post("/accounts/ClientLogin", data={"Email": "nobody", "Passwd": PASSWORD})
    assert r.status_code == 401
    assert client.get("/reader/api/0/subscription/list").status_code == 401
    r = client.get("/accounts/ClientLogin", params={"Email": reader, "Passwd": PASSWORD})
    assert r.status_code == 405
    bad = {"Authorization": "GoogleLogin auth=1/0000"}
    assert client.get("/reader/api/0/tag/list", headers=bad).status_code == 401


def test_greader_json_login(client: TestClient, reader: str) -> None:
    r = client.post("/accounts/ClientLogin",
                    data={"Email": reader, "Passwd": PASSWORD, "output": "json"})
    assert set(r.json()) == {"SID", "LSID", "Auth"}


def test_greader_subscriptions_and_tags(gr: TestClient, world: World) -> None:
    subs = gr.get("/reader/api/0/subscription/list", params={"output": "json"}).json()
    by_id = {s["id"]: s for s in subs["subscriptions"]}
    pravda = by_id[f"feed/{world.sources['pravda'].id}"]
    assert pravda["title"] == "Правда Тест" and pravda["url"] == "https://pravda.example/rss"
    assert pravda["htmlUrl"] == "https://pravda.example/"
    assert pravda["categories"] == [{"id": "user/-/label/uk", "label": "uk"}]
    tags = {t["id"] for t in gr.get("/reader/api/0/tag/list").json()["tags"]}
    assert {STARRED, "user/-/label/uk", "user/-/label/ru", "user/-/label/en"} <= tags
    assert gr.get("/reader/api/0/user-info").json()["userName"]


def test_greader_read_unread_star(gr: TestClient, world: World) -> None:
    before = _unread_ids(gr)
    total = _unread_total(gr)
    assert before and total == len(before)
    r = gr.post("/reader/api/0/stream/items/contents", data={"i": before[:2]})
    items = r.json()["items"]
    assert len(items) == 2
    first = items[0]
    assert first["id"].startswith("tag:google.com,2005:reader/item/")
    assert int(first["id"].rsplit("/", 1)[1], 16) == int(before[0])
    assert READ not in first["categories"]
    assert all(h["href"].startswith(("http://", "https://")) for h in first["alternate"])
    token = gr.get("/reader/api/0/token").text
    # Mark the first read (long id form, as the apps send it), star the second (short form).
    assert gr.post("/reader/api/0/edit-tag",
                   data={"i": first["id"], "a": READ, "T": token}).text == "OK"
    assert gr.post("/reader/api/0/edit-tag",
                   data={"i": before[1], "a": STARRED, "T": token}).text == "OK"
    after = _unread_ids(gr)
    assert before[0] not in after and before[1] in after
    assert _unread_total(gr) == total - 1
    starred = gr.get("/reader/api/0/stream/contents/" + STARRED).json()["items"]
    assert [int(x["id"].rsplit("/", 1)[1], 16) for x in starred] == [int(before[1])]
    assert STARRED in starred[0]["categories"]
    # Unread again.
    gr.post("/reader/api/0/edit-tag", data={"i": before[0], "r": READ, "T": token})
    assert before[0] in _unread_ids(gr)
    # A wrong edit token is refused.
    r = gr.post("/reader/api/0/edit-tag", data={"i": before[0], "a": READ, "T": "1/bad"})
    assert r.status_code == 401 and before[0] in _unread_ids(gr)


def test_greader_feed_stream_and_mark_all(gr: TestClient, world: World) -> None:
    feed = f"feed/{world.sources['pravda'].id}"
    ids = _unread_ids(gr, feed)
    assert ids
    page = gr.get("/reader/api/0/stream/contents/" + feed,
                  params={"xt": READ, "n": 1}).json()
    assert len(page["items"]) == 1 and page["items"][0]["origin"]["streamId"] == feed
    by_query = gr.get("/reader/api/0/stream/contents", params={"s": feed, "n": 1000}).json()
    assert {i["origin"]["streamId"] for i in by_query["items"]} == {feed}
    if len(ids) > 1:
        more = gr.get("/reader/api/0/stream/contents/" + feed,
                      params={"xt": READ, "n": 1, "c": page["continuation"]}).json()
        assert more["items"][0]["id"] != page["items"][0]["id"]
    total = _unread_total(gr)
    assert gr.post("/reader/api/0/mark-all-as-read", data={"s": feed}).text == "OK"
    assert _unread_ids(gr, feed) == []
    assert _unread_total(gr) == total - len(ids)
    assert _unread_ids(gr, "user/-/label/uk") == [] or world.sources["pravda"].language != "uk"


def _fever(c: TestClient, key: str, query: str, **form: str) -> dict:
    r = c.post(f"/fever/?api&{query}", data={"api_key": key, **form})
    assert r.status_code == 200
    return r.json()


def test_fever(client: TestClient, reader: str, world: World) -> None:
    assert _fever(client, "0" * 32, "")["auth"] == 0
    wrong = hashlib.md5(f"{reader}:nope".encode()).hexdigest()
    assert _fever(client, wrong, "feeds") == {"api_version": 3, "auth": 0}
    key = hashlib.md5(f"{reader}:{PASSWORD}".encode()).hexdigest()
    assert _fever(client, key, "")["auth"] == 1
    groups = _fever(client, key, "groups")
    uk = next(g["id"] for g in groups["groups"] if g["title"] == "uk")
    fg = {g["group_id"]: g["feed_ids"] for g in groups["feeds_groups"]}
    assert str(world.sources["pravda"].id) in fg[uk].split(",")
    feeds = {f["id"]: f for f in _fever(client, key, "feeds")["feeds"]}
    assert feeds[world.sources["herald"].id]["title"] == "The Herald"
    unread = _fever(client, key, "unread_item_ids")["unread_item_ids"].split(",")
    items = _fever(client, key, "items")
    assert items["total_items"] == len(unread)
    by_id = {str(i["id"]): i for i in items["items"]}
    target = unread[0]
    assert by_id[target]["is_read"] == 0
    assert by_id[target]["url"].startswith(("http://", "https://"))
    # Paging by since_id (ascending) and with_ids.
    oldest = _fever(client, key, "items", since_id="0")["items"]
    assert [i["id"] for i in oldest] == sorted(i["id"] for i in oldest)
    one = _fever(client, key, "items", with_ids=target)["items"]
    assert [str(i["id"]) for i in one] == [target]
    # Mark read and saved: the change shows.
    _fever(client, key, "", mark="item", **{"as": "read"}, id=target)
    _fever(client, key, "", mark="item", **{"as": "saved"}, id=target)
    after = _fever(client, key, "unread_item_ids")["unread_item_ids"].split(",")
    assert target not in after and len(after) == len(unread) - 1
    assert _fever(client, key, "saved_item_ids")["saved_item_ids"] == target
    one = _fever(client, key, "items", with_ids=target)["items"][0]
    assert one["is_read"] == 1 and one["is_saved"] == 1
    _fever(client, key, "", mark="item", **{"as": "unsaved"}, id=target)
    assert _fever(client, key, "saved_item_ids")["saved_item_ids"] == ""
    # Sparks (group -1) and unknown groups hold nothing: marking them reads nothing.
    for group in ("-1", "99"):
        _fever(client, key, "", mark="group", **{"as": "read"}, id=group, before="99999999999")
    assert _fever(client, key, "unread_item_ids")["unread_item_ids"].split(",") == after
    # A whole feed read.
    _fever(client, key, "", mark="feed", **{"as": "read"}, id=str(world.sources["herald"].id),
           before="99999999999")
    left = _fever(client, key, "items", with_ids=",".join(after[:50]))["items"]
    assert all(i["is_read"] == 1 for i in left if i["feed_id"] == world.sources["herald"].id)


def test_read_state_on_each_backend(db_url: str, tmp_path: Path) -> None:
    w = build_world(tmp_path, db_url)
    try:
        Users(w.store.engine).add("backend", PASSWORD)
        with TestClient(create_app(w.store, w.media)) as c:
            auth = c.post("/accounts/ClientLogin", data={
                "Email": "backend", "Passwd": PASSWORD, "output": "json"}).json()["Auth"]
            c.headers["Authorization"] = f"GoogleLogin auth={auth}"
            unread = _unread_ids(c)
            c.post("/reader/api/0/edit-tag", data={"i": unread[:3], "a": READ})
            assert _unread_ids(c) == unread[3:] and _unread_total(c) == len(unread) - 3
            key = hashlib.md5(f"backend:{PASSWORD}".encode()).hexdigest()
            _fever(c, key, "", mark="item", **{"as": "read"}, id=unread[3])
            assert _unread_ids(c) == unread[4:]
            c.post("/reader/api/0/mark-all-as-read", data={"s": READING_LIST})
            assert _unread_ids(c) == [] and _fever(c, key, "unread_item_ids")[
                "unread_item_ids"] == ""
    finally:
        w.store.close()


STORIES_FEED = "feed/2147483647"


def test_greader_stories_subscription(gr: TestClient, world: World) -> None:
    subs = gr.get("/reader/api/0/subscription/list").json()["subscriptions"]
    stories = next(s for s in subs if s["id"] == STORIES_FEED)
    assert stories["title"] == "svodka: top stories"
    assert stories["categories"] == [{"id": "user/-/label/svodka", "label": "svodka"}]
    page = gr.get("/reader/api/0/stream/contents/" + STORIES_FEED).json()
    # Only the story of three outlets: the draft's story has one, its article is its item.
    [item] = page["items"]
    assert item["title"] == "Рада ухвалила бюджет на наступний рік"
    budget = world.stories["budget"]
    assert item["alternate"][0]["href"] == f"http://127.0.0.1:8080/stories/{budget}"
    html = item["content"]["content"]
    assert 'href="https://herald.example/news/en-budget"' in html
    assert "Ukraine&#x27;s parliament passes budget" in html and "The Herald" in html
    assert "user/-/label/svodka" in item["categories"] and item["origin"]["streamId"] == STORIES_FEED
    # Its id: not an article's, after every article's, the same on every call.
    story_id = int(item["id"].rsplit("/", 1)[1], 16)
    ids = [int(i) for i in _unread_ids(gr)]
    assert story_id in ids and story_id == max(ids)
    again = gr.get("/reader/api/0/stream/contents/" + STORIES_FEED).json()["items"]
    assert [i["id"] for i in again] == [item["id"]]
    # Read and starred like an article; the feed's unread count follows.
    counts = {c["id"]: c["count"] for c in gr.get("/reader/api/0/unread-count").json()[
        "unreadcounts"]}
    assert counts[STORIES_FEED] == 1
    gr.post("/reader/api/0/edit-tag", data={"i": item["id"], "a": [READ, STARRED]})
    assert str(story_id) not in _unread_ids(gr)
    counts = {c["id"] for c in gr.get("/reader/api/0/unread-count").json()["unreadcounts"]}
    assert STORIES_FEED not in counts
    starred = gr.get("/reader/api/0/stream/contents/" + STARRED).json()["items"]
    assert [i["id"] for i in starred] == [item["id"]]
    assert READ in starred[0]["categories"]
    gr.post("/reader/api/0/edit-tag", data={"i": str(story_id), "r": READ})
    assert _unread_ids(gr, STORIES_FEED) == [str(story_id)]
    # Marking the starred stream read leaves an unstarred story alone.
    gr.post("/reader/api/0/edit-tag", data={"i": str(story_id), "r": STARRED})
    gr.post("/reader/api/0/mark-all-as-read", data={"s": STARRED})
    assert _unread_ids(gr, STORIES_FEED) == [str(story_id)]
    # Marking the stories' folder read touches no article.
    before = _unread_total(gr)
    gr.post("/reader/api/0/mark-all-as-read", data={"s": "user/-/label/svodka"})
    assert _unread_ids(gr, STORIES_FEED) == [] and _unread_total(gr) == before - 1


def test_fever_stories_group_and_marks(client: TestClient, reader: str, world: World) -> None:
    key = hashlib.md5(f"{reader}:{PASSWORD}".encode()).hexdigest()
    body = _fever(client, key, "groups&feeds")
    assert body["groups"][0] == {"id": 1, "title": "svodka"}
    assert {"group_id": 1, "feed_ids": "2147483647"} in body["feeds_groups"]
    assert body["feeds"][0]["title"] == "svodka: top stories"
    unread = _fever(client, key, "unread_item_ids")["unread_item_ids"].split(",")
    story = max(unread, key=int)
    [item] = _fever(client, key, "items", with_ids=story)["items"]
    assert item["feed_id"] == 2147483647
    assert item["url"] == f"http://127.0.0.1:8080/stories/{world.stories['budget']}"
    answer = _fever(client, key, "", mark="item", **{"as": "read"}, id=story)
    assert story not in answer["unread_item_ids"].split(",")
    answer = _fever(client, key, "", mark="item", **{"as": "saved"}, id=story)
    assert answer["saved_item_ids"] == story
    # A language's group read leaves the story; the stories' group reads it and nothing else.
    _fever(client, key, "", mark="item", **{"as": "unread"}, id=story)
    _fever(client, key, "", mark="group", **{"as": "read"}, id="4", before="99999999999")
    left = _fever(client, key, "unread_item_ids")["unread_item_ids"].split(",")
    assert story in left and len(left) < len(unread)
    _fever(client, key, "", mark="group", **{"as": "read"}, id="1", before="99999999999")
    after = _fever(client, key, "unread_item_ids")["unread_item_ids"].split(",")
    assert after == [i for i in left if i != story]
    # Group 0 (Kindling) is every item.
    _fever(client, key, "", mark="item", **{"as": "unread"}, id=story)
    _fever(client, key, "", mark="group", **{"as": "read"}, id="0", before="99999999999")
    assert _fever(client, key, "unread_item_ids")["unread_item_ids"] == ""


def test_new_story_follows_what_an_app_has_seen(tmp_path: Path) -> None:
    """A Fever app keeps the highest id it has seen and asks for items after it (since_id):
    a story that qualifies later, and the article that made it, come after it."""
    from datetime import timedelta

    from web_world import NOW, _save

    from svodka.records import Block, StoryPlacement

    w = build_world(tmp_path)
    try:
        Users(w.store.engine).add("later", PASSWORD)
        key = hashlib.md5(f"later:{PASSWORD}".encode()).hexdigest()
        with TestClient(create_app(w.store, w.media)) as c:
            seen = max(map(int, _fever(c, key, "unread_item_ids")["unread_item_ids"].split(",")))
            assert _fever(c, key, "items", since_id=str(seen))["items"] == []
            # The draft's story gets a second outlet.
            aid = _save(w, "ru-draft", "vedomosti", lang="ru", title="Кабмин внес проект бюджета",
                        lead="Документ передан в парламент.", body=[Block("Документ передан.")],
                        images=[], hours_ago=0.5)
            w.store.place_articles({aid: StoryPlacement(story=w.stories["draft"], features={},
                                                        when=NOW - timedelta(minutes=30))})
            fresh = _fever(c, key, "items", since_id=str(seen))["items"]
            assert {i["title"] for i in fresh} == {"Кабмин внес проект бюджета",
                                                   "Уряд вніс проєкт бюджету"}
            assert all(i["id"] > seen for i in fresh)
            story = next(i for i in fresh if i["feed_id"] == 2147483647)
            assert story["url"].endswith(f"/stories/{w.stories['draft']}")
            again = _fever(c, key, "items", with_ids=str(story["id"]))["items"]
            assert [i["id"] for i in again] == [story["id"]]
    finally:
        w.store.close()
