"""Backup blobs in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, ...), with boto3.

A blob becomes visible only when it is complete: small ones are one PutObject, large
ones a multipart upload that is completed in `commit` and aborted otherwise; an
upload left by a killed worker stays invisible and `sweep_temp` aborts it later.
Every request carries a SHA-256 (`ChecksumAlgorithm`) that S3 checks against the
bytes it received: the whole blob's for a PutObject, each part's for a multipart
upload (and the list of them when it is completed). The route hashes the same bytes
as they stream in, and a restore hashes them again on the way out.

Errors map to what the routes already understand: a missing object is
FileNotFoundError, an unreachable or overloaded endpoint `StorageUnavailable`, any
other refusal an OSError.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import BinaryIO
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    FlexibleChecksumError,
    HTTPClientError,
    ResponseStreamingError,
)
from botocore.exceptions import ConnectionError as BotoConnectionError

from server.storage import KEY_PATTERN, BlobCorrupt, BlobWriter, StorageUnavailable

log = logging.getLogger(__name__)

MIB = 1024 * 1024
S3_MIN_PART = 5 * MIB  # S3's smallest part (all but the last)
_MISSING = {"NoSuchKey", "404", "NotFound"}
_BUSY = {"SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout", "503", "500"}


@dataclass(frozen=True)
class S3Location:
    bucket: str
    prefix: str  # "" or ends with "/"


def parse_blob_url(url: str) -> S3Location:
    """`s3://bucket/prefix` -> bucket and key prefix ("backups/" style, may be empty)."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"not an s3://bucket/prefix URL: {url!r}")
    prefix = parts.path.strip("/")
    return S3Location(parts.netloc, f"{prefix}/" if prefix else "")


def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode("ascii")


@contextmanager
def _s3_errors(what: str) -> Iterator[None]:
    try:
        yield
    except ClientError as exc:
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        if code in _MISSING or (status == 404 and code != "NoSuchBucket"):
            raise FileNotFoundError(f"{what}: no such object") from exc
        if code in _BUSY or status >= 500:
            raise StorageUnavailable(f"{what}: object store busy ({code})") from exc
        raise OSError(f"{what}: object store refused ({code}: {error.get('Message', '')})") \
            from exc
    except FlexibleChecksumError as exc:
        raise BlobCorrupt(f"{what}: the object differs from its stored checksum") from exc
    except (BotoConnectionError, HTTPClientError, ResponseStreamingError) as exc:
        # Refused, reset, timed out: the endpoint is down or unreachable for now.
        raise StorageUnavailable(f"{what}: object store unreachable ({exc})") from exc
    except BotoCoreError as exc:
        raise OSError(f"{what}: {exc}") from exc


class _S3Writer:
    """Buffers up to the threshold; beyond it, a multipart upload of `part_size` parts."""

    def __init__(self, store: S3BlobStorage, key: str) -> None:
        self._store, self._key = store, key
        self._buf = bytearray()
        self._whole = hashlib.sha256()
        self._upload_id: str | None = None
        self._parts: list[dict] = []
        self._done = False

    def write(self, chunk: bytes) -> None:
        self._whole.update(chunk)
        self._buf += chunk
        s = self._store
        if self._upload_id is None and len(self._buf) > s.multipart_threshold:
            with _s3_errors(f"start upload {self._key}"):
                self._upload_id = s.client.create_multipart_upload(
                    Bucket=s.location.bucket, Key=s.object_key(self._key),
                    ChecksumAlgorithm="SHA256",
                    ContentType="application/octet-stream")["UploadId"]
        while self._upload_id is not None and len(self._buf) >= s.part_size:
            self._send_part(bytes(self._buf[:s.part_size]))
            del self._buf[:s.part_size]

    def _send_part(self, data: bytes) -> None:
        s = self._store
        number = len(self._parts) + 1
        checksum = _b64(hashlib.sha256(data).digest())
        with _s3_errors(f"part {number} of {self._key}"):
            answer = s.client.upload_part(
                Bucket=s.location.bucket, Key=s.object_key(self._key),
                UploadId=self._upload_id, PartNumber=number, Body=data,
                ChecksumAlgorithm="SHA256", ChecksumSHA256=checksum)
        self._parts.append({"PartNumber": number, "ETag": answer["ETag"],
                            "ChecksumSHA256": checksum})

    def commit(self) -> None:
        s = self._store
        if self._upload_id is None:
            with _s3_errors(f"put {self._key}"):
                s.client.put_object(
                    Bucket=s.location.bucket, Key=s.object_key(self._key),
                    Body=bytes(self._buf), ChecksumAlgorithm="SHA256",
                    ChecksumSHA256=_b64(self._whole.digest()),
                    ContentType="application/octet-stream")
        else:
            if self._buf:
                self._send_part(bytes(self._buf))
            with _s3_errors(f"complete {self._key}"):
                # S3 checks every part's checksum against the list; only now is the
                # object visible, whole.
                s.client.complete_multipart_upload(
                    Bucket=s.location.bucket, Key=s.object_key(self._key),
                    UploadId=self._upload_id, MultipartUpload={"Parts": self._parts})
        self._buf = bytearray()
        self._done = True

    def abort(self) -> None:
        self._buf = bytearray()
        if self._upload_id is None or self._done:
            return
        s = self._store
        try:
            with _s3_errors(f"abort {self._key}"):
                s.client.abort_multipart_upload(
                    Bucket=s.location.bucket, Key=s.object_key(self._key),
                    UploadId=self._upload_id)
        except OSError as exc:  # invisible anyway; sweep_temp aborts it later
            log.warning("could not abort the upload of %s: %s", self._key, exc)
        self._upload_id = None


