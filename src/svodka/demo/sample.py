"""The bundled sample news web: eight hand-written outlets in Russian, Ukrainian and English."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from svodka.demo.corpus import CorpusEntry, load_corpus
from svodka.demo.model import OutletSpec, SampleArticle
from svodka.demo.server import App, ServedWeb
from svodka.demo.site import OutletSite

UTM = "utm_source=rss&utm_medium=feed&utm_campaign=news"

OUTLET_SPECS: tuple[OutletSpec, ...] = (
    OutletSpec(slug="severny", name="Северный вестник", language="ru", style="legacy",
               feed_format="rss", utc_offset_hours=3,
               url_pattern="/news/{yyyy}/{mm}/{dd}/{number}.html",
               image_pattern="/img/news/{number}_{index}.{ext}", section_path="/news/",
               encoding="windows-1251", tagline="Ежедневная интернет-газета"),
    OutletSpec(slug="nevsky", name="Невский курьер", language="ru", style="bitrix",
               feed_format="rss", utc_offset_hours=3, url_pattern="/news/detail.php?ID={number}",
               image_pattern="/upload/iblock/{number}/{slug}-{index}.{ext}", section_path="/news/",
               feed_link_suffix=UTM, tagline="Новости города и страны"),
    OutletSpec(slug="gorod", name="Городские ведомости", language="ru", style="ghost",
               feed_format="atom", utc_offset_hours=3, url_pattern="/{slug}/",
               image_pattern="/content/images/{yyyy}/{mm}/{slug}-{index}.{ext}",
               section_path="/tag/novosti/", tagline="Истории, которые важны"),
    OutletSpec(slug="dnipro-hvylia", name="Дніпровська хвиля", language="uk", style="wordpress",
               feed_format="rss", utc_offset_hours=2, url_pattern="/{yyyy}/{mm}/{dd}/{slug}/",
               image_pattern="/wp-content/uploads/{yyyy}/{mm}/{slug}-{index}.{ext}",
               section_path="/category/novyny/", feed_link_suffix=UTM,
               tagline="Новини Придніпров'я"),
    OutletSpec(slug="kyiv-ohliadach", name="Київський оглядач", language="uk", style="semantic",
               feed_format="atom", utc_offset_hours=2, url_pattern="/articles/{number}-{slug}",
               image_pattern="/media/articles/{number}/{index}.{ext}", section_path="/articles/",
               image_format="png", tagline="Щоденне видання"),
    OutletSpec(slug="podillia", name="Поділля сьогодні", language="uk", style="drupal",
               feed_format="rss", utc_offset_hours=2, url_pattern="/novyny/{slug}",
               image_pattern="/sites/default/files/{yyyy}-{mm}/{slug}-{index}.{ext}",
               section_path="/novyny/", tagline="Новини Поділля"),
    OutletSpec(slug="harbour-post", name="The Harbour Post", language="en", style="nextjs",
               feed_format="jsonfeed", utc_offset_hours=0, url_pattern="/news/{slug}-{number}",
               image_pattern="/images/{yyyy}/{mm}/{slug}-{index}.{ext}", section_path="/news/",
               feed_link_suffix="utm_source=jsonfeed&utm_medium=referral",
               tagline="News from the Black Sea and beyond"),
    OutletSpec(slug="meridian", name="Meridian Wire", language="en", style="amp",
               feed_format="news-sitemap", utc_offset_hours=0, url_pattern="/{slug}.html",
               image_pattern="/img/{slug}-{index}.{ext}", section_path="/latest/",
               tagline="Independent wire service"),
)

# Minutes between consecutive articles of the corpus (newest first).
STEP_MINUTES = 37


def aware_now(now: datetime | None) -> datetime:
    """``now`` (or the current time) to the second; naive datetimes are refused."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.replace(microsecond=0)


def published_at(now: datetime, k: int, entry: CorpusEntry) -> datetime:
    """When the corpus's ``k``-th entry is published: ``STEP_MINUTES`` apart, newest first, and
    its own ``days_before`` earlier."""
    return now - timedelta(days=entry.days_before, minutes=STEP_MINUTES * (k + 1))


def link_related(articles: list[SampleArticle], per_article: int = 2) -> None:
    """Fill each article's "earlier reports" with the outlet's next older articles."""
    by_outlet: dict[str, list[SampleArticle]] = {}
    for a in sorted(articles, key=lambda a: a.published, reverse=True):
        by_outlet.setdefault(a.outlet, []).append(a)
    for items in by_outlet.values():
        for i, a in enumerate(items):
            a.related_urls = [x.url for x in items[i + 1:i + 1 + per_article]]


def place(a: SampleArticle, spec: OutletSpec, root: str) -> None:
    """Give an article its URL and image URLs on the outlet's server."""
    a.url = root + spec.article_path(a)
    a.image_urls = [root + spec.image_path(a, i) for i in range(len(a.image_captions))]


class SampleWeb(ServedWeb):
    """Eight outlets on eight ports; ``articles`` is the ground truth a crawl should store."""

    def __init__(self, now: datetime | None = None, *, host: str = "127.0.0.1") -> None:
        super().__init__(host=host)
        self.now = aware_now(now)
        self.specs = list(OUTLET_SPECS)

    def _server_count(self) -> int:
        return len(self.specs)

    def _build(self, roots: list[str]) -> list[App]:
        specs = {s.slug: (s, root) for s, root in zip(self.specs, roots, strict=True)}
        articles: list[SampleArticle] = []
        for k, e in enumerate(load_corpus()):
            spec, root = specs[e.outlet]
            published = published_at(self.now, k, e).astimezone(spec.tz)
            a = SampleArticle(
                outlet=e.outlet, url="", language=spec.language, title=e.title, lead=e.lead,
                paragraphs=list(e.paragraphs), image_urls=[], event=e.event,
                is_news=e.is_news, published=published, related_urls=[],
                authors=[e.author], section=e.section, tags=list(e.tags),
                image_captions=list(e.captions), slug=e.slug, number=1000 + 3 * k,
            )
            place(a, spec, root)
            articles.append(a)
        link_related(articles)
        self.outlets = [s.outlet(root) for s, root in specs.values()]
        self.articles = articles
        return [OutletSite(s, s.outlet(root), [a for a in articles if a.outlet == s.slug])
                for s, root in specs.values()]

    def start(self) -> SampleWeb:
        super().start()
        return self

    def __enter__(self) -> SampleWeb:
        return self.start()
