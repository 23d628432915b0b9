"""Settings: declared once, read from a TOML file, the environment and the command line in that
order of precedence, bad values said in one line, and the README's table in step with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from svodka.config import Settings, describe, table

README = Path(__file__).parents[1] / "README.md"


def test_the_readme_lists_every_setting_as_declared() -> None:
    assert table() in README.read_text(encoding="utf-8")
    assert len({d.env for d in describe()}) == len(describe())


def test_precedence_file_then_environment_then_command_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conf = tmp_path / "svodka.toml"
    conf.write_text('fetch_concurrency = 8\ntimezone = "Europe/Warsaw"\n'
                    'fetch_allow = ["127.0.0.1", "10.0.0.0/8"]\nshared_pacing = true\n'
                    'database_url = "postgresql://file@h/db"\n', encoding="utf-8")
    monkeypatch.setenv("SVODKA_CONFIG", str(conf))
    monkeypatch.setenv("SVODKA_TIMEZONE", "Europe/Kyiv")
    monkeypatch.setenv("SVODKA_DATABASE_URL", "postgresql://env@h/db")
    s = Settings.from_env(tmp_path / "d", database_url="postgresql://cli@h/db")
    assert s.fetch_concurrency == 8 and s.fetch_allow == ["127.0.0.1", "10.0.0.0/8"]
    assert s.shared_pacing is True and s.timezone == "Europe/Kyiv"
    assert s.database_url == "postgresql://cli@h/db" and s.data_dir == tmp_path / "d"


def test_environment_values_are_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVODKA_CPU_WORKERS", "3")
    monkeypatch.setenv("SVODKA_FETCH_TIMEOUT", "12.5")
    monkeypatch.setenv("SVODKA_FETCH_ALLOW", " a.example , ,b.example")
    monkeypatch.setenv("SVODKA_SHARED_PACING", "off")
    s = Settings.from_env()
    assert (s.cpu_workers, s.fetch_timeout) == (3, 12.5)
    assert s.fetch_allow == ["a.example", "b.example"] and s.shared_pacing is False


@pytest.mark.parametrize(("env", "value", "said"), [
    ("SVODKA_CPU_WORKERS", "many", "whole number"),
    ("SVODKA_FETCH_TIMEOUT", "soon", "a number"),
    ("SVODKA_SHARED_PACING", "maybe", "on or off"),
])
def test_a_bad_value_names_the_setting(env: str, value: str, said: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(ValueError, match=said) as err:
        Settings.from_env()
    assert env.removeprefix("SVODKA_").lower() in str(err.value)


def test_a_config_file_with_an_unknown_key_or_bad_toml(tmp_path: Path) -> None:
    conf = tmp_path / "bad.toml"
    conf.write_text("fetch_concurency = 8\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no setting 'fetch_concurency'"):
        Settings.from_env(config_file=conf)
    conf.write_text("fetch_concurrency = \n", encoding="utf-8")
    with pytest.raises(ValueError, match="not TOML"):
        Settings.from_env(config_file=conf)
