"""The admin: login, CSRF on every form, and a source's life (add, pause, edit rules, poll now,
remove), OPML import."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from svodka.media import FileMediaStore
from svodka.store import Store
from svodka.store.users import Users
from svodka.web import create_app

PASSWORD = "s3cret-admin-pass"


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(f"sqlite:///{tmp_path / 'admin.db'}")
    Users(s.engine).add("admin", PASSWORD)
    yield s
    s.close()


@pytest.fixture()
def client(store: Store, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store, FileMediaStore(tmp_path / "media")),
                    base_url="http://127.0.0.1", follow_redirects=False) as c:
        yield c


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def _login(c: TestClient, password: str = PASSWORD) -> tuple[int, str]:
    page = c.get("/admin/login", follow_redirects=True)
    r = c.post("/admin/login", data={"csrf": _csrf(page.text), "name": "admin",
                                     "password": password})
    return r.status_code, r.text


@pytest.fixture()
def admin(client: TestClient) -> TestClient:
    assert _login(client)[0] == 303
    return client


def test_login_required(client: TestClient) -> None:
    for path in ("/admin", "/admin/sources/1"):
        r = client.get(path)
        assert r.status_code == 303 and r.headers["location"] == "/admin/login"
    r = client.post("/admin/sources", data={"url": "https://x.example/rss"})
    assert r.status_code == 303 and r.headers["location"] == "/admin/login"
    client.cookies.set("svodka_admin", "1.99999999999.abc.0000", path="/admin")
    assert client.get("/admin").status_code == 303


def test_wrong_password_refused(client: TestClient) -> None:
    status, html = _login(client, "not the password")
    assert status == 401 and "svodka_admin" not in client.cookies
    assert "Wrong name or password" in html or "Неправильне" in html or "Неверное" in html
    assert client.get("/admin").status_code == 303


def test_session_cookie_flags(client: TestClient) -> None:
    page = client.get("/admin/login", follow_redirects=True)
    r = client.post("/admin/login", data={"csrf": _csrf(page.text), "name": "admin",
                                          "password": PASSWORD})
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/admin" in cookie
    assert "secure" not in cookie  # served on http://127.0.0.1


def test_secure_cookie_behind_https(store: Store, tmp_path: Path) -> None:
    from svodka.config import Settings

    settings = Settings(data_dir=tmp_path, public_base_url="https://news.example")
    app = create_app(store, FileMediaStore(tmp_path / "media"), settings)
    with TestClient(app, base_url="https://news.example", follow_redirects=False) as c:
        page = c.get("/admin/login", follow_redirects=True)
        r = c.post("/admin/login", data={"csrf": _csrf(page.text), "name": "admin",
                                         "password": PASSWORD})
        assert r.status_code == 303 and "secure" in r.headers["set-cookie"].lower()


def test_csrf_refused(admin: TestClient, store: Store) -> None:
    url = "https://csrf.example/rss"
    assert admin.post("/admin/sources", data={"url": url}).status_code == 403
    assert admin.post("/admin/sources", data={"url": url, "csrf": "0" * 64}).status_code == 403
    assert not store.sources()
    # The login form checks its token too.
    admin.cookies.clear()
    r = admin.post("/admin/login", data={"name": "admin", "password": PASSWORD})
    assert r.status_code == 403


def test_source_life(admin: TestClient, store: Store) -> None:
    page = admin.get("/admin")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    csrf = _csrf(page.text)
    r = admin.post("/admin/sources", data={"csrf": csrf, "url": "https://news.example/rss",
                                           "name": "News", "language": "uk"})
    assert r.status_code == 303
    (src,) = store.sources()
    assert (src.url, src.name, src.language, src.enabled) == (
        "https://news.example/rss", "News", "uk", True)
    assert admin.post("/admin/sources", data={"csrf": csrf, "url": "javascript:alert(1)"}
                      ).headers["location"].endswith("bad_url")
    assert admin.post("/admin/sources", data={"csrf": csrf, "url": "https://news.example/rss"}
                      ).headers["location"].endswith("known_url")
    assert len(store.sources()) == 1
    admin.post("/admin/sources", data={"csrf": csrf, "url": "https://news.example/world/",
                                       "kind": "section"})
    admin.post("/admin/sources", data={"csrf": csrf, "url": "https://news.example/a/",
                                       "kind": "bogus"})
    kinds = {s.url: s.kind for s in store.sources()}
    assert kinds["https://news.example/world/"] == "section"
    assert kinds["https://news.example/a/"] == "auto"
    for extra in store.sources()[1:]:
        admin.post(f"/admin/sources/{extra.id}/remove", data={"csrf": csrf})
    assert len(store.sources()) == 1
    # Pause, then resume.
    assert admin.post(f"/admin/sources/{src.id}/pause", data={"csrf": csrf}).status_code == 303
    assert not store.sources()[0].enabled
    listing = admin.get("/admin?lang=en").text
    assert "Paused" in listing and f'/admin/sources/{src.id}/resume' in listing
    admin.post(f"/admin/sources/{src.id}/resume", data={"csrf": csrf})
    assert store.sources()[0].enabled
    # Rules: invalid ones refused with the reason, valid ones kept.
    edit = admin.get(f"/admin/sources/{src.id}?lang=en")
    assert edit.status_code == 200 and "Outlet rules" in edit.text
    bad = admin.post(f"/admin/sources/{src.id}", data={
        "csrf": csrf, "name": "News", "language": "uk", "rules": '{"keep": ["div[[["]}'})
    assert bad.status_code == 400 and "div[[[" in bad.text and "refused" in bad.text
    bad = admin.post(f"/admin/sources/{src.id}", data={
        "csrf": csrf, "name": "News", "language": "uk", "rules": '{"colour": "red"}'})
    assert bad.status_code == 400
    assert store.sources()[0].rules is None
    ok = admin.post(f"/admin/sources/{src.id}", data={
        "csrf": csrf, "name": "News Daily", "language": "ru",
        "rules": '{"keep": [".post_text"], "date": ".post_time"}'})
    assert ok.status_code == 303
    saved = store.sources()[0]
    assert saved.name == "News Daily" and saved.language == "ru"
    assert saved.rules is not None and saved.rules.keep == [".post_text"]
    # Poll now: the source becomes due.
    store.record_poll(src.id, ok=False, error="HTTP 503", next_poll_at=None)
    assert store.claim_due_sources(lease=60) == [src.id]  # due: never polled
    assert store.claim_due_sources(lease=3600) == []  # claimed: pushed an hour ahead
    admin.post(f"/admin/sources/{src.id}/poll", data={"csrf": csrf})
    assert store.claim_due_sources(lease=60) == [src.id]
    health = admin.get("/admin?lang=en").text
    assert "HTTP 503" in health and "Failing (1)" in health
    # Remove.
    assert admin.post(f"/admin/sources/{src.id}/remove", data={"csrf": csrf}).status_code == 303
    assert store.sources() == []
    assert admin.post(f"/admin/sources/{src.id}/pause", data={"csrf": csrf}).status_code == 404


OPML = b"""<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
<outline text="A" xmlUrl="https://a.example/rss" language="en"/>
<outline text="B" xmlUrl="https://b.example/feed"/></body></opml>"""


def test_import_opml(admin: TestClient, store: Store) -> None:
    csrf = _csrf(admin.get("/admin").text)
    r = admin.post("/admin/import", data={"csrf": csrf},
                   files={"file": ("feeds.opml", OPML, "text/xml")})
    assert r.headers["location"].endswith("imported")
    assert sorted(s.url for s in store.sources()) == ["https://a.example/rss",
                                                      "https://b.example/feed"]
    r = admin.post("/admin/import", data={"csrf": csrf},
                   files={"file": ("x.opml", b"<html>not opml", "text/xml")})
    assert r.headers["location"].endswith("bad_opml")
    r = admin.post("/admin/import", files={"file": ("feeds.opml", OPML, "text/xml")})
    assert r.status_code == 403


def test_pages_in_each_language(admin: TestClient) -> None:
    assert "Джерела" in admin.get("/admin?lang=uk").text
    assert "Источники" in admin.get("/admin?lang=ru").text or "Управление" in admin.get(
        "/admin?lang=ru").text
    assert "Add a source" in admin.get("/admin?lang=en").text


def test_logout(admin: TestClient) -> None:
    csrf = _csrf(admin.get("/admin").text)
    assert admin.post("/admin/logout", data={"csrf": csrf}).status_code == 303
    assert admin.get("/admin").status_code == 303


def test_cli_users_add(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture[str]) -> None:
    import io

    from svodka.cli import main

    data = tmp_path / "data"
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password\n"))
    assert main(["--data-dir", str(data), "users", "add", "ops", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["--data-dir", str(data), "users", "add", "ops2", "--password-stdin"]) == 2
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password\n"))
    assert main(["--data-dir", str(data), "users", "add", "ops", "--password-stdin"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["svodka: error: a password has at least 8 characters",
                   "svodka: error: user 'ops' exists already"]
    store = Store(f"sqlite:///{data / 'svodka.db'}")
    try:
        users = Users(store.engine)
        assert users.login("ops", "a-long-password") is not None
        assert users.login("ops", "a-long-passwor") is None
        assert users.by_name("ops2") is None
        stored = users.by_name("ops")
        assert stored is not None and "a-long-password" not in stored.password_hash
    finally:
        store.close()


def test_source_edits_on_each_backend(db_url: str, tmp_path: Path) -> None:
    """Pause, poll now, edit and remove on SQLite and PostgreSQL; removing an outlet takes its
    articles and every user's read marks on them, and leaves the others alone."""
    from web_world import build_world

    from svodka.records import OutletRules
    from svodka.store.source_edits import SourceEdits
    from svodka.store.users import ItemQuery, ReaderState

    w = build_world(tmp_path, db_url)
    try:
        sid = w.sources["herald"].id
        other = w.sources["pravda"].id
        user = Users(w.store.engine).add("ed", PASSWORD)
        state = ReaderState(w.store.engine)
        theirs = state.ids(user.id, ItemQuery(source_id=sid), limit=5)
        mine = state.ids(user.id, ItemQuery(source_id=other), limit=5)
        assert theirs and mine
        state.mark(user.id, theirs + mine, read=True, starred=True)
        edits = SourceEdits(w.store)
        assert edits.set_enabled(sid, False) and not w.store.source_state(sid).source.enabled
        assert edits.poll_now(sid) and w.store.source_state(sid).next_poll_at is not None
        assert edits.edit(sid, name="Herald", language="en",
                          rules=OutletRules(keep=[".body"]))
        assert w.store.source_state(sid).source.rules == OutletRules(keep=[".body"])
        assert edits.remove(sid) and not edits.remove(sid)
        assert sid not in {s.id for s in w.store.sources()}
        assert w.store.latest_articles(source_id=sid) == []
        assert set(state.states(user.id, theirs)) == set()
        assert set(state.states(user.id, mine)) == set(mine)
        assert state.count(user.id, ItemQuery(starred=True)) == len(mine)
    finally:
        w.store.close()
