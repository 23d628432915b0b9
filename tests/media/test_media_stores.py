"""The store contract, run on the filesystem store and on S3 (moto's server on 127.0.0.1)."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from media_samples import new_bucket_name, s3_client, stored_keys

from svodka.config import Settings
from svodka.media import (
    FileMediaStore,
    MediaStore,
    check_key,
    guess_content_type,
    open_media_store,
)
from svodka.media.s3 import S3MediaStore

UNSAFE_KEYS = [
    "", "..", "../x", "a/../../x", "a/..", "/etc/passwd", "/abs/x", "a//b", "a/b/", "./a",
    "a/./b", ".hidden", "a/.tmp-x.part", "a\\b", "..\\x", "a\x00b", "a b", "a\nb", "é/x",
    "C:/x", "a/b?c", "x" * 600,
]


def test_round_trip(store: MediaStore) -> None:
    assert isinstance(store, MediaStore)
    assert not store.exists("7/abc.jpg")
    store.put("7/abc.jpg", b"\xff\xd8first", "image/jpeg")
    assert store.exists("7/abc.jpg")
    assert store.get("7/abc.jpg") == b"\xff\xd8first"
    store.put("7/abc.jpg", b"second", "image/jpeg")
    assert store.get("7/abc.jpg") == b"second"
    assert stored_keys(store) == {"7/abc.jpg"}


def test_missing_key_is_key_error(store: MediaStore) -> None:
    with pytest.raises(KeyError):
        store.get("7/none.jpg")
    store.put("7/deep/x.png", b"x", "image/png")
    with pytest.raises(KeyError):
        store.get("7/deep")  # a "directory" is not an object
    assert not store.exists("7/deep")


@pytest.mark.parametrize("key", UNSAFE_KEYS)
def test_unsafe_keys_are_rejected(store: MediaStore, key: str, tmp_path: Path) -> None:
    before = sorted(p.name for p in tmp_path.iterdir())
    for call in (
        lambda: store.put(key, b"x", "image/png"),
        lambda: store.get(key),
        lambda: store.exists(key),
        lambda: store.open_url(key),
    ):
        with pytest.raises(ValueError):
            call()
    assert stored_keys(store) == set()
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("fsync", [False, True])
def test_file_store_writes_atomically(tmp_path: Path, fsync: bool) -> None:
    store = FileMediaStore(tmp_path / "media", fsync=fsync)
    store.put("1/a.png", b"old", "image/png")
    with pytest.raises(TypeError):
        store.put("1/a.png", "not bytes", "image/png")  # type: ignore[arg-type]
    assert store.get("1/a.png") == b"old"
    assert stored_keys(store) == {"1/a.png"}  # no temp file left behind


def test_file_store_concurrent_puts_never_mix(tmp_path: Path) -> None:
    store = FileMediaStore(tmp_path / "media")
    blobs = [bytes([i]) * 200_000 for i in range(8)]
    threads = [threading.Thread(target=store.put, args=("1/k.jpg", b, "image/jpeg")) for b in blobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.get("1/k.jpg") in blobs
    assert stored_keys(store) == {"1/k.jpg"}


def test_file_store_refuses_symlink_escape(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "media"
    root.mkdir()
    (root / "evil").symlink_to(outside)
    store = FileMediaStore(root)
    with pytest.raises(ValueError):
        store.put("evil/x.jpg", b"x", "image/jpeg")
    assert list(outside.iterdir()) == []


@given(st.text(max_size=40))
def test_accepted_keys_stay_inside_the_store(key: str) -> None:
    root = Path("/srv/media")
    try:
        check_key(key)
    except ValueError:
        return
    path = (root / key).resolve()
    assert path.is_relative_to(root) and path != root
    assert ".." not in key.split("/") and "\\" not in key and not key.startswith("/")


def test_file_store_has_no_url(tmp_path: Path) -> None:
    assert FileMediaStore(tmp_path).open_url("1/a.jpg") is None


def test_s3_open_url_serves_the_bytes(s3_endpoint: str, aws_env: None) -> None:
    store = S3MediaStore(new_bucket_name(), endpoint_url=s3_endpoint)
    store.put("3/img.webp", b"RIFF....WEBP", "image/webp")
    url = store.open_url("3/img.webp")
    assert url is not None and url.startswith(s3_endpoint)
    response = httpx.get(url)
    assert response.status_code == 200
    assert response.content == b"RIFF....WEBP"
    assert response.headers["content-type"] == "image/webp"


def test_s3_creates_bucket_once_and_uses_prefix(s3_endpoint: str, aws_env: None) -> None:
    bucket = new_bucket_name()
    client = s3_client(s3_endpoint)
    names = {b["Name"] for b in client.list_buckets()["Buckets"]}
    assert bucket not in names
    first = S3MediaStore(bucket, prefix="/mirror/img/", endpoint_url=s3_endpoint)
    first.put("5/a.png", b"png", "image/png")
    again = S3MediaStore(bucket, prefix="mirror/img", endpoint_url=s3_endpoint)  # bucket exists
    assert again.get("5/a.png") == b"png"
    listed = client.list_objects_v2(Bucket=bucket)["Contents"]
    assert [o["Key"] for o in listed] == ["mirror/img/5/a.png"]
    head = client.head_object(Bucket=bucket, Key="mirror/img/5/a.png")
    assert head["ContentType"] == "image/png"
    assert "immutable" in head["CacheControl"]


def test_open_media_store_file_default(tmp_path: Path) -> None:
    for url in (None, "file"):
        store = open_media_store(Settings(data_dir=tmp_path, media_url=url))
        assert isinstance(store, FileMediaStore)
        assert store.root == tmp_path / "media"
    store.put("1/x.gif", b"GIF89a", "image/gif")
    assert (tmp_path / "media" / "1" / "x.gif").read_bytes() == b"GIF89a"


def test_open_media_store_s3(s3_endpoint: str, aws_env: None, tmp_path: Path) -> None:
    bucket = new_bucket_name()
    settings = Settings(
        data_dir=tmp_path, media_url=f"s3://{bucket}/svodka/media", s3_endpoint_url=s3_endpoint
    )
    store = open_media_store(settings)
    assert isinstance(store, S3MediaStore)
    store.put("2/y.jpg", b"jpeg", "image/jpeg")
    keys = [o["Key"] for o in s3_client(s3_endpoint).list_objects_v2(Bucket=bucket)["Contents"]]
    assert keys == ["svodka/media/2/y.jpg"]
    assert not (tmp_path / "media").exists()


@pytest.mark.parametrize("url", ["ftp://host/x", "s3://", "http://example.org/media"])
def test_open_media_store_rejects_unknown_urls(url: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        open_media_store(Settings(data_dir=tmp_path, media_url=url))


def test_content_type_from_key() -> None:
    assert guess_content_type("1/abc.jpg") == "image/jpeg"
    assert guess_content_type("1/abc.w320.webp") == "image/webp"
    assert guess_content_type("1/abc.avif") == "image/avif"
    assert guess_content_type("1/abc.svg") == "application/octet-stream"
    assert guess_content_type("1/abc") == "application/octet-stream"
