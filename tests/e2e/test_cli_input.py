"""Bad input at the command line: one clear line on stderr and a non-zero status, never a
traceback; the good lines of a file are still answered, and what is stored stays intact."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from svodka.cli import main
from svodka.jsonl import MAX_LINE_BYTES
from svodka.sources.opml import MAX_DEPTH, MAX_OUTLINES


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "data"
    monkeypatch.setenv("SVODKA_DATA_DIR", str(d))
    monkeypatch.setenv("SVODKA_FETCH_ALLOW", "127.0.0.1")
    return d


def one_error(capsys: pytest.CaptureFixture[str], argv: list[str], status: int = 2) -> str:
    """Run the command; it must fail with ``status`` and one line (no traceback)."""
    assert main(argv) == status
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    return lines[0]


def opml(tmp_path: Path, body: str) -> str:
    path = tmp_path / "in.opml"
    path.write_text(f'<opml version="2.0"><body>{body}</body></opml>', encoding="utf-8")
    return str(path)


def test_classify_a_missing_file(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = one_error(capsys, ["classify", str(data_dir / "none.jsonl")])
    assert "none.jsonl" in line and "No such file" in line


def test_classify_utf16_is_refused_as_a_whole(tmp_path: Path, data_dir: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "u16.jsonl"
    path.write_bytes('{"id": 1, "title": "Привіт"}\n'.encode("utf-16"))
    assert "UTF-16" in one_error(capsys, ["classify", str(path)])


def test_classify_skips_bad_lines_and_answers_the_rest(
        tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = json.dumps({"id": "ok", "title": "Kyiv", "text": "The council met in Kyiv."})
    lines = [
        b'{"id": "bad-utf8", "title": "\xff\xfe"}',
        b'{"id": "deep", "title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"id": "huge", "text": "' + b"a" * (MAX_LINE_BYTES + 10) + b'"}',
        b"[1, 2]",
        good.encode(),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    assert main(["classify", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert [json.loads(x)["id"] for x in out.splitlines()] == ["ok"]
    reasons = err.splitlines()
    assert len(reasons) == 4
    assert "line 1" in reasons[0] and "UTF-8" in reasons[0]
    assert "line 2" in reasons[1] and "nested" in reasons[1]
    assert "line 3" in reasons[2] and "MiB" in reasons[2]
    assert "line 4" in reasons[3] and "object" in reasons[3]


def test_stories_cluster_skips_bad_lines_and_places_the_rest(
        tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = [json.dumps({"id": i, "title": "Рада ухвалила бюджет на 2027 рік",
                        "text": "Верховна Рада ухвалила державний бюджет на 2027 рік."},
                       ensure_ascii=False).encode() for i in ("a", "b")]
    lines = [good[0], b'{"id": "bad-utf8", "title": "\xff\xfe", "text": "x"}',
             b'{"id": "huge", "text": "' + b"a" * (MAX_LINE_BYTES + 10) + b'"}',
             b'{"id": "cut", "title": "', good[1]]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    assert main(["stories", "cluster", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    placed = {r["id"]: r["story"] for r in map(json.loads, out.splitlines())}
    assert placed.keys() == {"a", "b"} and placed["a"] == placed["b"]
    reasons = err.splitlines()
    assert len(reasons) == 3
    assert reasons[0].startswith("line 2: skipped: not UTF-8")
    assert reasons[1].startswith("line 3: skipped: longer than 1 MiB")
    assert reasons[2].startswith("line 4: skipped: not JSON")


def test_stories_cluster_refuses_utf16_as_a_whole(tmp_path: Path, data_dir: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "u16.jsonl"
    path.write_bytes('{"id": 1, "title": "Привіт", "text": "x"}\n'.encode("utf-16"))
    assert "UTF-16" in one_error(capsys, ["stories", "cluster", str(path)])


def test_sources_import_missing_and_malformed(tmp_path: Path, data_dir: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert "No such file" in one_error(capsys, ["sources", "import", str(tmp_path / "x.opml")])
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline", encoding="utf-8")
    assert "malformed OPML" in one_error(capsys, ["sources", "import", str(bad)])


def test_sources_import_skips_what_is_not_a_feed_url(
        tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = ('<outline text="js" xmlUrl="javascript:alert(1)"/>'
            '<outline text="file" xmlUrl="file:///etc/passwd"/>'
            f'<outline text="long" xmlUrl="https://x.example/{"a" * 100_000}"/>'
            '<outline text="ok" xmlUrl="https://ok.example/rss"/>')
    assert main(["sources", "import", opml(tmp_path, body)]) == 0
    out, err = capsys.readouterr()
    assert "imported 1 sources, skipped 3" in out
    assert len(err.splitlines()) == 3 and all(len(x) < 200 for x in err.splitlines())
    assert main(["sources", "export"]) == 0
    exported = capsys.readouterr().out
    assert "https://ok.example/rss" in exported and "javascript:" not in exported


@pytest.mark.parametrize("body", [
    '<outline text="x">' * (MAX_DEPTH + 1) + "</outline>" * (MAX_DEPTH + 1),
    '<outline text="x">' * 50_000 + "</outline>" * 50_000,  # deeper than the XML parser goes
    "".join(f'<outline xmlUrl="https://s{i}.example/"/>' for i in range(MAX_OUTLINES + 1)),
])
def test_sources_import_refuses_a_file_out_of_bounds_and_keeps_what_is_stored(
        body: str, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "import", opml(tmp_path, '<outline xmlUrl="https://a.example/"/>')]) == 0
    capsys.readouterr()
    one_error(capsys, ["sources", "import", opml(tmp_path, body)])
    assert main(["sources", "export"]) == 0
    assert capsys.readouterr().out.count("<outline") == 1


def test_adding_a_source_twice_says_it_exists(data_dir: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "add", "https://a.example/rss", "--no-discover"]) == 0
    capsys.readouterr()
    line = one_error(capsys, ["sources", "add", "https://a.example/rss", "--no-discover"], 1)
    assert "already followed" in line and "source 1" in line


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_host_is_named_as_such(data_dir: Path, closed_port: int,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    line = one_error(capsys, ["sources", "add", f"http://127.0.0.1:{closed_port}/rss"], 1)
    assert "cannot connect" in line and "robots.txt" not in line


def test_a_refused_url_is_one_line(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("SVODKA_FETCH_ALLOW")
    assert "refused" in one_error(capsys, ["extract", "http://127.0.0.1:9/page"])


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


@pytest.mark.parametrize("command", ["demo", "serve"])
def test_a_busy_port_is_said_before_any_work(command: str, busy_port: int, data_dir: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    line = one_error(capsys, [command, "--port", str(busy_port)])
    assert f":{busy_port}" in line and "--port" in line
    assert not (data_dir / "svodka.db").exists()  # nothing crawled, nothing created


@pytest.mark.parametrize("argv", [
    ["serve", "--port", "99999"], ["serve", "--port", "http"], ["worker", "--processes", "0"],
    ["reprocess", "--since", "yesterday"],
])
def test_bad_arguments_are_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error: argument" in err
