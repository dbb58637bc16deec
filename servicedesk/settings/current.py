"""The settings in force for a client: the newest version stored in its database, parsed once per version."""

from sqlalchemy.orm import Session

from servicedesk.errors import NoSettingsLoaded
from servicedesk.settings import store
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import load_text, version_of

_parsed: dict[str, ClientDesk] = {}


def load_into(*, db_session: Session, text: str, origin: str) -> tuple[str, bool]:
    """Validate settings text and store it as the newest version; (version, stored) — stored is False
    when this exact version was already loaded."""
    load_text(text, source=origin)  # InvalidSettings before anything is stored
    version = version_of(text)
    return version, store.save(db_session=db_session, version=version, source=text, origin=origin)


def desk_of(*, db_session: Session) -> ClientDesk:
    """The rules in force; NoSettingsLoaded when the client has none loaded yet (InvalidSettings when the
    stored version no longer passes the schema)."""
    row = store.current(db_session=db_session)
    if row is None:
        raise NoSettingsLoaded()
    if row.version not in _parsed:
        _parsed[row.version] = ClientDesk(load_text(row.source, source=row.origin))
    return _parsed[row.version]
