"""The reader's pages: people and places, outlets, times in the reader's zone, the page cache."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from web_world import World

from svodka.media import FileMediaStore
from svodka.records import Article, Block, Enrichment, Quote, Source, StoryPlacement
from svodka.store import Store
from svodka.web import create_app
from svodka.web.cache import FRESH_SECONDS, PageCache
from svodka.web.entities import EntityKind, entity_refs, normalise_name

WHEN = datetime(2026, 7, 1, 21, 30, tzinfo=UTC)  # 00:30 on 2 July in Kyiv (UTC+3)


def _article(store: Store, source: Source, n: int, *, lang: str, title: str,
             entities: dict, quotes: list[Quote], hours: float = 0) -> int:
    assert source.id is not None
    art = Article(url=f"https://o{source.id}.example/{n}", title=title, lead=title,
                  blocks=[Block(title)], published=WHEN - timedelta(hours=hours), language=lang)
    enr = Enrichment(language=lang, category="society", entities=entities, quotes=quotes,
                     lemmas=title.lower())
    return store.save_article(entry_id=None, source_id=source.id, article=art, enrichment=enr,
                              fetched_at=WHEN, url=art.url or "")


@pytest.fixture()
def people(tmp_path: Path) -> Iterator[tuple[TestClient, Store, dict[str, int]]]:
    """One person in Ukrainian and Russian reports of two outlets, and in an English one (its
    own page until the enrichment gives entities a cross-language key)."""
    store = Store(f"sqlite:///{tmp_path / 'p.db'}")
    uk = store.add_source(Source(url="https://uk.example/rss", name="Укр Тест", language="uk"))
    en = store.add_source(Source(url="https://en.example/rss", name="Eng Test", language="en"))
    ids = {
        "uk": _article(store, uk, 1, lang="uk", title="Лавров заявив про переговори",
                       entities={"PER": ["Лавров"], "LOC": ["Київ"]},
                       quotes=[Quote(speaker="Лавров", text="Переговори можливі")], hours=2),
        "ru": _article(store, en, 2, lang="ru", title="Лавров ответил на вопрос о переговорах",
                       entities={"PER": ["Лавров"]},
                       quotes=[Quote(speaker="Лавров", text="Переговоры возможны")], hours=1),
        "en": _article(store, en, 3, lang="en", title="Lavrov speaks on talks",
                       entities={"PER": ["Lavrov"], "LOC": ["Kyiv"]},
                       quotes=[Quote(speaker="Lavrov", text="Talks are possible")]),
    }
    story = store.place_articles({ids["uk"]: StoryPlacement(
        story=-1, features={}, when=WHEN, title="Лавров заявив про переговори", language="uk")})[-1]
    store.place_articles({ids[k]: StoryPlacement(story=story, features={}, when=WHEN)
                          for k in ("ru", "en")})
    store.set_story_scores([(story, 5.0)])
    ids["story"] = story
    with TestClient(create_app(store, FileMediaStore(tmp_path / "media"))) as client:
        yield client, store, ids
    store.close()


def test_entity_keys_fold_case_apostrophes_and_take_the_enrichments_key() -> None:
    assert normalise_name("  Володимир   ЗЕЛЕНСЬКИЙ ") == "володимир зеленський"
    assert normalise_name("Обʼєднані Нації") == normalise_name("Об'єднані Нації")
    assert normalise_name("Об‘єднані Нації") == normalise_name("Об'єднані Нації")
    assert normalise_name("Фёдоров") == normalise_name("Федоров")
    refs = entity_refs({"PER": ["Лавров", {"text": "Lavrov", "key": "lavrov"}], "ORG": ["ЄС"]})
    assert [(r.kind, r.name, r.key) for r in refs] == [
        (EntityKind.PER, "Лавров", "лавров"), (EntityKind.PER, "Lavrov", "lavrov"),
        (EntityKind.ORG, "ЄС", "єс")]
    assert refs[1].href == "/people/lavrov" and refs[2].href == "/organisations/%D1%94%D1%81"


def test_person_page_across_languages_and_outlets(people) -> None:  # noqa: ANN001
    client, _, ids = people
    r = client.get("/people/%D0%BB%D0%B0%D0%B2%D1%80%D0%BE%D0%B2?lang=en")  # лавров
    assert r.status_code == 200
    html = r.text
    assert "<title>Лавров — Person · Svodka</title>" in html
    # What they said, in both languages, each linked to its article.
    said = html.split("What they said", 1)[1].split("Articles that mention them", 1)[0]
    assert "Переговори можливі" in said and "Переговоры возможны" in said
    assert f'/articles/{ids["uk"]}"' in said and f'/articles/{ids["ru"]}"' in said
    # Every article naming them, in both languages; the story that carries them.
    assert f'href="/articles/{ids["uk"]}"' in html and f'href="/articles/{ids["ru"]}"' in html
    assert f'href="/articles/{ids["en"]}"' not in html  # "Lavrov": a key of its own, for now
    assert f'href="/stories/{ids["story"]}"' in html
    assert "2 articles · 2 outlets" in html
    assert "Russian, Ukrainian" in html
    uk = client.get("/people/%D0%BB%D0%B0%D0%B2%D1%80%D0%BE%D0%B2?lang=uk").text
    assert "Особа · Svodka</title>" in uk and "Що казали" in uk
    assert "Talks are possible" in client.get("/people/lavrov?lang=en").text
    assert client.get("/people/nobody").status_code == 404
    assert client.get("/places/lavrov").status_code == 404  # a person is not a place


def test_article_links_its_entities_and_speakers(people) -> None:  # noqa: ANN001
    client, _, ids = people
    html = client.get(f"/articles/{ids['uk']}?lang=uk").text
    assert '<a class="chip" href="/people/%D0%BB%D0%B0%D0%B2%D1%80%D0%BE%D0%B2">Лавров</a>' in html
    assert '<a class="chip" href="/places/%D0%BA%D0%B8%D1%97%D0%B2">Київ</a>' in html
    assert '— <a href="/people/%D0%BB%D0%B0%D0%B2%D1%80%D0%BE%D0%B2">Лавров</a></footer>' in html
    assert client.get("/places/%D0%BA%D0%B8%D1%97%D0%B2").status_code == 200


def test_times_in_the_readers_zone_with_the_zone_shown(people) -> None:  # noqa: ANN001
    client, _, ids = people
    kyiv = client.get(f"/articles/{ids['en']}?lang=en").text
    assert ">2 July 2026, 00:30 UTC+3</time>" in kyiv  # the default zone, Europe/Kyiv
    assert "Europe/Kyiv (UTC+" in kyiv  # the footer names the zone
    client.cookies.set("tz", "America/New_York")  # what /static/zone.js sets from the browser
    ny = client.get(f"/articles/{ids['en']}?lang=en").text
    assert ">1 July 2026, 17:30 UTC-4</time>" in ny
    client.cookies.set("tz", "../../etc/passwd")  # not a zone: the site's own
    assert ">2 July 2026, 00:30 UTC+3</time>" in client.get(f"/articles/{ids['en']}?lang=en").text
    client.cookies.clear()
    # The setting (a form, no script): a cookie, then back to the reader's page.
    r = client.get("/settings", params={"tz": "Europe/London", "back": "/sources"},
                   follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/sources"
    assert (r.cookies.get("tz") or "").strip('"') == "Europe/London"
    assert "Europe/London (UTC" in client.get("/sources").text
    evil = client.get("/settings", params={"tz": "UTC", "back": "//evil.example/"},
                      follow_redirects=False)
    assert evil.headers["location"] == "/"


def test_story_first_reported_is_never_after_its_first_report(people) -> None:  # noqa: ANN001
    # The story was first seen at WHEN, but its Ukrainian report was published two hours before.
    client, _, _ = people
    home = client.get("/?lang=en").text
    first = re.search(r'First reported: <time datetime="([^"]+)"', home)
    assert first and datetime.fromisoformat(first.group(1)) == WHEN - timedelta(hours=2)


def test_story_cards_lead_with_the_readers_language(people) -> None:  # noqa: ANN001
    client, _, ids = people
    top = client.get("/?lang=en").text.split('id="latest-h"')[0]
    assert f'<h2 lang="en"><a href="/articles/{ids["en"]}">Lavrov speaks on talks</a>' in top
    top = client.get("/?lang=ru").text.split('id="latest-h"')[0]
    assert f'<h2 lang="ru"><a href="/articles/{ids["ru"]}">' in top


def test_outlet_page_lists_its_articles_and_health(client: TestClient, world: World) -> None:
    ved = world.sources["vedomosti"].id
    html = client.get(f"/sources/{ved}?lang=en").text
    assert "<title>Ведомости Тест · Svodka</title>" in html
    assert f'href="/articles/{world.ids["ru-budget"]}"' in html
    assert f'href="/articles/{world.ids["uk-budget"]}"' not in html
    health = html.split("Source health", 1)[1]
    assert "Failing (1)" in health and "HTTP 404 Not Found" in health
    assert "every 15 minutes" in health
    pravda = client.get(f"/sources/{world.sources['pravda'].id}?lang=uk").text
    assert "Помилок немає" in pravda and "кожні 15 хвилин" in pravda
    assert client.get("/sources/9999").status_code == 404
    assert f'href="/sources/{ved}"' in client.get("/sources").text


def test_page_titles_in_every_language(client: TestClient, world: World) -> None:
    titles = {lang: re.search(r"<title>(.*?)</title>", client.get(f"/?lang={lang}").text)
              for lang in ("uk", "ru", "en")}
    assert {k: m.group(1) for k, m in titles.items() if m} == {
        "uk": "Головні новини · Svodka", "ru": "Главные новости · Svodka",
        "en": "Top news · Svodka"}
    tech = client.get("/categories/technology?lang=ru").text
    assert "<title>Технологии · Svodka</title>" in tech


def test_home_page_queries_do_not_grow_with_its_stories(people) -> None:  # noqa: ANN001
    client, store, _ = people
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda *a: statements.append(a[2]))  # (conn, cursor, statement, ...)
    client.get("/?lang=uk&page=1&x=1")  # a key not cached yet
    # Stories and their reports, latest articles and their images, the generation, sources:
    # a fixed handful whatever the number of stories.
    assert len(statements) <= 8, statements
    statements.clear()
    client.get("/?lang=uk&page=1&x=1")
    assert not [s for s in statements if "articles.data" in s]  # served from the cache


def test_page_cache_follows_the_store_generation() -> None:
    clock = [0.0]
    gen = [1]
    builds: list[int] = []
    cache = PageCache(lambda: (gen[0],), clock=lambda: clock[0])

    def build() -> str:
        builds.append(1)
        return f"page {gen[0]}"

    assert cache.get("home", build) == "page 1"
    clock[0] = 10.0
    assert cache.get("home", build) == "page 1" and len(builds) == 1  # store unchanged
    gen[0] = 2
    clock[0] = 10.2  # the generation is looked at no more than twice a second
    assert cache.get("home", build) == "page 1"
    clock[0] = 11.0
    assert cache.get("home", build) == "page 2" and len(builds) == 2
    gen[0] = 3
    clock[0] = 12.0  # changed again, but the page is 1 s old: served as is during a crawl
    assert cache.get("home", build) == "page 2"
    clock[0] = 11.5 + FRESH_SECONDS
    assert cache.get("home", build) == "page 3"
    clock[0] = 200.0  # unchanged store, but relative times are redrawn now and then
    assert cache.get("home", build) == "page 3" and len(builds) == 4
    cache.clear()  # an admin edit the generation does not see
    assert cache.get("home", build) == "page 3" and len(builds) == 5
