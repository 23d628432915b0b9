"""The web tests' world: a real store (SQLite in tmp), a real file media store with real images."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image as PILImage

from svodka.media import FileMediaStore, mirror_image
from svodka.records import (
    Article,
    Block,
    Enrichment,
    Image,
    Quote,
    RelatedLink,
    Source,
    StoryPlacement,
)
from svodka.store import Store

NOW = datetime.now(UTC).replace(microsecond=0)
EVIL_TITLE = '<script>alert("x")</script> Budget & "tax" <b>bold</b>'


def png_bytes(width: int, height: int, color: tuple[int, int, int]) -> bytes:
    im = PILImage.new("RGB", (width, height), color)
    for x in range(0, width, 7):  # some structure so encoders have work to do
        for y in range(0, height, 40):
            im.putpixel((x, y), (255 - color[0], 255 - color[1], 255 - color[2]))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def lemmas(text: str, lang: str) -> str:
    try:
        from svodka.enrich.lemmas import lemma_string
    except ImportError:
        return text.lower()
    return lemma_string(text, lang)


@dataclass
class World:
    store: Store
    media: FileMediaStore
    sources: dict[str, Source]
    ids: dict[str, int] = field(default_factory=dict)
    stories: dict[str, int] = field(default_factory=dict)
    outlet_image_urls: list[str] = field(default_factory=list)
    media_keys: list[str] = field(default_factory=list)


def _image(w: World, source_id: int, n: int, role: str, caption: str) -> Image:
    url = f"https://cdn.outlet{source_id}.example/photos/{n}.jpg"
    w.outlet_image_urls.append(url)
    stored = mirror_image(w.media, source_id, png_bytes(900, 600, (30 * n % 255, 90, 160)))
    w.media_keys.append(stored.key)
    return Image(url=url, caption=caption, alt=caption, role=role, width=stored.width,
                 height=stored.height, media_key=stored.key, thumbnails=dict(stored.thumbnails))


def _save(w: World, key: str, src: str, *, title: str, lang: str, lead: str, body: list[Block],
          images: list[Image], hours_ago: float, category: str = "economy",
          is_news: bool = True, **extra: object) -> int:
    source = w.sources[src]
    assert source.id is not None
    art = Article(url=f"https://{src}.example/news/{key}", title=title, lead=lead, blocks=body,
                  images=images, published=NOW - timedelta(hours=hours_ago), language=lang,
                  **extra)  # type: ignore[arg-type]
    enr = Enrichment(language=lang, category=category, is_news=is_news,
                     lemmas=lemmas(f"{title} {art.text}", lang))
    if key == "uk-budget":
        enr.entities = {"PER": ["Олена Коваль"], "ORG": ["Верховна Рада"], "LOC": ["Київ"]}
        enr.quotes = [Quote(speaker="Олена Коваль", text="Бюджет збалансований")]
        enr.keywords = ["бюджет", "податки"]
    aid = w.store.save_article(entry_id=None, source_id=source.id, article=art, enrichment=enr,
                               fetched_at=NOW - timedelta(hours=hours_ago), url=art.url or "")
    w.ids[key] = aid
    return aid


def build_world(root: Path, db_url: str | None = None) -> World:
    store = Store(db_url or f"sqlite:///{root / 'svodka.db'}")
    media = FileMediaStore(root / "media")
    sources = {
        "pravda": store.add_source(Source(url="https://pravda.example/rss", name="Правда Тест",
                                          language="uk", homepage="https://pravda.example/")),
        "vedomosti": store.add_source(Source(url="https://vedomosti.example/rss",
                                             name="Ведомости Тест", language="ru")),
        "herald": store.add_source(Source(url="https://herald.example/feed", name="The Herald",
                                          language="en")),
    }
    w = World(store=store, media=media, sources=sources)
    sid = {k: s.id for k, s in sources.items()}
    _save(w, "uk-budget", "pravda", lang="uk",
          title="Рада ухвалила бюджет на наступний рік",
          lead="Депутати підтримали головний фінансовий документ країни.",
          body=[Block("Депутати підтримали головний фінансовий документ країни."),
                Block("Що змінюється", kind="h", level=2),
                Block("- податок на прибуток\n- мінімальна зарплата", kind="ul"),
                Block("Це найважливіший закон року", kind="quote"),
                Block("Уряд очікує зростання доходів бюджету на десять відсотків.")],
          images=[_image(w, sid["pravda"], 1, "hero", "Сесійна зала парламенту"),
                  _image(w, sid["pravda"], 2, "gallery", "Голосування депутатів"),
                  Image(url="https://cdn.outlet9.example/not-mirrored.jpg", role="inline")],
          hours_ago=5, authors=["Олена Петренко"], tags=["бюджет", "парламент"],
          related=[RelatedLink("Уряд вніс проєкт бюджету", "https://pravda.example/news/uk-draft"),
                   RelatedLink("Депутати обговорили податки", "https://pravda.example/news/x9")])
    w.outlet_image_urls.append("https://cdn.outlet9.example/not-mirrored.jpg")
    _save(w, "uk-draft", "pravda", lang="uk", title="Уряд вніс проєкт бюджету",
          lead="Кабмін передав документ до парламенту.",
          body=[Block("Кабмін передав документ до парламенту.")], images=[], hours_ago=60)
    _save(w, "ru-budget", "vedomosti", lang="ru", title="Рада приняла бюджет Украины",
          lead="Парламент одобрил главный финансовый документ.",
          body=[Block("Парламент одобрил главный финансовый документ.")],
          images=[_image(w, sid["vedomosti"], 3, "hero", "Здание парламента")], hours_ago=4)
    _save(w, "en-budget", "herald", lang="en", title="Ukraine's parliament passes budget",
          lead="Lawmakers approved next year's spending plan.",
          body=[Block("Lawmakers approved next year's spending plan.")], images=[], hours_ago=3)
    _save(w, "en-evil", "herald", lang="en", title=EVIL_TITLE,
          lead="<img src=x onerror=alert(1)> lead", body=[Block("<i>not markup</i> & more")],
          images=[], hours_ago=1, category="technology")
    _save(w, "en-promo", "herald", lang="en", title="Subscribe to our newsletter today",
          lead="Get the best stories in your inbox.", body=[Block("Sign up now.")], images=[],
          hours_ago=2, is_news=False, category="other")
    for n in range(34):  # enough for a second page of latest articles
        _save(w, f"en-filler-{n}", "herald", lang="en", title=f"Market note number {n}",
              lead=f"Short market note {n}.", body=[Block(f"Body of note {n}.")], images=[],
              hours_ago=100 + n, category="economy")
    # Stories: the earlier one (the draft), then the budget story of three outlets.
    when = NOW - timedelta(hours=60)
    w.stories["draft"] = store.place_articles({w.ids["uk-draft"]: StoryPlacement(
        story=-1, features={}, when=when, title="Уряд вніс проєкт бюджету", language="uk")})[-1]
    budget = store.place_articles({w.ids["uk-budget"]: StoryPlacement(
        story=-1, features={}, when=NOW - timedelta(hours=5),
        title="Рада ухвалила бюджет на наступний рік", language="uk")})[-1]
    store.place_articles({w.ids[key]: StoryPlacement(story=budget, features={}, when=NOW)
                          for key in ("ru-budget", "en-budget")})
    store.set_story_earlier(budget, [w.stories["draft"]])
    store.set_story_scores([(budget, 9.5), (w.stories["draft"], 1.0)])
    w.stories["budget"] = budget
    store.record_poll(sid["vedomosti"], ok=False, error="HTTP 404 Not Found")
    store.record_poll(sid["pravda"], ok=True, next_poll_at=NOW + timedelta(minutes=15))
    return w
