"""``svodka extract`` semantics: files, .html.gz, directories, URLs, formats."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from svodka.extract.command import run_extract

PAGE = ("<html lang='en'><head><title>Bridge reopens | Daily</title>"
        "<link rel='canonical' href='https://daily.example/bridge'></head><body>"
        "<article><h1>Bridge reopens</h1><p>The old bridge reopened to traffic on Monday after "
        "two years of repairs, the city said in a statement.</p><p>Drivers had used a ferry "
        "and a long detour while the work went on, adding an hour to many journeys.</p>"
        "</article></body></html>")


def test_one_file_gives_one_json_object(tmp_path: Path) -> None:
    f = tmp_path / "a.html"
    f.write_text(PAGE)
    out = io.StringIO()
    assert run_extract([str(f)], None, "json", out) == 0
    d = json.loads(out.getvalue())
    assert d["title"] == "Bridge reopens" and d["url"] == "https://daily.example/bridge"
    assert set(d) >= {"url", "title", "lead", "paragraphs", "text", "markdown", "images",
                      "related", "published", "modified", "authors", "section", "tags",
                      "site_name", "language"}


def test_directory_and_gzip_give_json_lines(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(PAGE)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html.gz").write_bytes(gzip.compress(PAGE.replace("Bridge", "Tunnel").encode()))
    (tmp_path / "notes.txt").write_text("not a page")
    out = io.StringIO()
    assert run_extract([str(tmp_path)], None, "json", out) == 0
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [x["title"] for x in lines] == ["Bridge reopens", "Tunnel reopens"]


def test_url_input_uses_the_loader_and_its_content_type() -> None:
    calls = []

    def load(url: str) -> tuple[bytes, str | None]:
        calls.append(url)
        return PAGE.replace("Monday", "понедельник").encode("koi8-r"), "text/html; charset=koi8-r"

    out = io.StringIO()
    assert run_extract(["https://daily.example/bridge"], None, "text", out, load_url=load) == 0
    assert calls == ["https://daily.example/bridge"]
    assert "понедельник" in out.getvalue() and out.getvalue().startswith("Bridge reopens")


def test_markdown_and_errors(tmp_path: Path) -> None:
    f = tmp_path / "a.html"
    f.write_text(PAGE)
    out = io.StringIO()
    assert run_extract([str(f)], "https://daily.example/x", "markdown", out) == 0
    assert out.getvalue().startswith("# Bridge reopens\n\n")
    assert run_extract([str(tmp_path / "missing.html")], None, "json", io.StringIO()) == 1
    assert run_extract([str(f)], None, "yaml", io.StringIO()) == 2
    assert run_extract(["https://x.example/"], None, "json", io.StringIO()) == 1  # no loader


def test_binary_inputs_are_refused_with_one_line(tmp_path: Path, capsys) -> None:
    png = tmp_path / "photo.html"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    packed = tmp_path / "elf.html.gz"
    packed.write_bytes(gzip.compress(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4))
    out = io.StringIO()
    assert run_extract([str(png), str(packed)], None, "json", out) == 1
    assert out.getvalue() == ""  # nothing is printed for a body that is not HTML
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all("not an HTML page" in line for line in err)
    assert "Traceback" not in "\n".join(err)
    # A URL whose body is a PDF, served as HTML, is refused the same way.
    out = io.StringIO()
    assert run_extract(["https://x.example/a"], None, "text", out,
                       load_url=lambda u: (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "text/html")) == 1
    assert out.getvalue() == "" and "not an HTML page" in capsys.readouterr().err
