"""``svodka classify``: JSON lines in, the pipeline's enrichment out."""

from __future__ import annotations

import io
import json

from svodka.enrich import enrich_text
from svodka.enrich.command import OUTPUT_FIELDS, classify_record, run_classify


def test_lines_in_lines_out() -> None:
    lines = [
        {"id": 1, "title": "Новини дня", "text": "Президент Володимир Зеленський прибув до "
                                                  "Львова. «Ми готові до переговорів», – сказав "
                                                  "Зеленський."},
        {"id": "b", "title": "Курс доллара вырос", "text": "Рубль подешевел на бирже."},
        {"id": 3, "title": "", "text": ""},
    ]
    inp = io.BytesIO(("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n")
                     .encode())
    out = io.StringIO()
    assert run_classify(inp, out) == 0
    got = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [g["id"] for g in got] == [1, "b", 3]
    for g in got:
        assert set(g) == {"id", *OUTPUT_FIELDS}
        assert set(g["entities"]) == {"PER", "ORG", "LOC"}
    assert got[0]["language"] == "uk" and got[1]["language"] == "ru"
    assert got[0]["entities"]["PER"] == ["Володимир Зеленський"]
    assert got[0]["entities"]["LOC"] == ["Львів"]
    assert got[0]["quotes"] == [{"speaker": "Володимир Зеленський",
                                 "text": "Ми готові до переговорів", "direct": True,
                                 "speaker_key": "per:zlnsk"}]
    assert got[2]["language"] is None and got[2]["entities"]["PER"] == []


def test_same_code_as_the_pipeline() -> None:
    rec = {"id": 7, "title": "Bank of England raises rates",
           "text": "The Bank of England raised interest rates, governor Andrew Bailey said."}
    e = enrich_text(rec["title"], rec["text"]).to_dict()
    assert classify_record(rec) == {"id": 7, **{k: e[k] for k in OUTPUT_FIELDS}}


def test_malformed_lines_are_reported_and_skipped(capsys) -> None:
    out = io.StringIO()
    status = run_classify(io.BytesIO(b'not json\n[1, 2]\n{"id": 1, "title": "Hi there"}\n'), out)
    assert status == 1
    assert len(out.getvalue().splitlines()) == 1
    assert "line 1" in capsys.readouterr().err


def test_a_text_given_as_html_is_classified_as_its_text() -> None:
    plain = {"id": 1, "title": "Зеленський зустрівся з Макроном у Парижі",
             "text": "Президент України Володимир Зеленський зустрівся з Емманюелем Макроном.\n"
                     "«Ми обговорили оборону», — сказав Зеленський."}
    html = {"id": 1, "title": "Зеленський зустрівся з <b>Макроном</b> у Парижі",
            "text": "<p>Президент України Володимир&nbsp;Зеленський зустрівся з Емманюелем "
                    "Макроном.</p><p>&laquo;Ми обговорили оборону&raquo;, &mdash; сказав "
                    "Зеленський.</p>"}
    assert classify_record(html) == classify_record(plain)
