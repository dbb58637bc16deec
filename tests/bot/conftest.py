"""The doors' tests run on a real catalogue and real client databases (SQLite in tmp_path), bootstrapped
from data/clients as `make run` does: once per session, then copied for each test."""

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import text

from bot.directory import Directory
from servicedesk import operations
from servicedesk.clients.registry import open_catalogue
from servicedesk.database import make_engine

REDIS_URL = "redis://127.0.0.1:6379/0"  # the local Redis (.ci/run starts it), as the doors' replicas share one


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own in the local Redis; its keys, and only those, are removed after."""
    prefix = f"relais-test-{uuid.uuid4().hex}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


def stores(folder: Path) -> dict[str, str]:
    """Where the catalogue and the client databases of a folder are, as the environment names them."""
    return {"RELAIS_CATALOGUE_URL": f"sqlite:///{folder / 'catalogue.db'}",
            "RELAIS_CLIENT_DATABASE_URL_TEMPLATE": f"sqlite:///{folder}/{{slug}}.db"}


@pytest.fixture(scope="session")
def bootstrapped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogue and the clients' databases, bootstrapped once: it migrates three databases and loads
    every client's settings, over a second each time."""
    folder = tmp_path_factory.mktemp("bootstrapped")
    with pytest.MonkeyPatch.context() as environment:
        for name, value in stores(folder).items():
            environment.setenv(name, value)
        operations.bootstrap()
    return folder


@pytest.fixture
def directory(tmp_path, monkeypatch, bootstrapped) -> Iterator[Directory]:
    """A copy of the bootstrapped stores of the test's own, the catalogue naming the copies of the databases."""
    shutil.copytree(bootstrapped, tmp_path, dirs_exist_ok=True)
    engine = make_engine(stores(tmp_path)["RELAIS_CATALOGUE_URL"])
    with engine.begin() as connection:
        connection.execute(text("UPDATE clients SET database_url = replace(database_url, :copied, :copy)"),
                           {"copied": f"{bootstrapped}/", "copy": f"{tmp_path}/"})
    engine.dispose()
    for name, value in stores(tmp_path).items():
        monkeypatch.setenv(name, value)
    with open_catalogue() as (catalogue, registry):
        yield Directory(catalogue, registry)
