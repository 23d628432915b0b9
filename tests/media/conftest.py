"""Fixtures for the media tests: both stores and a local S3 server.

The S3 store runs against moto's real S3-compatible HTTP server, started here on
127.0.0.1 (a free port), with dummy credentials; nothing else is contacted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from media_samples import new_bucket_name

from svodka.media import FileMediaStore, MediaStore
from svodka.media.s3 import S3MediaStore

AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "eu-central-1",  # not us-east-1: bucket creation needs a location
}


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    moto_server = pytest.importorskip("moto.server", reason="moto[server] is not installed")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name, value in AWS_ENV.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))


@pytest.fixture(params=["file", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> MediaStore:
    """The same tests run on the filesystem store and on the S3 store."""
    if request.param == "file":
        return FileMediaStore(tmp_path / "media")
    endpoint = request.getfixturevalue("s3_endpoint")
    request.getfixturevalue("aws_env")
    return S3MediaStore(new_bucket_name(), prefix="media", endpoint_url=endpoint)


