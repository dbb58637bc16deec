"""Where the files of a client's tickets are kept: a folder per client on local disk by default (var/uploads/),
or an S3-compatible object store in production (AWS S3, MinIO, Ceph, Scaleway...), through boto3.

A file is kept under a key the store makes, `<client>/<ticket number>/<random hex>`: nothing of the user's file
name reaches a path or an object key, so a name can't climb out of its folder or overwrite another file. The
ticket's attachment row (servicedesk.tickets.models.Attachment, kind "stored") holds the key, the safe name, the
content type and the size; the store holds only bytes.

Per client: a local folder of its own, and on S3 either a bucket of its own (RELAIS_UPLOAD_S3_BUCKET with
`{client}` in it, e.g. "relais-{client}") or one bucket with a prefix per client.

    RELAIS_UPLOAD_STORE         local (default) or s3
    RELAIS_UPLOAD_DIR           var/uploads            the local store's root
    RELAIS_UPLOAD_S3_BUCKET     the bucket, "{client}" replaced by the client's slug
    RELAIS_UPLOAD_S3_ENDPOINT   an S3-compatible server's URL (unset: AWS)
    RELAIS_UPLOAD_S3_REGION     its region (unset: boto3's default chain)
    credentials                 boto3's usual chain: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, a role
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from servicedesk.database import PROJECT_ROOT

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_NUMBER = re.compile(r"^[A-Z]{3}-\d{6,9}$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}/[A-Z]{3}-\d{6,9}/[0-9a-f]{32}$")
DEFAULT_DIR = PROJECT_ROOT / "var" / "uploads"


class StoredFileMissing(LookupError):
    """No file under that key: removed by hand, or never written (the row was written, the store failed)."""


def new_key(client: str, number: str) -> str:
    """A fresh key for a file of this ticket; raises ValueError for a client or number no ticket has."""
    if not _SLUG.match(client) or not _NUMBER.match(number):
        raise ValueError(f"no file key for {client!r} {number!r}")
    return f"{client}/{number}/{secrets.token_hex(16)}"


def _checked(client: str, key: str) -> str:
    """The key, if it is one new_key made for this client: a key from elsewhere reads nothing."""
    if not _KEY.match(key) or key.split("/", 1)[0] != client:
        raise StoredFileMissing(key)
    return key


class FileStore(Protocol):
    def put(self, *, client: str, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, *, client: str, key: str) -> bytes: ...

    def keys(self, *, client: str) -> Iterator[tuple[str, datetime]]:
        """Every key of the client's files, with when it was written (sweep.py forgets those no row names)."""
        ...

    def delete(self, *, client: str, key: str) -> None: ...


class LocalStore:
    """Files under `root/<client>/<number>/`, written whole (a temporary name, then renamed) or not at all."""

    def __init__(self, root: Path = DEFAULT_DIR) -> None:
        self.root = root

    def _path(self, client: str, key: str) -> Path:
        return self.root / _checked(client, key)

    def put(self, *, client: str, key: str, data: bytes, content_type: str) -> None:
        path = self._path(client, key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = path.with_name(f".{path.name}.partial")
        partial.write_bytes(data)
        partial.chmod(0o600)
        partial.replace(path)

    def get(self, *, client: str, key: str) -> bytes:
        try:
            return self._path(client, key).read_bytes()
        except FileNotFoundError:
            raise StoredFileMissing(key) from None

    def keys(self, *, client: str) -> Iterator[tuple[str, datetime]]:
        for path in sorted((self.root / client).glob("*/*")):
            key = f"{client}/{path.parent.name}/{path.name}"
            if path.is_file() and _KEY.match(key):
                yield key, datetime.fromtimestamp(path.stat().st_mtime, UTC)

    def delete(self, *, client: str, key: str) -> None:
        self._path(client, key).unlink(missing_ok=True)


class S3Store:
    """Objects in an S3-compatible store: the client's bucket (`bucket` with "{client}" in it), else one bucket
    whose keys start with the client's slug. `s3` is a boto3 S3 client (tests point it at a local stand-in)."""

    def __init__(self, s3: Any, bucket: str) -> None:
        self.s3 = s3
        self.bucket = bucket

    def _bucket(self, client: str) -> str:
        return self.bucket.replace("{client}", client)

    def put(self, *, client: str, key: str, data: bytes, content_type: str) -> None:
        self.s3.put_object(Bucket=self._bucket(client), Key=_checked(client, key), Body=data,
                           ContentType=content_type)

    def get(self, *, client: str, key: str) -> bytes:
        try:
            answer = self.s3.get_object(Bucket=self._bucket(client), Key=_checked(client, key))
        except self.s3.exceptions.NoSuchKey:
            raise StoredFileMissing(key) from None
        return bytes(answer["Body"].read())

    def keys(self, *, client: str) -> Iterator[tuple[str, datetime]]:
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self._bucket(client), Prefix=f"{client}/")
        for page in pages:
            for item in page.get("Contents", []):
                if _KEY.match(item["Key"]):
                    yield item["Key"], item["LastModified"]

    def delete(self, *, client: str, key: str) -> None:
        self.s3.delete_object(Bucket=self._bucket(client), Key=_checked(client, key))


def from_environment(env: Mapping[str, str] | None = None) -> FileStore:
    """The store the environment names (module docstring); boto3 is imported only when S3 is chosen."""
    env = os.environ if env is None else env
    if (env.get("RELAIS_UPLOAD_STORE") or "local") != "s3":
        return LocalStore(Path(env.get("RELAIS_UPLOAD_DIR") or DEFAULT_DIR))
    import boto3  # type: ignore[import-untyped]  # no types shipped: its client is Any here, as S3Store says

    bucket = env.get("RELAIS_UPLOAD_S3_BUCKET") or ""
    if not bucket:
        raise ValueError("RELAIS_UPLOAD_STORE=s3 needs RELAIS_UPLOAD_S3_BUCKET")
    s3 = boto3.client("s3", endpoint_url=env.get("RELAIS_UPLOAD_S3_ENDPOINT") or None,
                      region_name=env.get("RELAIS_UPLOAD_S3_REGION") or None)
    return S3Store(s3, bucket)
