"""The JSON API, health and metrics."""

from __future__ import annotations

from fastapi.testclient import TestClient
from web_world import EVIL_TITLE, World

from svodka.web.security import DEFAULT_PUBLIC_BASE_URL as BASE

ITEM_KEYS = {"id", "title", "url", "source", "published", "language", "category", "lead",
             "image", "story_id"}


def test_articles_list_shape_and_paging(client: TestClient, world: World) -> None:
    r = client.get("/api/v1/articles", params={"limit": 5})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    body = r.json()
    assert body["total"] == world.store.count_articles() == 40
    assert len(body["items"]) == 5
    first = body["items"][0]
    assert ITEM_KEYS <= set(first)
    assert first["id"] == world.ids["en-evil"] and first["title"] == EVIL_TITLE
    assert first["source"] == "The Herald"
    published = [i["published"] for i in body["items"]]
    assert published == sorted(published, reverse=True)
    page2 = client.get("/api/v1/articles", params={"limit": 5, "offset": 5}).json()
    assert not {i["id"] for i in page2["items"]} & {i["id"] for i in body["items"]}
    all_ids = [i["id"] for i in client.get("/api/v1/articles?limit=200").json()["items"]]
    assert sorted(all_ids) == sorted(world.ids.values())


def test_articles_filters(client: TestClient, world: World) -> None:
    ru = client.get("/api/v1/articles?language=ru").json()
    assert ru["total"] == 1 and ru["items"][0]["id"] == world.ids["ru-budget"]
    pravda = world.sources["pravda"].id
    by_id = client.get(f"/api/v1/articles?source={pravda}").json()
    by_name = client.get("/api/v1/articles", params={"source": "правда тест"}).json()
    assert {i["id"] for i in by_id["items"]} == {world.ids["uk-budget"], world.ids["uk-draft"]}
    assert by_name["items"] == by_id["items"] and by_id["total"] == 2
    assert client.get("/api/v1/articles?source=nobody").json() == {
        "items": [], "total": 0, "limit": 20, "offset": 0, "next_cursor": None}
    assert client.get("/api/v1/articles?source=99999999999999999999999").json()["total"] == 0
    assert client.get("/api/v1/articles?limit=0").status_code == 422
    assert client.get("/api/v1/articles?limit=100000").status_code == 422


def test_article_image_is_the_mirrored_copy(client: TestClient, world: World) -> None:
    items = {i["id"]: i for i in client.get("/api/v1/articles?limit=200").json()["items"]}
    budget = items[world.ids["uk-budget"]]
    assert budget["image"].startswith(f"{BASE}/media/")
    assert budget["story_id"] == world.stories["budget"]
    assert client.get(budget["image"]).headers["content-type"] == "image/webp"
    assert items[world.ids["en-budget"]]["image"] is None
    assert items[world.ids["en-promo"]]["is_news"] is False
    assert items[world.ids["en-budget"]]["is_news"] is True


def test_article_detail(client: TestClient, world: World) -> None:
    a = client.get(f"/api/v1/articles/{world.ids['uk-budget']}").json()
    assert a["title"] == "Рада ухвалила бюджет на наступний рік"
    assert a["authors"] == ["Олена Петренко"] and a["tags"] == ["бюджет", "парламент"]
    assert [b["kind"] for b in a["blocks"]] == ["p", "h", "ul", "quote", "p"]
    assert a["related"][0] == {"url": "https://pravda.example/news/uk-draft",
                               "text": "Уряд вніс проєкт бюджету"}
    assert a["enrichment"]["entities"]["PER"] == ["Олена Коваль"]
    assert a["enrichment"]["quotes"][0]["text"] == "Бюджет збалансований"
    hero = a["images"][0]
    assert hero["role"] == "hero" and hero["mirrored_url"].startswith(f"{BASE}/media/")
    assert set(hero["thumbnails"]) == {"320", "640"}
    assert a["images"][2]["mirrored_url"] is None  # the inline image was never mirrored
    assert client.get("/api/v1/articles/123456").status_code == 404
    assert client.get("/api/v1/articles/x").json() == {"detail": "Not Found"}


def test_stories(client: TestClient, world: World) -> None:
    items = client.get("/api/v1/stories").json()["items"]
    assert [s["id"] for s in items] == [world.stories["budget"], world.stories["draft"]]
    top = items[0]
    assert top["n_articles"] == 3 and top["n_sources"] == 3
    assert sorted(top["languages"]) == ["en", "ru", "uk"]
    assert top["earlier"] == [world.stories["draft"]]
    assert client.get("/api/v1/stories?offset=1").json()["items"][0]["id"] == world.stories["draft"]
    one = client.get(f"/api/v1/stories/{world.stories['budget']}").json()
    assert [a["id"] for a in one["articles"]][0] == world.ids["uk-budget"]
    assert {a["id"] for a in one["articles"]} == {
        world.ids["uk-budget"], world.ids["ru-budget"], world.ids["en-budget"]}
    assert one["earlier_stories"] == [{"id": world.stories["draft"],
                                       "title": "Уряд вніс проєкт бюджету"}]
    assert client.get("/api/v1/stories/77777").status_code == 404


def test_sources_api(client: TestClient, world: World) -> None:
    rows = {s["name"]: s for s in client.get("/api/v1/sources").json()["items"]}
    assert rows["Ведомости Тест"]["state"] == "failing"
    assert rows["Ведомости Тест"]["last_error"] == "HTTP 404 Not Found"
    assert rows["The Herald"]["articles"] == 37


def test_healthz_and_metrics(client: TestClient, world: World) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "articles": 40}
    client.get("/articles/987654")
    text = client.get("/metrics").text
    assert "svodka_articles 40.0" in text
    assert "svodka_sources 3.0" in text
    assert 'svodka_http_requests_total{method="GET",route="/articles/{article_id}",status="404"}' in text
    assert "svodka_http_request_duration_seconds_bucket" in text


def test_openapi_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/articles", "/api/v1/articles/{article_id}", "/api/v1/stories",
            "/api/v1/stories/{story_id}", "/api/v1/search"} <= set(paths)
    assert client.get("/api/v1/nothing").json() == {"detail": "Not Found"}
