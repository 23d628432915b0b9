"""The site's own queries and every page on both store backends (PostgreSQL where it runs)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from web_world import build_world

from svodka.web import create_app


def test_every_route_on_each_backend(db_url: str, tmp_path: Path) -> None:
    w = build_world(tmp_path, db_url)
    try:
        with TestClient(create_app(w.store, w.media)) as c:
            home = c.get("/?lang=en").text
            assert "3 reports · 3 outlets" in home
            art = c.get(f"/articles/{w.ids['uk-budget']}").text
            assert f'href="/articles/{w.ids["uk-draft"]}">Уряд вніс проєкт бюджету' in art
            assert f'href="/stories/{w.stories["draft"]}"' in art
            assert c.get(f"/stories/{w.stories['budget']}").status_code == 200
            sources = c.get("/api/v1/sources").json()["items"]
            counts = {s["name"]: (s["articles"], s["state"]) for s in sources}
            assert counts == {"Правда Тест": (2, "ok"), "Ведомости Тест": (1, "failing"),
                              "The Herald": (37, "new")}
            assert all(s["last_article"] and s["last_article"].endswith("+00:00")
                       for s in sources)
            found = re.findall(r'href="/articles/(\d+)"',
                               c.get("/search", params={"q": "бюджету"}).text)
            assert str(w.ids["uk-budget"]) in found
            api = c.get("/api/v1/articles", params={"source": "ведомости тест"}).json()
            assert api["total"] == 1
            assert c.get("/feed.xml").status_code == 200
    finally:
        w.store.close()
