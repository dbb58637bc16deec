"""Where files are kept: a folder per client on disk, or an S3-compatible store (here a local moto server)."""

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from servicedesk.uploads.store import LocalStore, S3Store, StoredFileMissing, from_environment, new_key
from tests.servicedesk.uploads.servers import answers, free_port, serve


def test_keys_are_random_and_name_only_the_client_and_the_ticket() -> None:
    key = new_key("acme", "INC-000042")
    assert key.startswith("acme/INC-000042/") and len(key.rsplit("/", 1)[1]) == 32
    assert new_key("acme", "INC-000042") != key
    for client, number in [("../etc", "INC-000042"), ("acme", "../../x"), ("ACME", "INC-000042")]:
        with pytest.raises(ValueError):
            new_key(client, number)


def test_the_local_store_keeps_each_client_in_its_folder(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    key = new_key("acme", "INC-000042")
    store.put(client="acme", key=key, data=b"log", content_type="text/plain")
    assert store.get(client="acme", key=key) == b"log"
    assert (tmp_path / key).read_bytes() == b"log"
    assert oct((tmp_path / key).stat().st_mode & 0o777) == "0o600"
    with pytest.raises(StoredFileMissing):  # another client's key reads nothing
        store.get(client="globex", key=key)
    with pytest.raises(StoredFileMissing):
        store.get(client="acme", key="acme/INC-000042/../../../../etc/passwd")
    with pytest.raises(StoredFileMissing):
        store.get(client="acme", key=new_key("acme", "INC-000042"))
    assert [k for k, _ in store.keys(client="acme")] == [key] and list(store.keys(client="globex")) == []
    store.delete(client="acme", key=key)
    assert list(store.keys(client="acme")) == []


def test_the_environment_picks_the_store(tmp_path: Path) -> None:
    local = from_environment({"RELAIS_UPLOAD_DIR": str(tmp_path)})
    assert isinstance(local, LocalStore) and local.root == tmp_path
    with pytest.raises(ValueError):
        from_environment({"RELAIS_UPLOAD_STORE": "s3"})


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 stand-in as a server on loopback: the store talks real HTTP to it, as to MinIO or AWS."""
    port = free_port()
    yield from (f"http://127.0.0.1:{port}" for _ in serve(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], answers(port), name="moto"))


def test_the_s3_store_keeps_each_client_in_its_bucket(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}.items():
        monkeypatch.setenv(name, value)
    store = from_environment({**os.environ, "RELAIS_UPLOAD_STORE": "s3", "RELAIS_UPLOAD_S3_ENDPOINT": s3_endpoint,
                              "RELAIS_UPLOAD_S3_REGION": "eu-west-3",
                              "RELAIS_UPLOAD_S3_BUCKET": "relais-{client}"})
    assert isinstance(store, S3Store)
    for client in ("acme", "globex"):
        store.s3.create_bucket(Bucket=f"relais-{client}",
                               CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    key = new_key("acme", "INC-000042")
    store.put(client="acme", key=key, data=b"\x89PNG...", content_type="image/png")
    assert store.get(client="acme", key=key) == b"\x89PNG..."
    head = store.s3.head_object(Bucket="relais-acme", Key=key)
    assert head["ContentType"] == "image/png"
    assert store.s3.list_objects_v2(Bucket="relais-globex").get("KeyCount") == 0
    assert [k for k, _ in store.keys(client="acme")] == [key] and list(store.keys(client="globex")) == []
    with pytest.raises(StoredFileMissing):
        store.get(client="globex", key=key)
    with pytest.raises(StoredFileMissing):
        store.get(client="acme", key=new_key("acme", "INC-000042"))
    assert [k for k, _ in store.keys(client="acme")] == [key] and list(store.keys(client="globex")) == []
    store.delete(client="acme", key=key)
    assert list(store.keys(client="acme")) == []
    store.delete(client="acme", key=key)
    assert list(store.keys(client="acme")) == []
