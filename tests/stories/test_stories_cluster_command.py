"""``svodka stories cluster``: JSON lines in arrival order in, ``{id, story}`` lines out; bad lines
get one line on stderr and are skipped; a date that cannot be read gets one line and its report is
placed without it."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from svodka.cli import main
from svodka.enrich.embedding import HEADLINE_WORDS, titled
from svodka.pipeline.cluster import (
    MIN_PARALLEL,
    paragraphs,
    record_article,
    record_date,
    run_cluster,
    story_features,
)
from svodka.records import Article, Block, Enrichment

DATA = Path(__file__).parent / "data" / "crosslang"

LINES = [
    {"id": "a", "title": "Шторм «Вера» обесточил 200 сел Одесской области",
     "text": "Шторм «Вера» оставил без света 200 населенных пунктов Одесской области, "
             "сообщили в ДТЭК.", "published": "2026-03-10T08:00:00Z"},
    {"id": "b", "title": "Шторм «Віра» знеструмив 200 сіл Одеської області",
     "text": "Шторм «Віра» залишив без світла 200 населених пунктів Одеської області, "
             "повідомили в ДТЕК.", "published": "2026-03-10T09:00:00+00:00", "language": "uk"},
    {"id": 7, "title": "Apple показала новый iPhone",
     "text": "Компания Apple представила смартфон с новым процессором.", "url": "https://x.test/1"},
]


def test_cluster_lines_and_skip_bad_ones(tmp_path, capsys):
    path = tmp_path / "in.jsonl"
    undated = json.dumps({"id": "e", "title": "Погода", "text": "Тепло.", "published": "yesterday"})
    bad = ["not json", json.dumps({"title": "no id", "text": "x"}),
           json.dumps({"id": "d", "title": "", "text": ""}),
           json.dumps([1, 2]),
           json.dumps({"id": "a", "title": "a second a", "text": "u"}),  # its id is taken
           json.dumps({"id": [1], "title": "t", "text": "u"}),
           json.dumps({"id": True, "title": "t", "text": "u"})]
    path.write_text("\n".join([json.dumps(LINES[0], ensure_ascii=False), *bad[:2],
                               json.dumps(LINES[1], ensure_ascii=False), *bad[2:], "",
                               json.dumps(LINES[2], ensure_ascii=False), undated]) + "\n",
                    encoding="utf-8")
    assert main(["stories", "cluster", str(path)]) == 1  # some lines were skipped
    out, err = capsys.readouterr()
    got = {r["id"]: r["story"] for r in map(json.loads, out.splitlines())}
    assert set(got) == {"a", "b", 7, "e"}
    assert got["a"] == got["b"] != got[7]
    lines = err.splitlines()
    assert len(lines) == len(bad) + 1
    assert all(line.startswith("line ") for line in lines)
    assert sum("skipped" in line for line in lines) == len(bad)
    assert "Traceback" not in err
    assert 'id "a" already given on line 1' in err
    assert "line 1 " not in err and "line 2: skipped: not JSON (Expecting value at column 1)" in err
    undated_line = len(bad) + 5
    assert f"line {undated_line}: \"published\" is not a date, placed without one: 'yesterday'" in err


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-04-16T10:00:00+03:00", datetime(2024, 4, 16, 7, tzinfo=UTC)),
    ("2024-04-16 10:00", datetime(2024, 4, 16, 10, tzinfo=UTC)),
    ("Tue, 16 Apr 2024 10:00:00 GMT", datetime(2024, 4, 16, 10, tzinfo=UTC)),
    (1713261600, datetime(2024, 4, 16, 10, tzinfo=UTC)),
    (1713261600.5, datetime(2024, 4, 16, 10, 0, 0, 500000, tzinfo=UTC)),
    (1713261600000, datetime(2024, 4, 16, 10, tzinfo=UTC)),
    ("1713261600", datetime(2024, 4, 16, 10, tzinfo=UTC)),
    ("16.04.2024 10:00", datetime(2024, 4, 16, 10, tzinfo=UTC)),
    ("16 апреля 2024", datetime(2024, 4, 16, tzinfo=UTC)),
    ("16 квітня 2024, 10:00", datetime(2024, 4, 16, 10, tzinfo=UTC)),
    ("yesterday", None), ("", None), (True, None), ([2024], None), (-5, None), ("12", None),
])
def test_the_dates_an_input_line_may_carry(value, expected):
    assert record_date(value) == expected


def test_a_date_given_as_unix_time_keeps_two_days_apart(tmp_path, capsys):
    # One outlet's two forecasts written alike, ten days apart: the dates keep them apart only
    # when they are read.
    text = "Завтра в Києві до +5, без опадів, вітер західний 5-10 м/с, повідомили синоптики."
    day = 86400
    lines = [{"id": i, "title": "Погода в Києві на завтра", "text": text,
              "published": 1713261600 + i * 10 * day} for i in range(2)]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n",
                    encoding="utf-8")
    assert main(["stories", "cluster", str(path)]) == 0
    out, err = capsys.readouterr()
    stories = {r["id"]: r["story"] for r in map(json.loads, out.splitlines())}
    assert err == "" and stories[0] != stories[1]


def test_a_missing_file_is_one_line(tmp_path, capsys):
    assert main(["stories", "cluster", str(tmp_path / "absent.jsonl")]) == 2
    _, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and "absent.jsonl" in err


@pytest.mark.slow
def test_worker_processes_give_the_same_stories(tmp_path):
    # Reports of a few events from the cross-language set's own texts, more than MIN_PARALLEL so
    # that the workers start; a bad line in the middle is still reported in its place.
    docs = [json.loads(x) for x in (DATA / "docs.jsonl").read_text(encoding="utf-8").splitlines()
            if x.strip()]
    own = [d for d in docs if "text" in d][: MIN_PARALLEL + 8]
    lines = [json.dumps({"id": d["id"], "title": d["title"], "text": d["text"]},
                        ensure_ascii=False) for d in own]
    lines.insert(5, "not json")
    source = "\n".join(lines) + "\n"
    outs = []
    for jobs in (1, 2):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err):
            assert run_cluster(io.BytesIO(source.encode()), out, jobs=jobs) == 1
        assert err.getvalue().startswith("line 6: skipped")
        outs.append(out.getvalue())
    assert outs[0] == outs[1]
    assert len(outs[0].splitlines()) == len(own)


def test_a_text_given_as_html_is_read_as_its_text():
    html = {"id": 1, "title": "Суд &laquo;оправдал&raquo; <i>мэра</i>",
            "text": "<p>Суд&nbsp;оправдал мэра города.</p><p>Прокуратура <b>обжалует</b> "
                    "решение.<br/>Заседание длилось час.</p>"}
    plain = {"id": 2, "title": "Суд «оправдал» мэра",
             "text": "Суд оправдал мэра города.\nПрокуратура обжалует решение.\n"
                     "Заседание длилось час."}
    a, b = record_article(html), record_article(plain)
    assert a.title == b.title and a.paragraphs == b.paragraphs
    # Text that merely holds "<" or "&" is not HTML.
    assert paragraphs("5 < 6, AT&T и M&M's.\nВторая строка") == ["5 < 6, AT&T и M&M's.",
                                                                "Вторая строка"]


def test_an_article_without_a_title_is_read_with_its_first_sentence_as_one():
    post = Article(title="", blocks=[
        Block(text="Водолази знайшли в Мийці череп. Пошуки тривали всю ніч, повідомили в ДСНС."),
        Block(text="Експертиза покаже, чи це людські останки.")])
    read = titled(post)
    assert read.title == "Водолази знайшли в Мийці череп."
    assert read.paragraphs == ["Пошуки тривали всю ніч, повідомили в ДСНС.",
                               "Експертиза покаже, чи це людські останки."]
    feats = story_features(post, Enrichment())
    headed = story_features(Article(title="Водолази знайшли в Мийці череп.",
                                    blocks=read.blocks), Enrichment())
    assert feats.head_terms and feats.head_terms == headed.head_terms  # the headline rules see it
    assert feats.words == len(" ".join(read.paragraphs).split())
    # A first sentence that runs on is cut; the rest stays in the text.
    long = Article(title=None, blocks=[Block(text=" ".join(f"слово{i}" for i in range(40)))])
    assert len(titled(long).title.split()) == HEADLINE_WORDS
    assert len(titled(long).paragraphs[0].split()) == 40 - HEADLINE_WORDS
    titled_already = Article(title="Череп у Мийці", blocks=[Block(text="Текст.")])
    assert titled(titled_already) is titled_already
    assert titled(Article(title="")).title == ""
