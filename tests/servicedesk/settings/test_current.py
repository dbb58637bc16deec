"""Reloading a client's settings from its file on the server: the file must be there and valid, or nothing
is stored and the version in force stays."""

import shutil
from pathlib import Path

import pytest

from servicedesk.database import unit_of_work
from servicedesk.errors import InvalidSettings, SettingsFileMissing
from servicedesk.settings import store
from servicedesk.settings.current import reload_from
from servicedesk.settings.loader import CLIENTS_ROOT, version_of


def _demo_file(root: Path, client: str) -> Path:
    (root / client).mkdir(parents=True)
    return Path(shutil.copy(CLIENTS_ROOT / "demo" / "settings.yml", root / client / "settings.yml"))


def test_the_clients_file_becomes_the_version_in_force(session_factory, tmp_path: Path) -> None:
    path = _demo_file(tmp_path, "demo")
    with unit_of_work(session_factory) as session:
        assert reload_from(db_session=session, root=tmp_path, client="demo") == (version_of(path.read_bytes()), True)
    with unit_of_work(session_factory) as session:
        assert reload_from(db_session=session, root=tmp_path, client="demo")[1] is False  # the same version


def _in_force(session_factory) -> str | None:
    with session_factory() as session:
        row = store.current(db_session=session)
        return None if row is None else row.version


def test_a_missing_or_invalid_file_stores_nothing(session_factory, tmp_path: Path) -> None:
    before = _in_force(session_factory)
    with unit_of_work(session_factory) as session, pytest.raises(SettingsFileMissing) as missing:
        reload_from(db_session=session, root=tmp_path, client="demo")
    assert (missing.value.client, missing.value.path) == ("demo", str(tmp_path / "demo" / "settings.yml"))

    path = _demo_file(tmp_path, "demo")
    path.write_text(path.read_text(encoding="utf-8").replace("level: 3", "level: 9"), encoding="utf-8")
    with unit_of_work(session_factory) as session, pytest.raises(InvalidSettings):
        reload_from(db_session=session, root=tmp_path, client="demo")
    assert _in_force(session_factory) == before
