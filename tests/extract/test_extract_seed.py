"""The seed case: ../shared/fixtures/seed-article, through the ``svodka extract`` command."""

from __future__ import annotations

import io
import json

import pytest
from extract_helpers import SEED, problems

from svodka.extract.command import run_extract

EXTRACTION_FIELDS = ("url", "title", "lead", "paragraphs", "related", "images", "published",
                     "modified", "section", "tags", "site_name", "language", "must_not_contain")


@pytest.fixture(scope="module")
def seed() -> tuple[dict, dict]:
    if not (SEED / "source.html").exists():
        pytest.skip(f"{SEED} is absent (shared fixtures are only in the workplace and CI)")
    expected = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
    out = io.StringIO()
    status = run_extract([str(SEED / "source.html")], expected["url"], "json", out)
    assert status == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 1, "one input gives one JSON object"
    return json.loads(lines[0]), expected


def test_seed_gives_every_extraction_field(seed: tuple[dict, dict]) -> None:
    got, expected = seed
    wanted = {k: v for k, v in expected.items() if k in EXTRACTION_FIELDS}
    errs = problems(got, wanted)
    assert not errs, "\n".join(errs)


def test_seed_hero_first_and_gallery_caption(seed: tuple[dict, dict]) -> None:
    got, _ = seed
    assert got["images"][0]["role"] == "hero"
    captioned = [i for i in got["images"] if i.get("caption")]
    assert captioned and captioned[0]["role"] == "gallery"


def test_seed_text_is_lead_and_body_without_title(seed: tuple[dict, dict]) -> None:
    got, expected = seed
    assert got["text"].split("\n\n") == expected["paragraphs"]
    assert expected["title"] not in got["text"]
    assert "Ранее Власти сообщали" not in got["text"]
