"""Safety: headers on every response, the URL policy, the public base URL, favicon and robots.txt,
and outlet text that reaches the terminal as inert text."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image as PILImage
from web_world import World

from svodka.config import Settings
from svodka.console import InertFormatter, print_summary, sources_table, terminal_text
from svodka.pipeline.runner import CrawlSummary
from svodka.pipeline.tasks import EntryReport, PollReport
from svodka.records import Source, SourceState
from svodka.store import Store
from svodka.web.security import base_url_for_bind, normalize_base_url, safe_url

HOSTILE_NAME = ("\x1b[31mRED\x1b[0m \x1b]8;;https://evil.example\x07link\x1b]8;;\x07 "
                "[bold]bold[/bold] [link=https://evil.example]x[/link] \u202egnp.exe\r\x08")


def test_every_response_carries_the_safety_headers(client: TestClient, world: World) -> None:
    media = "/media/" + world.media_keys[0]
    paths = ["/", "/api/v1/articles", "/api/v1/articles/999999", "/api/v1/articles?limit=0",
             "/feed.xml", "/feed.atom", "/feed.json", "/metrics", "/healthz", media,
             "/static/site.css", "/favicon.ico", "/robots.txt", "/openapi.json", "/docs",
             "/redoc", "/nothing-here", "/docs-assets/swagger-ui.css"]
    for path in paths:
        r = client.get(path)
        assert r.headers.get("x-content-type-options") == "nosniff", path
        csp = r.headers.get("content-security-policy", "")
        assert "default-src 'none'" in csp, path  # media adds sandbox to it, pages their own
        assert "'unsafe-eval'" not in csp and "script-src *" not in csp, path


def test_favicon_and_robots(client: TestClient) -> None:
    r = client.get("/favicon.ico")
    assert r.headers["content-type"] == "image/x-icon"
    assert PILImage.open(io.BytesIO(r.content)).format == "ICO"
    robots = client.get("/robots.txt")
    assert robots.headers["content-type"].startswith("text/plain")
    assert "Disallow: /api/" in robots.text and robots.text.startswith("User-agent: *")


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,x",
    "vbscript:x", "file:///etc/passwd", "//evil.example/x", "/relative", "http://", "https:///x",
    "http://exa mple.com/", "http://example.com/\x1b[31m", "ftp://example.com/", "", None,
    "http://[::1", "https://example.com/" + "a" * 3000,
])
def test_unsafe_urls_are_refused(url: str | None) -> None:
    assert safe_url(url) is None


@pytest.mark.parametrize("url", ["http://example.com", "https://example.com/a?b=c#d",
                                 "HTTPS://Example.com/путь", "https://[::1]:8080/x"])
def test_web_urls_pass(url: str) -> None:
    assert safe_url(url) == url


@given(st.text(max_size=80))
def test_whatever_passes_is_http(url: str) -> None:
    out = safe_url(url)
    assert out is None or out.lower().startswith(("http://", "https://"))


def test_public_base_url_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVODKA_PUBLIC_BASE_URL", "https://news.example/")
    assert Settings.from_env().public_base_url == "https://news.example/"
    assert normalize_base_url("https://news.example/") == "https://news.example"
    assert normalize_base_url("https://news.example/svodka/") == "https://news.example/svodka"
    for bad in ("javascript:alert(1)", "news.example", "https://news.example/?x=1", "ftp://x"):
        with pytest.raises(ValueError):
            normalize_base_url(bad)
    assert base_url_for_bind("127.0.0.1", 8080) == "http://127.0.0.1:8080"
    assert base_url_for_bind("::1", 80) == "http://[::1]"
    assert base_url_for_bind("0.0.0.0", 8080).endswith(":8080")
    assert "0.0.0.0" not in base_url_for_bind("0.0.0.0", 8080)


def test_a_configured_base_url_makes_every_link(world: World, tmp_path: Path) -> None:
    from svodka.web import create_app

    settings = Settings(data_dir=tmp_path, public_base_url="https://news.example/svodka/")
    with TestClient(create_app(world.store, world.media, settings)) as c:
        feed = c.get("/feed.json", headers={"Host": "evil.example"}).json()
        assert feed["home_page_url"] == "https://news.example/svodka/"
        assert all(i["url"].startswith("https://news.example/svodka/articles/")
                   for i in feed["items"])


# -- the terminal -----------------------------------------------------------------------------


def test_terminal_text_is_inert() -> None:
    out = terminal_text(HOSTILE_NAME)
    assert not any(ord(ch) < 32 or 0x7f <= ord(ch) <= 0x9f for ch in out)
    assert "\u202e" not in out and "\\x1b[31mRED" in out and "\\u202e" in out
    assert terminal_text("a\nb\tc") == "a b c"
    assert terminal_text("x" * 500).endswith("…") and len(terminal_text("x" * 500)) == 301


def _no_control_codes(text: str) -> None:
    bad = [ch for ch in text if (ord(ch) < 32 and ch not in "\n") or 0x7f <= ord(ch) <= 0x9f
           or ch == "\u202e"]
    assert not bad, (bad, text)


def test_sources_table_prints_outlet_text_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    state = SourceState(source=Source(id=1, url="https://evil.example/rss\x1b[2J",
                                      name=HOSTILE_NAME), failures=2,
                        last_error="HTTP 500 \x1b[5mblink [red]red[/red]")
    sources_table([state])
    out = capsys.readouterr().out
    _no_control_codes(out)
    assert "[bold]bold[/bold]" in out and "[link=https://evil.example]x[/link]" in out
    assert "[red]red[/red]" in out


def test_crawl_summary_prints_outlet_text_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    summary = CrawlSummary(polls=[PollReport(source_id=1, name=HOSTILE_NAME,
                                             error="[bold]down\x1b[0m")],
                           entries=[EntryReport(entry_id=1, url="https://e.example/\x1b[1m[i]",
                                                error="\x07bell [link=x]y[/link]")])
    print_summary(summary)
    err = capsys.readouterr().err
    _no_control_codes(err)
    assert "[bold]bold[/bold]" in err and "[link=x]y[/link]" in err and "[i]" in err


def test_log_lines_are_inert() -> None:
    record = logging.LogRecord("svodka", logging.ERROR, __file__, 1, "storing %s failed: %s",
                               ("https://e.example/\x1b[31m", "\x1b]0;title\x07"), None)
    line = InertFormatter("%(message)s").format(record)
    _no_control_codes(line)
    assert "\\x1b[31m" in line


def test_sources_list_command_prints_no_control_codes(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'svodka.db'}")
    store.add_source(Source(url="https://evil.example/rss", name=HOSTILE_NAME))
    store.close()
    env = {**os.environ, "SVODKA_DATA_DIR": str(tmp_path), "COLUMNS": "300"}
    env.pop("SVODKA_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "svodka.cli", "sources", "list"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    _no_control_codes(done.stdout + done.stderr)
    assert "[bold]bold[/bold]" in done.stdout