class _Body(io.RawIOBase):
    """An object's bytes as a file whose read errors are the storage's."""

    def __init__(self, body, key: str) -> None:
        self._body, self._key = body, key

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        with _s3_errors(f"read {self._key}"):
            return self._body.read(None if size < 0 else size)

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._body.close()
        super().close()


class S3BlobStorage:
    """Blobs as objects `<prefix><key>` in one bucket."""

    def __init__(self, location: S3Location, *, endpoint_url: str | None = None,
                 region: str | None = None, multipart_threshold: int = 16 * MIB,
                 part_size: int = 8 * MIB, session: boto3.session.Session | None = None,
                 connect_timeout_s: float = 5.0, read_timeout_s: float = 60.0,
                 max_attempts: int = 3) -> None:
        if part_size < S3_MIN_PART:
            raise ValueError(f"S3 parts are at least {S3_MIN_PART} bytes, not {part_size}")
        if multipart_threshold < part_size:
            raise ValueError("the multipart threshold is smaller than a part")
        self.location = location
        self.multipart_threshold = multipart_threshold
        self.part_size = part_size
        # Credentials: the session's, by default boto3's chain (AWS_ACCESS_KEY_ID and
        # AWS_SECRET_ACCESS_KEY, a profile, an instance role).
        self.client = (session or boto3.session.Session()).client(
            "s3", endpoint_url=endpoint_url, region_name=region,
            config=Config(connect_timeout=connect_timeout_s, read_timeout=read_timeout_s,
                          retries={"mode": "standard", "max_attempts": max_attempts},
                          # as many connections as the server has threads for uploads
                          max_pool_connections=64,
                          s3={"addressing_style": "path"} if endpoint_url else None))

    def object_key(self, key: str) -> str:
        if not KEY_PATTERN.match(key):
            raise ValueError(f"bad blob key {key!r}")
        return f"{self.location.prefix}{key}"

    def begin(self, key: str) -> BlobWriter:
        self.object_key(key)
        return _S3Writer(self, key)

    def get(self, key: str) -> BinaryIO:
        with _s3_errors(f"get {key}"):
            answer = self.client.get_object(Bucket=self.location.bucket,
                                            Key=self.object_key(key), ChecksumMode="ENABLED")
        return _Body(answer["Body"], key)

    def delete(self, key: str) -> None:
        with _s3_errors(f"delete {key}"):
            self.client.delete_object(Bucket=self.location.bucket, Key=self.object_key(key))

    def size(self, key: str) -> int:
        with _s3_errors(f"size of {key}"):
            return self.client.head_object(Bucket=self.location.bucket,
                                           Key=self.object_key(key))["ContentLength"]

    def keys(self, older_than_s: float = 0.0) -> Iterator[str]:
        cutoff = datetime.now(UTC) - timedelta(seconds=older_than_s)
        prefix = self.location.prefix
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.location.bucket, Prefix=prefix)
        with _s3_errors("list"):
            for page in pages:
                for obj in page.get("Contents", []):
                    key = obj["Key"][len(prefix):]
                    if KEY_PATTERN.match(key) and obj["LastModified"] <= cutoff:
                        yield key

    def sweep_temp(self, older_than_s: float = 0.0) -> int:
        """Abort multipart uploads left by a killed worker; returns how many.

        Only those older than `older_than_s`: another worker may be uploading now.
        """
        cutoff = datetime.now(UTC) - timedelta(seconds=older_than_s)
        aborted = 0
        pages = self.client.get_paginator("list_multipart_uploads").paginate(
            Bucket=self.location.bucket, Prefix=self.location.prefix)
        with _s3_errors("list uploads"):
            for page in pages:
                for upload in page.get("Uploads", []):
                    if upload["Initiated"] <= cutoff:
                        self.client.abort_multipart_upload(
                            Bucket=self.location.bucket, Key=upload["Key"],
                            UploadId=upload["UploadId"])
                        aborted += 1
        return aborted

    def check_bucket(self) -> bool:
        """False, and a warning, for a bucket that keeps deleted backups (versioning):
        a deleted object would live on as a noncurrent version."""
        with _s3_errors("bucket versioning"):
            status = self.client.get_bucket_versioning(Bucket=self.location.bucket).get("Status")
        if status in ("Enabled", "Suspended"):
            log.warning("bucket %s has versioning %s: deleted backups stay as noncurrent "
                        "versions unless a lifecycle rule expires them (server/README.md)",
                        self.location.bucket, status.lower())
            return False
        return True

    def close(self) -> None:
        self.client.close()
