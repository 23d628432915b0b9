"""What a reader sees of stories, through the store: refreshed titles (one per language), rank
keys, earlier coverage, and the story page and API with near-duplicates folded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from svodka.media import FileMediaStore
from svodka.pipeline.refresh import refresh_stories
from svodka.records import (
    Article,
    ArticleWrite,
    Block,
    Enrichment,
    Source,
    StoryPlacement,
)
from svodka.store import Store
from svodka.stories.duplicates import fingerprint
from svodka.web import create_app

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
WIRE = ("Национальный банк Украины снизил учетную ставку на один процентный пункт, до 14,5% "
        "годовых, сообщила пресс-служба регулятора в четверг. Решение принято на заседании "
        "правления с учетом замедления инфляции, которая в октябре составила 9,1% в годовом "
        "измерении. По словам главы НБУ Андрея Пышного, регулятор готов продолжить смягчение "
        "политики, если инфляционные риски не усилятся.")
REWRITE = ("В четверг Нацбанк Украины понизил учетную ставку сразу на процентный пункт, до 14,5% "
           "годовых. " + WIRE.split(". ", 1)[1])
OWN = ("Правление НБУ во главе с Андреем Пышным решило уменьшить ставку до 14,5%: это первое "
       "снижение с весны. Экономисты связывают шаг регулятора с замедлением инфляции до 9,1%, а "
       "банкиры ждут удешевления кредитов не раньше весны следующего года, говорят они.")
NBU = {"PER": ["Андрей Пышный"], "ORG": ["НБУ"], "LOC": ["Украина"]}


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()


def _save(store: Store, src: Source, n: int, title: str, text: str, lang: str, minutes: int,
          entities: dict, keywords: list[str]) -> int:
    url = f"https://{src.name}.example/{n}"
    art = Article(url=url, title=title, lead=text.split(". ")[0] + ".", blocks=[Block(text)],
                  published=T0 + timedelta(minutes=minutes))
    write = ArticleWrite(entry_id=None, source_id=src.id or 0, article=art,
                         enrichment=Enrichment(language=lang, entities=entities,
                                               keywords=keywords),
                         fetched_at=art.published, url=url, fingerprint=fingerprint(text))
    return store.save_articles([write])[0][0]


def _story(store: Store, ids: list[int], when: datetime) -> int:
    sid = store.place_articles({ids[0]: StoryPlacement(story=-1, features={}, when=when,
                                                       title="provisional")})[-1]
    store.place_articles({aid: StoryPlacement(story=sid, features={}, when=when)
                          for aid in ids[1:]})
    return sid


@pytest.fixture
def world(store: Store) -> dict[str, int]:
    agency, copier, own, english, blog = (
        store.add_source(Source(url=f"https://{n}.example/rss", name=n))
        for n in ("agency", "copier", "own", "english", "blog"))
    store.set_source_weight(blog.id or 0, 0.2)
    earlier = _story(store, [_save(
        store, own, 1, "Пышный пообещал снижать учетную ставку НБУ постепенно", OWN, "ru", -9000,
        NBU, ["учетная ставка", "инфляция"])], T0 - timedelta(days=6))
    ids = [
        _save(store, agency, 2, "Что известно о решении НБУ", WIRE, "ru", 0, NBU,
              ["учетная ставка"]),
        _save(store, copier, 3, "Нацбанк снизил учетную ставку до 14,5%", REWRITE, "ru", 10, NBU,
              ["учетная ставка"]),
        _save(store, own, 4, "НБУ знизив облікову ставку до 14,5%", OWN, "uk", 20,
              {"PER": ["Андрій Пишний"], "ORG": ["НБУ"], "LOC": ["Україна"]},
              ["облікова ставка"]),
        _save(store, english, 5, "Ukraine's central bank cuts its key rate to 14.5%",
              "The National Bank of Ukraine cut its key rate to 14.5% on Thursday, its first cut "
              "since spring, governor Andriy Pyshnyi said, citing inflation that slowed to 9.1% "
              "in October and steady international aid to the country this year.",
              "en", 40, {"PER": ["Andriy Pyshnyi"], "ORG": ["NBU"], "LOC": ["Ukraine"]},
              ["key rate"]),
    ]
    rate = _story(store, ids, T0)
    small = _story(store, [_save(store, blog, 6, "Блогер написал о ставке и курсе гривны",
                                 OWN.replace("Правление", "Совет"), "ru", 30, {}, [])], T0)
    refresh_stories(store, store.story_rows(limit=100))
    return {"earlier": earlier, "rate": rate, "small": small, "wire": ids[0], "copy": ids[1]}


def test_titles_per_language_and_the_overall_title(store, world):
    row = store.story(world["rate"])
    assert row.titles == {"en": "Ukraine's central bank cuts its key rate to 14.5%",
                          "ru": "Нацбанк снизил учетную ставку до 14,5%",
                          "uk": "НБУ знизив облікову ставку до 14,5%"}
    assert row.title == "Нацбанк снизил учетную ставку до 14,5%"  # the teaser came first
    assert row.title_for("uk") == row.titles["uk"] and row.title_for("de") == row.title


def test_rank_keys_and_earlier_coverage_are_stored(store, world):
    assert [r.id for r in store.story_rows(order="score")][0] == world["rate"]
    assert store.story(world["rate"]).earlier == [world["earlier"]]
    assert store.story(world["small"]).earlier == []  # names nobody


@pytest.fixture
def client(store: Store, tmp_path) -> Iterator[TestClient]:
    with TestClient(create_app(store, FileMediaStore(tmp_path / "media"))) as c:
        yield c


def test_the_story_page_folds_copies_and_shows_the_timeline(world, client):
    html = client.get(f"/stories/{world['rate']}?lang=uk").text
    assert "<h1>НБУ знизив облікову ставку до 14,5%</h1>" in html
    also = html.split('class="also"', 1)[1].split("</p>", 1)[0]
    assert "copier" in also and f"/articles/{world['copy']}" in also
    assert html.count('class="also"') == 1
    timeline = html.split('class="box timeline"', 1)[1].split("</section>", 1)[0]
    assert f'href="/stories/{world["earlier"]}"' in timeline and "Пышный пообещал" in timeline
    outlets = html.split('class="plain outlets"', 1)[1].split("</ul>", 1)[0]
    assert outlets.count("<li>") == 4


def test_the_story_api_groups_and_titles_in_the_asked_language(world, client):
    body = client.get(f"/api/v1/stories/{world['rate']}", params={"lang": "en"}).json()
    assert body["title"] == "Ukraine's central bank cuts its key rate to 14.5%"
    assert len(body["articles"]) == 4 and len(body["groups"]) == 3
    folded = next(g for g in body["groups"] if g["also"])
    assert {folded["article"]["id"], folded["also"][0]["id"]} == {world["wire"], world["copy"]}
    assert folded["also_published_by"] in (["copier"], ["agency"])
    assert body["first_reported"] == T0.isoformat()
    assert [e["id"] for e in body["timeline"]] == [world["earlier"]]
    assert client.get(f"/api/v1/stories/{world['rate']}", params={"lang": "de"}).status_code == 422


def test_earlier_coverage_reaches_past_the_recent_stories(store, world, monkeypatch):
    """A busy site: many newer stories (here more than the pool of recent ones, made small)
    stand between a story and its earlier coverage, which is still found by the names they share."""
    other = store.add_source(Source(url="https://other.example/rss", name="other"))
    for n in range(3):  # unrelated stories, newer than the earlier one, older than the rate cut
        _story(store, [_save(store, other, 10 + n, f"В Запорожье открыли новый мост {n}",
                             f"Мост номер {n} через Днепр открыли для движения в Запорожье.",
                             "ru", -60 + n, {"LOC": ["Запорожье"]}, ["мост"])],
               T0 - timedelta(hours=1))
    refresh_stories(store, store.story_rows(limit=100))
    monkeypatch.setattr("svodka.pipeline.refresh.EARLIER_POOL", 2)
    refresh_stories(store, [store.story(world["rate"])])
    assert store.story(world["rate"]).earlier == [world["earlier"]]
    monkeypatch.setattr("svodka.pipeline.refresh.EARLIER_PER_NAME", 0)  # names not searched
    refresh_stories(store, [store.story(world["rate"])])
    assert store.story(world["rate"]).earlier == []


def test_an_older_database_gets_the_names_of_its_stories(db_url: str) -> None:
    """Migration 0015 fills ``story_names`` from the subjects the stories already have."""
    from importlib import resources

    from alembic import command
    from alembic.config import Config

    from svodka.store import schema as t

    old = Store(db_url, migrate=False)
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("svodka.store") / "migrations"))
    with old.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0014")
        conn.execute(t.stories.insert().values(
            id=7, title="НБУ знизив ставку", features={}, n_articles=1, n_sources=1,
            languages=["uk"], first_seen=T0, updated=T0, score=0.0, earlier=[],
            subject={"PER": {"pshn": 2.0}, "ORG": {"nb": 1.0}, "KEY": {"stvk": 1.0}}))
    old.migrate()
    with old.engine.connect() as conn:
        names = sorted(conn.execute(t.story_names.select()).all())
    old.close()
    assert names == [("ORG:nb", 7, T0), ("PER:pshn", 7, T0)]


def test_the_stories_naming_rare_names_come_first(store: Store) -> None:
    from svodka.store.stories import StoryShown

    src = store.add_source(Source(url="https://s.example/rss", name="s"))
    made = {}
    for n, subject in enumerate([{"LOC": {"kyv": 1.0}}, {"LOC": {"kyv": 1.0}},
                                 {"LOC": {"kyv": 1.0}, "PER": {"pshn": 1.0}}, {"KEY": {"x": 1.0}}]):
        sid = _story(store, [_save(store, src, n, f"Новина {n}", f"Текст новини {n}.", "uk", n,
                                   {}, [])], T0 + timedelta(minutes=n))
        store.set_story_shown([StoryShown(sid, f"Новина {n}", {}, 0.0, subject)])
        made[n] = sid
    later = T0 + timedelta(days=1)
    found = store.stories_named(["LOC:kyv", "PER:pshn"], before=later, per_name=5, limit=1)
    assert [r.id for r in found] == [made[2]]  # one name's only story before a city's three
    assert {r.id for r in store.stories_named(["LOC:kyv"], before=later, per_name=2, limit=9)} \
        == {made[1], made[2]}  # the latest two
    assert store.stories_named(["LOC:kyv"], before=T0, per_name=5, limit=9) == []
    assert store.stories_named(["KEY:x"], before=later, per_name=5, limit=9) == []  # no name
