"""The HTML pages over a real store: content, escaping, 404s, languages, no hot-linked images."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from web_world import EVIL_TITLE, World

from svodka.web.security import DEFAULT_PUBLIC_BASE_URL


def row_ids(html: str) -> list[str]:
    """Article ids of the listed rows, in order."""
    return re.findall(r'<h3(?: lang="\w+")?><a href="/articles/(\d+)">', html)


def _img_srcs(html: str) -> list[str]:
    srcs = re.findall(r'<img[^>]*\ssrc="([^"]+)"', html)
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        srcs += [part.strip().split(" ")[0] for part in srcset.split(",")]
    return srcs


def test_home_lists_stories_then_latest(client: TestClient, world: World) -> None:
    r = client.get("/", headers={"Accept-Language": "en"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    top, latest = html.split('id="latest-h"', 1)
    # The budget story, led by its report in the reader's language; the other outlets' reports
    # with names and languages.
    assert f'href="/articles/{world.ids["en-budget"]}">Ukraine&#39;s parliament passes' in top
    assert f'/articles/{world.ids["ru-budget"]}" lang="ru">Рада приняла бюджет Украины</a>' in top
    assert f'/articles/{world.ids["uk-budget"]}" lang="uk">Рада ухвалила бюджет' in top
    assert "Ведомости Тест" in top and "The Herald" in top
    assert "3 reports · 3 outlets" in top
    assert f'href="/stories/{world.stories["budget"]}"' in top
    # A one-report story is not a "top story".
    assert f'/stories/{world.stories["draft"]}"' not in top
    # Latest: newest first, with the source, a time and a thumbnail.
    titles = row_ids(latest)
    assert [int(t) for t in titles[:3]] == [world.ids["en-evil"], world.ids["en-budget"],
                                            world.ids["ru-budget"]]
    assert len(titles) == 30  # a full page: the one page that is not news is filtered in SQL
    assert str(world.ids["en-promo"]) not in titles
    assert "1 hour ago" in latest
    assert 'rel="next"' in latest


def test_home_pages_and_filters(client: TestClient, world: World) -> None:
    second = client.get("/?page=2&lang=en").text
    titles = row_ids(second)
    assert len(titles) == world.store.count_articles() - 1 - 30  # the rest, less the non-news
    assert 'id="top-h"' not in second and 'rel="prev"' in second
    ru = client.get("/?language=ru").text
    assert row_ids(ru) == [str(world.ids["ru-budget"])]
    pravda = world.sources["pravda"].id
    by_source = client.get(f"/?source={pravda}").text
    assert set(row_ids(by_source)) == {
        str(world.ids["uk-budget"]), str(world.ids["uk-draft"])}
    assert "<h1" in by_source and "Правда Тест" in by_source
    assert client.get("/?source=9999").status_code == 404
    assert client.get("/?page=abc").status_code == 200


def test_category_pages(client: TestClient, world: World) -> None:
    tech = client.get("/?category=technology&lang=en").text
    assert row_ids(tech) == [str(world.ids["en-evil"])]
    assert 'id="top-h"' not in tech and '<h1 id="latest-h" class="section-h">Technology</h1>' in tech
    assert '<a href="/categories/technology" class="on" aria-current="page">Technology</a>' in tech
    assert row_ids(client.get("/categories/technology").text) == [str(world.ids["en-evil"])]
    assert client.get("/categories/bogus").status_code == 404
    economy = client.get("/?category=economy").text
    assert len(row_ids(economy)) == 30 and 'rel="next"' in economy
    rest = client.get("/?category=economy&page=2").text
    assert not set(row_ids(rest)) & set(row_ids(economy))
    assert len(row_ids(economy)) + len(row_ids(rest)) == 38  # every economy article, no promo
    ru = client.get("/?category=economy&language=ru").text
    assert row_ids(ru) == [str(world.ids["ru-budget"])]
    assert row_ids(client.get("/?category=other").text) == []  # the promo is not news
    assert client.get("/?category=bogus").status_code == 404


def test_pages_that_are_not_news_stay_reachable(client: TestClient, world: World) -> None:
    r = client.get(f"/articles/{world.ids['en-promo']}")
    assert r.status_code == 200 and "Subscribe to our newsletter today" in r.text


def test_untitled_article(empty_client: TestClient) -> None:
    from datetime import UTC, datetime

    from svodka.records import Article, Block, Enrichment, Source

    store = empty_client.app.state.site.store
    src = store.add_source(Source(url="https://x.example/rss", name="X"))
    aid = store.save_article(entry_id=None, source_id=src.id, url="https://x.example/a",
                             article=Article(url="https://x.example/a", blocks=[Block("Text.")]),
                             enrichment=Enrichment(), fetched_at=datetime.now(UTC))
    html = empty_client.get(f"/articles/{aid}").text
    assert "<h1>https://x.example/a</h1>" in html and "None" not in html
    assert "None" not in empty_client.get("/").text


def test_home_on_an_empty_database(empty_client: TestClient) -> None:
    r = empty_client.get("/", headers={"Accept-Language": "uk"})
    assert r.status_code == 200
    assert "Новин ще немає" in r.text
    assert 'id="top-h"' not in r.text


def test_home_with_articles_but_no_stories(tmp_path, world: World) -> None:  # noqa: ANN001
    from web_world import build_world

    from svodka.store import schema
    from svodka.web import create_app

    w = build_world(tmp_path)
    with w.store.engine.begin() as c:
        c.execute(schema.articles.update().values(story_id=None))
        c.execute(schema.stories.delete())
    with TestClient(create_app(w.store, w.media)) as c:
        html = c.get("/").text
    w.store.close()
    assert 'id="top-h"' not in html
    assert "Рада ухвалила бюджет на наступний рік" in html


def test_article_page_has_everything(client: TestClient, world: World) -> None:
    aid = world.ids["uk-budget"]
    r = client.get(f"/articles/{aid}", headers={"Accept-Language": "uk"})
    assert r.status_code == 200
    html = r.text
    assert "<h1>Рада ухвалила бюджет на наступний рік</h1>" in html
    assert '<p class="standfirst">Депутати підтримали' in html
    assert "Правда Тест" in html and "Олена Петренко" in html
    assert re.search(r"\d{1,2} (листопада|грудня|січня|[а-я]+) \d{4}, \d\d:\d\d", html)
    # Hero with caption, body blocks, gallery with caption.
    hero = html.split('<figure class="hero">', 1)[1].split("</figure>", 1)[0]
    assert "srcset=" in hero and "Сесійна зала парламенту" in hero and "loading" not in hero
    assert "<h2>Що змінюється</h2>" in html
    assert "<li>податок на прибуток</li>" in html and "<li>мінімальна зарплата</li>" in html
    assert "<blockquote><p>Це найважливіший закон року</p></blockquote>" in html
    main = html.split("<main", 1)[1]
    assert main.count("Депутати підтримали головний фінансовий документ країни.") == 1
    gallery = html.split('class="gallery"', 1)[1].split("</section>", 1)[0]
    assert "Голосування депутатів" in gallery and 'loading="lazy"' in gallery
    # The outlet's earlier reports: a stored one links inside svodka, the other to the outlet.
    related = html.split('class="related"', 1)[1].split("</section>", 1)[0]
    assert f'href="/articles/{world.ids["uk-draft"]}">Уряд вніс проєкт бюджету' in related
    assert 'href="https://pravda.example/news/x9"' in related
    # Tags, entities, quotes, category, the original, the story's other reports, earlier coverage.
    assert ">бюджет</a>" in html and ">парламент</a>" in html
    assert "Олена Коваль" in html and "Верховна Рада" in html and "Київ" in html
    assert "Бюджет збалансований" in html
    assert "Економіка" in html
    assert 'href="https://pravda.example/news/uk-budget"' in html
    assert f'/articles/{world.ids["ru-budget"]}"' in html
    assert f'/articles/{world.ids["en-budget"]}"' in html
    assert f'href="/stories/{world.stories["draft"]}">Уряд вніс проєкт бюджету' in html
    base = DEFAULT_PUBLIC_BASE_URL  # never the request's Host
    assert f'<link rel="canonical" href="{base}/articles/{aid}">' in html
    assert f'<meta property="og:image" content="{base}/media/' in html


def test_head_requests(client: TestClient, world: World) -> None:
    for path in ("/", f"/articles/{world.ids['uk-budget']}", f"/media/{world.media_keys[0]}",
                 "/healthz"):
        r = client.head(path)
        assert r.status_code == 200 and r.content == b"", path
    assert client.head("/articles/424242").status_code == 404


def test_pages_never_hotlink_outlet_images(client: TestClient, world: World) -> None:
    pages = ["/", "/?page=2", f"/articles/{world.ids['uk-budget']}",
             f"/articles/{world.ids['ru-budget']}", f"/stories/{world.stories['budget']}",
             "/search?q=бюджет", "/sources"]
    seen = 0
    for path in pages:
        html = client.get(path).text
        for url in world.outlet_image_urls:
            assert url not in html, (path, url)
        for src in _img_srcs(html):
            assert src.startswith("/media/"), (path, src)
            assert client.get(src).status_code == 200
            seen += 1
    assert seen >= 10


def test_user_text_is_escaped(client: TestClient, world: World) -> None:
    for path in ("/", f"/articles/{world.ids['en-evil']}", "/search?q=Budget"):
        html = client.get(path).text
        assert "<script>" not in html and "<b>bold</b>" not in html, path
        assert "&lt;script&gt;alert(" in html, path
    html = client.get(f"/articles/{world.ids['en-evil']}").text
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;i&gt;not markup&lt;/i&gt; &amp; more" in html
    assert EVIL_TITLE not in html
    q = client.get("/search", params={"q": '"><script>x</script>'}).text
    assert "<script>x" not in q


def test_stylesheet_is_served_with_a_version(client: TestClient) -> None:
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', client.get("/").text)
    assert href and re.fullmatch(r"/static/site\.css\?v=[0-9a-f]{10}", href.group(1))
    css = client.get(href.group(1))
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert ".masthead" in css.text


def test_html_security_headers(client: TestClient) -> None:
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp  # only /static/zone.js
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_story_page(client: TestClient, world: World) -> None:
    html = client.get(f"/stories/{world.stories['budget']}?lang=ru").text
    assert "<h1>Рада приняла бюджет Украины</h1>" in html  # the reader's language: a report has it
    assert "3 сообщения · 3 издания" in html
    for key in ("uk-budget", "ru-budget", "en-budget"):
        assert f'/articles/{world.ids[key]}"' in html
    assert f'href="/stories/{world.stories["draft"]}"' in html
    assert "Ранее об этом" in html
    outlets = html.split('class="plain outlets"', 1)[1].split("</ul>", 1)[0]
    assert outlets.count("<li>") == 3 and "Ведомости Тест" in outlets


def test_not_found(client: TestClient) -> None:
    for path in ("/articles/999999", "/articles/abc", "/articles/99999999999999999999999",
                 "/stories/424242", "/stories/-1", "/no/such/page"):
        r = client.get(path, headers={"Accept-Language": "en"})
        assert r.status_code == 404, path
        assert "Page not found" in r.text
        assert r.headers["content-type"].startswith("text/html")


def test_sources_page(client: TestClient, world: World) -> None:
    html = client.get("/sources?lang=en").text
    rows = {name: html.split(name, 1)[1].split("</tr>", 1)[0]
            for name in ("Правда Тест", "Ведомости Тест", "The Herald")}
    assert "OK" in rows["Правда Тест"] and ">2</td>" in rows["Правда Тест"]
    assert "Failing" in rows["Ведомости Тест"] and "HTTP 404 Not Found" in rows["Ведомости Тест"]
    assert "Not polled yet" in rows["The Herald"] and ">37</td>" in rows["The Herald"]


def test_search_lemmatises_the_query(client: TestClient, world: World) -> None:
    html = client.get("/search", params={"q": "бюджету", "lang": "uk"}).text
    found = set(row_ids(html))
    # "бюджету" is not a word of the budget articles' text, but its lemma is.
    assert str(world.ids["uk-budget"]) in found
    assert str(world.ids["ru-budget"]) in found
    assert str(world.ids["en-budget"]) not in found
    nothing = client.get("/search", params={"q": "zzzqqq", "lang": "en"}).text
    assert "Nothing found." in nothing
    assert client.get("/search").status_code == 200


def test_interface_language(client: TestClient) -> None:
    assert 'lang="uk"' in client.get("/").text.split(">", 2)[1]  # default
    ru = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert '<html lang="ru">' in ru.text and "Последние новости" in ru.text
    en = client.get("/?lang=en")
    assert '<html lang="en">' in en.text and "Latest news" in en.text
    assert en.cookies.get("lang") == "en"
    assert '<html lang="en">' in client.get("/sources").text  # the cookie remembers
    client.cookies.clear()
    assert '<html lang="uk">' in client.get("/?lang=xx").text
