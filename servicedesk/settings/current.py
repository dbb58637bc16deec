"""The settings in force for a client: the newest version stored in its database, parsed once per version."""

from pathlib import Path

from sqlalchemy.orm import Session

from servicedesk.errors import InvalidSettings, NoSettingsLoaded, SettingsFileMissing
from servicedesk.settings import store
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import SETTINGS_FILE, load_text, version_of

_parsed: dict[str, ClientDesk] = {}


def load_into(*, db_session: Session, text: str, origin: str) -> tuple[str, bool]:
    """Validate settings text and store it as the newest version; (version, stored) — stored is False
    when this exact version was already loaded."""
    load_text(text, source=origin)  # InvalidSettings before anything is stored
    version = version_of(text)
    return version, store.save(db_session=db_session, version=version, source=text, origin=origin)


def reload_from(*, db_session: Session, root: Path, client: str) -> tuple[str, bool]:
    """The client's own file, <root>/<client>/settings.yml, loaded as load_into does: SettingsFileMissing when
    the server has none, InvalidSettings when it is not a valid document; either way nothing is stored."""
    path = root / client / SETTINGS_FILE
    if not path.is_file():
        raise SettingsFileMissing(client, str(path))
    return load_into(db_session=db_session, text=path.read_text(encoding="utf-8"), origin=str(path))


def desk_of(*, db_session: Session) -> ClientDesk:
    """The rules in force; NoSettingsLoaded when the client has none loaded yet (InvalidSettings when the
    stored version no longer passes the schema)."""
    row = store.current(db_session=db_session)
    if row is None:
        raise NoSettingsLoaded()
    if row.version not in _parsed:
        _parsed[row.version] = ClientDesk(load_text(row.source, source=row.origin))
    return _parsed[row.version]


def desk_if_loaded(*, db_session: Session) -> ClientDesk | None:
    """The rules in force, or None before the client's settings are loaded (or while the stored ones are refused):
    for the screens that show a client that is not configured yet rather than fail."""
    try:
        return desk_of(db_session=db_session)
    except (NoSettingsLoaded, InvalidSettings):
        return None


def support_groups(*, db_session: Session) -> frozenset[str]:
    """The names of the client's support groups in force; NoSettingsLoaded when it has no settings yet."""
    return frozenset(group.name for group in desk_of(db_session=db_session).settings.groups)
