"""The command line as a user runs it: subprocesses against the sample web."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from svodka.demo import SampleWeb

from .conftest import settings_for

CLI = [sys.executable, "-m", "svodka.cli"]


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True,
                          timeout=timeout, check=check)


def test_help_explains_every_command() -> None:
    out = run("--help").stdout
    for cmd in ("sources", "crawl", "serve", "run", "extract", "classify", "demo", "reprocess",
                "worker"):
        assert re.search(rf"^\s+{cmd}\s+\S", out, re.M), cmd
    assert "import" in run("sources", "--help").stdout


def test_sources_add_import_list_export_crawl(sample_web: SampleWeb, tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "data", sample_web)
    env = {**os.environ, "SVODKA_DATA_DIR": str(settings.data_dir),
           "SVODKA_FETCH_ALLOW": ",".join(settings.fetch_allow)}
    # An outlet's homepage: its feed is discovered.
    first = sample_web.outlets[0]
    added = run("sources", "add", first.base_url, env=env).stdout
    assert "added source 1" in added
    opml = tmp_path / "in.opml"
    opml.write_text(sample_web.opml(), encoding="utf-8")
    assert "imported" in run("sources", "import", str(opml), env=env).stdout
    listed = run("sources", "list", env=env).stdout
    assert all(o.name[:12] in listed for o in sample_web.outlets)
    exported = run("sources", "export", env=env).stdout
    assert exported.count("<outline") >= len(sample_web.outlets)
    crawled = run("crawl", env=env, timeout=300)
    assert re.search(r"\d+ articles stored from \d+ sources", crawled.stderr + crawled.stdout)
    again = run("crawl", env=env, timeout=300)
    assert re.search(r"\b0 articles stored", again.stderr + again.stdout)


def test_sources_add_reports_a_bad_url(tmp_path: Path) -> None:
    env = {**os.environ, "SVODKA_DATA_DIR": str(tmp_path), "SVODKA_FETCH_ALLOW": "127.0.0.1"}
    bad = run("sources", "add", "http://127.0.0.1:9/feed", env=env, check=False)
    assert bad.returncode == 1 and "error:" in bad.stderr
    private = run("sources", "add", "http://10.0.0.1/feed", env=env, check=False)
    assert private.returncode == 1 and "10.0.0.1" in private.stderr


@pytest.mark.slow
def test_demo_serves_the_sample_news(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "SVODKA_DATA_DIR": str(tmp_path / "ignored")}
    started = time.monotonic()
    proc = subprocess.Popen([*CLI, "demo", "--port", str(port)], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _read_until(proc, f"http://127.0.0.1:{port}/", "the demo ended without serving")
        took = time.monotonic() - started
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/articles?limit=200") as r:
            items = json.load(r)["items"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as r:
            home = r.read().decode()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert took < 300, took  # how fast it is on a quiet machine: README (about 15 s)
    assert len(items) >= 20 and len({i["source"] for i in items}) >= 6
    assert sum(i["title"] in home for i in items) >= 10
    assert not (tmp_path / "ignored").exists()  # the demo keeps to a data dir of its own
    # Each event the sample web's outlets report is one story on the home page, the two told in
    # Russian, Ukrainian and English included; no story holds two events.
    from svodka.demo.corpus import load_corpus

    event = {e.title: e.event or e.slug for e in load_corpus()}
    stories: dict[str, set] = {}
    for i in items:
        if i["title"] in event:
            stories.setdefault(event[i["title"]], set()).add(i["story_id"])
    assert {"talks", "rate", "storm"} <= set(stories)
    assert all(len(ids) == 1 for ids in stories.values()), stories
    assert len({next(iter(ids)) for ids in stories.values()}) == len(stories)
    for ev in ("talks", "rate"):
        assert f'href="/stories/{next(iter(stories[ev]))}"' in home, ev


@pytest.mark.slow
def test_the_demo_holds_its_port_while_it_crawls(tmp_path: Path) -> None:
    """The site's port is taken before the crawl and held: nothing else (the crawl's own
    connections included) can take it meanwhile, so the demo never crawls for nothing."""
    import socket

    port = _free_port()
    proc = subprocess.Popen([*CLI, "demo", "--port", str(port)], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _read_until(proc, "crawling it", "the demo ended before crawling")  # the crawl began
        with socket.socket() as other, pytest.raises(OSError):
            other.bind(("127.0.0.1", port))
        _read_until(proc, f"http://127.0.0.1:{port}/", "the demo ended without serving")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _read_until(proc: subprocess.Popen[str], text: str, failure: str) -> None:
    """Read the process's output up to a line holding ``text``; fail with what it said when
    it ends first."""
    assert proc.stdout is not None
    said = []
    for line in proc.stdout:
        said.append(line)
        if text in line:
            return
    pytest.fail(f"{failure}: " + "".join(said)[-2000:])


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
