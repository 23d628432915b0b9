"""Login throttling: failures per client address in a window, then 429 with Retry-After on the
admin form, Google Reader's ClientLogin and Fever's api_key."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from svodka.media import FileMediaStore
from svodka.store import Store
from svodka.store.users import Users
from svodka.web import create_app
from svodka.web.admin import LOGIN_COOKIE
from svodka.web.throttle import MAX_FAILURES, WINDOW_SECONDS, LoginThrottle

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_window_and_retry_after() -> None:
    clock = Clock()
    th = LoginThrottle(max_failures=3, window=60, clock=clock)
    for _ in range(2):
        th.failed("a")
        clock.now += 10
    assert th.retry_after("a") is None
    th.failed("a")  # third within 60 s: the first leaves the window at 1060
    assert th.retry_after("a") == pytest.approx(40)
    assert th.retry_after("b") is None  # another address is not held
    clock.now = 1060.5
    assert th.retry_after("a") is None  # the oldest failure has left the window
    th.failed("a")
    assert th.retry_after("a") == pytest.approx(9.5)


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    Users(store.engine).add("ann", PASSWORD)
    with TestClient(create_app(store, FileMediaStore(tmp_path / "media"))) as c:
        yield c
    store.close()


def _assert_held(r: object) -> None:
    assert r.status_code == 429  # type: ignore[attr-defined]
    wait = int(r.headers["retry-after"])  # type: ignore[attr-defined]
    assert 1 <= wait <= WINDOW_SECONDS


def test_client_login_held_then_refused_even_with_the_password(client: TestClient) -> None:
    for _ in range(MAX_FAILURES):
        r = client.post("/accounts/ClientLogin", data={"Email": "ann", "Passwd": "wrong pass"})
        assert r.status_code == 401
    _assert_held(client.post("/accounts/ClientLogin", data={"Email": "ann", "Passwd": PASSWORD}))
    # Every login door is shut for that address: Fever and the admin form too.
    key = hashlib.md5(f"ann:{PASSWORD}".encode()).hexdigest()
    _assert_held(client.post("/fever/?api", data={"api_key": key}))
    client.get("/admin/login")
    token = client.get("/admin/login").text.split('name="csrf" value="', 1)[-1].split('"', 1)[0]
    _assert_held(client.post("/admin/login", data={"name": "ann", "password": PASSWORD,
                                                   "csrf": token}))


def test_fever_wrong_keys_count_empty_ones_do_not(client: TestClient) -> None:
    for _ in range(MAX_FAILURES + 2):  # apps probe with no key: not a login
        assert client.post("/fever/?api").json()["auth"] == 0
    key = hashlib.md5(f"ann:{PASSWORD}".encode()).hexdigest()
    assert client.post("/fever/?api", data={"api_key": key}).json()["auth"] == 1
    for _ in range(MAX_FAILURES):
        assert client.post("/fever/?api", data={"api_key": "0" * 32}).json()["auth"] == 0
    _assert_held(client.post("/fever/?api", data={"api_key": key}))


def test_admin_form_failures_count(client: TestClient) -> None:
    client.get("/admin/login")
    page = client.get("/admin/login").text
    assert LOGIN_COOKIE in client.cookies
    token = page.split('name="csrf" value="', 1)[-1].split('"', 1)[0]
    for _ in range(MAX_FAILURES):
        r = client.post("/admin/login", data={"name": "ann", "password": "wrong pass",
                                              "csrf": token})
        assert r.status_code == 401
    _assert_held(client.post("/accounts/ClientLogin", data={"Email": "ann", "Passwd": PASSWORD}))
