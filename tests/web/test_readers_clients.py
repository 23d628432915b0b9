"""Reader apps' client libraries against a real `svodka serve`: libgreader (Google Reader API)
and freshrss-api (Fever, as FreshRSS serves it) log in, list subscriptions, fetch unread items,
mark one read and see the change; svodka's stories come as the items of one subscription.

Tried and left: PyPI's google-reader (needs Python 3.12), greader 0.1.0 and mekk-greader (a
subset for Google's own service, no ClientLogin to another host), librssreader (libgreader's
fork, its base URL fixed per module); no Fever client on npm or PyPI besides freshrss-api.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import freshrss_api
import httpx
import pytest
from libgreader import ClientAuthMethod, GoogleReader, ReaderUrl
from web_world import World, build_world

SVODKA = [sys.executable, "-c", "from svodka.cli import main; raise SystemExit(main())"]
USER, PASSWORD = "app-reader", "correct horse battery"
GOOGLE = "https://www.google.com"
STORIES = "svodka: top stories"
START_SECONDS = 60  # a busy 2-core machine starts the server in a few seconds


@dataclass
class Served:
    base: str
    world: World


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(proc: subprocess.Popen[str], base: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    with httpx.Client(trust_env=False, timeout=10) as http:
        while True:
            assert proc.poll() is None, "svodka serve exited"
            try:
                if http.get(base + "/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"no answer in {START_SECONDS} s"
            time.sleep(0.2)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`svodka users add`, then `svodka serve` on a free port over the web tests' world."""
    root = tmp_path_factory.mktemp("served")
    world = build_world(root)
    env = {**os.environ, "SVODKA_DATA_DIR": str(root), "NO_PROXY": "127.0.0.1,localhost"}
    env.pop("SVODKA_DATABASE_URL", None)
    env.pop("SVODKA_PUBLIC_BASE_URL", None)
    added = subprocess.run([*SVODKA, "users", "add", USER, "--password-stdin"], env=env,
                           input=PASSWORD + "\n", capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr
    port = _free_port()
    proc = subprocess.Popen([*SVODKA, "serve", "--port", str(port)], env=env, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(proc, base)
        yield Served(base, world)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        world.store.close()


@pytest.fixture()
def greader(served: Served, monkeypatch: pytest.MonkeyPatch) -> GoogleReader:
    """libgreader pointed at svodka: its URLs are class constants naming Google's host."""
    for name in dir(ReaderUrl):
        value = getattr(ReaderUrl, name)
        if isinstance(value, str) and value.startswith(GOOGLE):
            monkeypatch.setattr(ReaderUrl, name, served.base + value.removeprefix(GOOGLE))
    monkeypatch.setattr(ClientAuthMethod, "CLIENT_URL", served.base + "/accounts/ClientLogin")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    reader = GoogleReader(ClientAuthMethod(USER, PASSWORD))
    reader.makeSpecialFeeds()
    return reader


def test_libgreader_reads_and_marks(greader: GoogleReader, served: Served) -> None:
    reader = greader
    assert reader.buildSubscriptionList()  # user-info, unread-count, subscription/list
    feeds = {f.title: f for f in reader.getSubscriptionList()}
    assert {"Правда Тест", "Ведомости Тест", "The Herald", STORIES} <= set(feeds)
    assert feeds["Правда Тест"].unread == 2
    assert {c.label for c in reader.getCategories()} >= {"uk", "ru", "en", "svodka"}
    reading = reader.getSpecialFeed(ReaderUrl.READING_LIST)
    reading.loadItems(excludeRead=True, loadLimit=100)
    unread = reading.getItems()
    assert len(unread) >= 30 and all(not i.read for i in unread)
    target = next(i for i in unread if i.title == "Рада приняла бюджет Украины")
    assert target.url == "https://vedomosti.example/news/ru-budget"
    assert target.origin["title"] == "Ведомости Тест"
    assert target.markRead()  # edit-tag with the token libgreader fetched after login
    reading.loadItems(excludeRead=True, loadLimit=100)
    assert target.id not in {i.id for i in reading.getItems()}
    assert len(reading.getItems()) == len(unread) - 1
    reader.buildSubscriptionList()
    feeds = {f.title: f for f in reader.getSubscriptionList()}
    assert feeds["Ведомости Тест"].unread == 0
    # The stories' subscription: the budget story, linked to its page, with its outlets.
    stories = feeds[STORIES]
    stories.loadItems(loadLimit=20)
    story = stories.getItems()[0]
    assert story.title == "Рада ухвалила бюджет на наступний рік"
    assert story.url == f"{served.base}/stories/{served.world.stories['budget']}"
    assert "https://herald.example/news/en-budget" in story.content
    assert story.markStarred()
    starred = reader.getSpecialFeed(ReaderUrl.STARRED_LIST)
    starred.loadItems()
    assert [i.id for i in starred.getItems()] == [story.id]
    # A whole feed read (mark-all-as-read), as the library's Feed.markAllRead sends it.
    assert feeds["The Herald"].markAllRead()
    feeds["The Herald"].loadItems(excludeRead=True)
    assert feeds["The Herald"].getItems() == []


def test_libgreader_wrong_password(greader: GoogleReader) -> None:
    with pytest.raises(IOError):
        ClientAuthMethod(USER, "not the password")


def test_freshrss_api_fever_client(served: Served) -> None:
    api = freshrss_api.FreshRSSAPI(host=served.base, username=USER, password=PASSWORD)  # checks auth
    feeds = {f["title"]: f for f in api.get_feeds()["feeds"]}
    assert {"Правда Тест", "The Herald", STORIES} <= set(feeds)
    groups = {g["title"] for g in api.get_groups()["groups"]}
    assert {"svodka", "uk", "ru", "en"} <= groups
    unread = api.get_unreads()  # unread_item_ids, then items with_ids by 50
    assert unread and all(not i.is_read for i in unread)
    pravda = feeds["Правда Тест"]["id"]
    target = next(i for i in unread if i.feed_id == pravda)
    answer = api.set_mark(as_="read", id=target.id)
    assert str(target.id) not in answer["unread_item_ids"].split(",")
    after = api.get_unreads()
    assert target.id not in {i.id for i in after} and len(after) == len(unread) - 1
    story = next(i for i in after if i.feed_id == feeds[STORIES]["id"])
    assert story.url.startswith(served.base + "/stories/")
    api.set_mark(as_="saved", id=story.id)
    assert [i.id for i in api.get_saved()] == [story.id]
    with pytest.raises(freshrss_api.AuthenticationError):
        freshrss_api.FreshRSSAPI(host=served.base, username=USER, password="not the password")
