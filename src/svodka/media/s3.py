"""The S3-compatible media store (AWS S3, MinIO, SeaweedFS, moto ...)."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from svodka.media.keys import check_key

_MISSING = {"404", "NoSuchKey", "NotFound", "NoSuchBucket"}
# Content-addressed objects never change: let caches keep them.
CACHE_CONTROL = "public, max-age=31536000, immutable"


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class S3MediaStore:
    """Media as objects ``<prefix>/<key>`` in one bucket, which is created when missing.

    Credentials and region come from boto3's usual sources (``AWS_ACCESS_KEY_ID``,
    ``AWS_SECRET_ACCESS_KEY``, ``AWS_DEFAULT_REGION``, profiles ...). ``client`` lets a
    caller pass a ready boto3 S3 client.
    """

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        client: Any | None = None,
        *,
        url_expires: int = 3600,
    ) -> None:
        if not bucket:
            raise ValueError("an S3 media store needs a bucket name")
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        if self.prefix:
            check_key(self.prefix)
        self.url_expires = url_expires
        if client is None:
            config = Config(
                connect_timeout=10,
                read_timeout=60,
                retries={"max_attempts": 4, "mode": "standard"},
                # Custom endpoints (MinIO, moto, an IP address) rarely do virtual hosts.
                s3={"addressing_style": "path"} if endpoint_url else None,
            )
            client = boto3.client("s3", endpoint_url=endpoint_url, config=config)
        self.client = client
        self._ensure_bucket()

    def __repr__(self) -> str:
        return f"S3MediaStore(bucket={self.bucket!r}, prefix={self.prefix!r})"

    def _ensure_bucket(self) -> None:
        try:
            self.client.head_bucket(Bucket=self.bucket)
            return
        except ClientError as exc:
            if _error_code(exc) not in _MISSING:
                raise
        kwargs: dict[str, Any] = {"Bucket": self.bucket}
        region = self.client.meta.region_name
        if region and region != "us-east-1":
            kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
        try:
            self.client.create_bucket(**kwargs)
        except ClientError as exc:  # lost a race with another worker: fine
            if _error_code(exc) not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                raise

    def _object_key(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(
            Bucket=self.bucket,
            Key=self._object_key(key),
            Body=data,
            ContentType=content_type,
            CacheControl=CACHE_CONTROL,
        )

    def get(self, key: str) -> bytes:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._object_key(key))
        except ClientError as exc:
            if _error_code(exc) in _MISSING:
                raise KeyError(key) from None
            raise
        with response["Body"] as body:
            return body.read()

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._object_key(key))
        except ClientError as exc:
            if _error_code(exc) in _MISSING:
                return False
            raise
        return True

    def open_url(self, key: str) -> str | None:
        """A presigned GET URL, valid for ``url_expires`` seconds."""
        return self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": self._object_key(key)},
            ExpiresIn=self.url_expires,
        )
