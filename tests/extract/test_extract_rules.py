"""Outlet rules as data: the shipped per-domain rules, a source's own rules merged over them,
their JSON, checks, OPML attribute and store column; and the typed outcome of a page without
an article (binary data refused, no text, no prose)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from extract_helpers import GOLDEN

from svodka.extract import extract
from svodka.extract.command import run_extract
from svodka.extract.rules import merge, rules_for, shipped_rules
from svodka.records import NoArticle, OutletRules, Source
from svodka.sources.opml import read_opml, write_opml
from svodka.store import Store

PROSE = ("Депутаты городского совета приняли бюджет на следующий год после долгого обсуждения, "
         "в котором участвовали представители всех фракций и жители города.")
PAGE = ("<html><body><div class='nav'><a href='/'>Главная</a> <a href='/n'>Новости</a></div>"
        "<h1>Совет принял бюджет</h1>"
        "<div class='story'><p>" + PROSE + "</p><p>" + PROSE.replace("Депутаты", "Члены")
        + "</p><div class='teaser'><p>" + PROSE.replace("бюджет", "план") + "</p></div></div>"
        "<div class='other'><p>" + PROSE.replace("городского", "областного") + "</p>"
        "<p>" + PROSE.replace("городского", "районного") + "</p><p>" + PROSE + "</p></div>"
        "<span class='when'>4 января 2012, 15:33</span><b class='who'>Анна Петрова</b>"
        "</body></html>")


def test_shipped_rules_are_valid_sorted_and_each_has_a_golden_page() -> None:
    raw = json.loads((Path(__file__).resolve().parents[2] / "src" / "svodka" / "extract"
                      / "outlet_rules.json").read_text(encoding="utf-8"))
    assert list(raw) == sorted(raw)
    golden_urls = [json.loads(p.read_text(encoding="utf-8")).get("url") or ""
                   for p in GOLDEN.glob("rules_*.json")]
    for domain, rules in shipped_rules().items():
        assert rules and rules.keep and not rules.problems(), domain
        assert any(f"//{domain}/" in u or f".{domain}/" in u for u in golden_urls), domain


def test_rules_for_takes_the_domain_or_its_parent_and_the_override_wins_per_field() -> None:
    assert rules_for("https://www.pravda.com.ua/news/1/") == shipped_rules()["pravda.com.ua"]
    assert rules_for("https://life.pravda.com.ua/x") == shipped_rules()["pravda.com.ua"]
    assert rules_for("https://notpravda.com.ua/x") is None
    assert rules_for("not a url") is None and rules_for(None) is None
    own = OutletRules(date=".when")
    merged = rules_for("https://lenta.ru/news/1/", own)
    assert merged is not None and merged.date == ".when"
    assert merged.keep == shipped_rules()["lenta.ru"].keep
    assert merge(None, OutletRules()) is None


def test_a_sources_rules_choose_drop_and_read_the_fields() -> None:
    url = "https://gorod.example/news/1.html"
    plain = extract(PAGE, url=url)
    assert plain.published is None and plain.authors == []
    rules = OutletRules(keep=[".story"], drop=[".teaser"], date=".when", author=".who")
    art = extract(PAGE, url=url, rules=rules)
    assert art.paragraphs == [PROSE, PROSE.replace("Депутаты", "Члены")]
    assert art.published is not None and art.published.isoformat() == "2012-01-04T15:33:00+00:00"
    assert art.authors == ["Анна Петрова"]
    # A keep selector that finds nothing leaves the choice to the engine.
    assert extract(PAGE, url=url, rules=OutletRules(keep=[".absent"])).paragraphs == \
        plain.paragraphs


def test_rules_json_round_trip_and_checks() -> None:
    rules = OutletRules(keep=["div.post_text"], drop=[".ad", ".related"], date="time",
                        author=".byline a")
    assert OutletRules.from_json(rules.to_json()) == rules
    assert OutletRules.from_json("{}") == OutletRules() and not OutletRules()
    for bad in ("[]", '{"keep": ".x"}', '{"date": 5}', '{"colour": "red"}', "not json"):
        with pytest.raises(ValueError):
            OutletRules.from_json(bad)
    assert rules.problems() == []
    errs = OutletRules(keep=["div["], author="::nope").problems()
    assert len(errs) == 2 and errs[0].startswith("keep:") and errs[1].startswith("author:")


def test_rules_travel_through_opml_and_the_store(tmp_path: Path) -> None:
    rules = OutletRules(keep=[".post_text"], date=".post_time")
    src = Source(url="https://news.example/rss", name="News", rules=rules)
    back = read_opml(write_opml([src, Source(url="https://other.example/rss")]).encode())
    assert back[0].rules == rules and back[1].rules is None
    broken = write_opml([src]).replace("post_text", "post_text[")  # an unreadable selector
    notes: list[str] = []
    assert read_opml(broken.encode(), skipped=notes)[0].rules is None
    assert len(notes) == 1 and "svodka:rules" in notes[0]
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    try:
        sid = store.add_source(src).id
        store.add_source(Source(url="https://news.example/rss", name="News"))  # no rules given
        got = {s.id: s for s in store.sources()}
        assert got[sid].rules == rules
    finally:
        store.close()


@pytest.mark.parametrize("body", [
    b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8,
    b"MZ\x90\x00\x03" + b"\x00" * 500 + b"This program cannot be run in DOS mode.",
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
    os.urandom(4096),
])
def test_binary_bodies_are_refused(body: bytes) -> None:
    art = extract(body, url="https://x.example/a.html")
    assert art.missing is NoArticle.NOT_HTML and art.text == "" and art.title is None


def test_the_command_refuses_an_executable_in_one_line(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    exe = tmp_path / "tool.html"
    exe.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8)
    out = io.StringIO()
    assert run_extract([str(exe)], None, "text", out) == 1
    assert out.getvalue() == ""
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not an HTML page" in err[0]


def test_pages_without_an_article_say_why() -> None:
    assert extract(b"<html><body></body></html>").missing is NoArticle.NO_TEXT
    menu = "<html><body><ul>" + "".join(f"<li><a href='/{i}'>Раздел {i}</a></li>"
                                        for i in range(12)) + "</ul></body></html>"
    assert extract(menu).missing is NoArticle.NO_PROSE
    good = extract(PAGE, url="https://gorod.example/news/1.html")
    assert good.missing is None and good.to_dict().get("missing") is None
    assert extract(menu).to_dict()["missing"] == "NO_PROSE"


def test_the_crawl_gets_the_reason_not_an_empty_article() -> None:
    from svodka.pipeline.tasks import analyse
    from svodka.records import Page, PendingEntry

    entry = PendingEntry(id=1, source_id=1, url="https://x.example/a", title="A feed title")
    for body, why in ((b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4, NoArticle.NOT_HTML),
                      (b"<html><body><a href='/'>Home</a></body></html>", NoArticle.NO_PROSE)):
        page = Page(url="https://x.example/a", status=200, body=body)
        assert analyse(page, entry, None) is why


@pytest.mark.parametrize("encoding", ["koi8-r", "cp1251"])
def test_an_old_page_without_any_charset_declaration(encoding: str) -> None:
    text = (GOLDEN / "br_table_iframe_ru.html").read_bytes().decode("cp1251")
    art = extract(text.encode(encoding), url="http://vestnik-rayona.example/news/774.html")
    assert art.title == "Паводок подтопил три села"
    assert len(art.paragraphs) == 4 and art.paragraphs[0].startswith("Вода в реке Сейм")
