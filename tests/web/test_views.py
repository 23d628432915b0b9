"""View models: which image URL a browser gets, body blocks, a story's lead report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from svodka.records import Article, Block, Enrichment, Image, StoredArticle
from svodka.store import StoryRow
from svodka.web.views import body_blocks, lead_picture, picture, story_view

T0 = datetime(2026, 5, 1, 12, tzinfo=UTC)


def test_an_image_that_was_not_mirrored_has_no_picture() -> None:
    assert picture(Image(url="https://outlet.example/a.jpg")) is None


def test_srcset_from_thumbnails_and_the_original_when_larger() -> None:
    im = Image(url="https://outlet.example/a.jpg", media_key="3/abc.jpg", width=900, height=600,
               thumbnails={640: "3/abc.w640.webp", 320: "3/abc.w320.webp"}, caption="Cap")
    card = picture(im, want=320)
    assert card is not None
    assert card.src == "/media/3/abc.w320.webp" and (card.width, card.height) == (320, 213)
    assert card.srcset == ("/media/3/abc.w320.webp 320w, /media/3/abc.w640.webp 640w, "
                           "/media/3/abc.jpg 900w")
    hero = picture(im, want=1200)
    assert hero is not None and hero.src == "/media/3/abc.jpg" and hero.height == 600
    assert hero.alt == "Cap" and "outlet.example" not in hero.srcset


def test_small_image_without_thumbnails_is_served_as_is() -> None:
    pic = picture(Image(url="u", media_key="1/small.png", width=200, height=100))
    assert pic is not None and pic.src == "/media/1/small.png" and pic.srcset == "/media/1/small.png 200w"
    bare = picture(Image(url="u", media_key="1/nosize.gif"))
    assert bare is not None and bare.src == "/media/1/nosize.gif" and bare.srcset == ""


def test_lead_picture_prefers_the_hero() -> None:
    a = _stored(1, "t", images=[Image(url="a", media_key="1/g.png", role="gallery", width=10),
                                Image(url="b", role="hero"),
                                Image(url="c", media_key="1/h.png", role="hero", width=10)])
    pic = lead_picture(a)
    assert pic is not None and pic.src == "/media/1/h.png"


def test_body_blocks_skip_the_lead_and_split_lists() -> None:
    blocks = [Block("Lead."), Block("Sub", kind="h", level=9), Block("- a\n- b\nc", kind="ol"),
              Block("Lead.")]
    out = body_blocks(blocks, "Lead.")
    assert [b.kind for b in out] == ["h", "ol", "p"]
    assert out[0].level == 6 and out[1].items == ["a", "b", "c"]


def _stored(aid: int, title: str, *, source: int = 1, hours: int = 0,
            images: list[Image] | None = None) -> StoredArticle:
    art = Article(url=f"https://x.example/{aid}", title=title, images=images or [],
                  published=T0 + timedelta(hours=hours))
    return StoredArticle(id=aid, source_id=source, source_name=f"S{source}", article=art,
                         enrichment=Enrichment(language="en"), fetched_at=T0)


def test_story_lead_is_the_report_carrying_its_title() -> None:
    row = StoryRow(id=1, title="Second", features={}, n_articles=3, n_sources=2,
                   languages=["en"], first_seen=T0, updated=T0, score=1.0, earlier=[])
    pics = [Image(url="i", media_key="2/p.png", width=50)]
    arts = [_stored(1, "First", hours=3), _stored(2, "Second", hours=2),
            _stored(3, "Third", source=2, hours=1, images=pics)]
    view = story_view(row, arts)
    assert view is not None
    assert view.lead.id == 2 and [c.id for c in view.others] == [1, 3]
    assert view.picture is not None and view.picture.src == "/media/2/p.png"  # borrowed
    assert (view.n_reports, view.n_outlets) == (3, 2)
    row.title = "Renamed"
    view = story_view(row, arts)
    assert view is not None and view.lead.id == 3  # the earliest report
    assert story_view(row, []) is None
