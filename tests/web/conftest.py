"""Fixtures for the web tests: the world (store + media) and TestClients over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_world import World, build_world

from svodka.media import FileMediaStore
from svodka.store import Store
from svodka.web import create_app


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    w = build_world(tmp_path_factory.mktemp("web"))
    yield w
    w.store.close()


@pytest.fixture(scope="session")
def app(world: World) -> FastAPI:
    return create_app(world.store, world.media)


@pytest.fixture()
def client(app: FastAPI) -> Iterator[TestClient]:
    """A fresh client (no cookies) per test over the shared app."""
    with TestClient(app) as c:
        yield c


@pytest.fixture()
def empty_client(tmp_path: Path) -> Iterator[TestClient]:
    store = Store(f"sqlite:///{tmp_path / 'empty.db'}")
    with TestClient(create_app(store, FileMediaStore(tmp_path / "media"))) as c:
        yield c
    store.close()
