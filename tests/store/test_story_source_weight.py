"""An outlet's weight in story ranking: set from the command line, refused with one clear line
when it is not a sensible number, and read by the ranking (default 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from svodka.cli import main
from svodka.records import Source
from svodka.store import Store
from svodka.store import schema as t


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    store = Store(f"sqlite:///{tmp_path / 'svodka.db'}")
    store.add_source(Source(url="https://a.example/rss", name="Outlet A"))
    store.close()
    return tmp_path


def _weights(data_dir: Path) -> dict[int, float]:
    store = Store(f"sqlite:///{data_dir / 'svodka.db'}")
    try:
        with store.engine.connect() as c:
            return {r.id: r.weight for r in c.execute(select(t.sources.c.id, t.sources.c.weight))}
    finally:
        store.close()


def test_the_weight_is_set_by_id_or_name(data_dir: Path, capsys: pytest.CaptureFixture[str]):
    assert _weights(data_dir) == {1: 1.0}
    assert main(["--data-dir", str(data_dir), "sources", "weight", "Outlet A", "2.5"]) == 0
    assert _weights(data_dir) == {1: 2.5}
    assert main(["--data-dir", str(data_dir), "sources", "weight", "1", "0.5"]) == 0
    assert _weights(data_dir) == {1: 0.5}
    assert "weighs 0.5" in capsys.readouterr().out


@pytest.mark.parametrize(("source", "weight", "code"), [
    ("1", "heavy", 2), ("1", "0", 2), ("1", "-1", 2), ("1", "nan", 2), ("1", "1e9", 2),
    ("nobody", "2", 1)])
def test_bad_weights_and_unknown_sources_get_one_line(data_dir: Path, source: str, weight: str,
                                                      code: int,
                                                      capsys: pytest.CaptureFixture[str]):
    assert main(["--data-dir", str(data_dir), "sources", "weight", source, weight]) == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert _weights(data_dir) == {1: 1.0}
