"""Which client a workspace, tenant or web-chat key belongs to, and that client's database and rules.

Every message asks which client its door belongs to: servicedesk's DoorResolver answers, from memory for a
few seconds, so that a deactivated client or a rebound door is seen without a restart. A door nobody bound
is refused (ClientUnknown): its users must not reach any client's tickets.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker

from servicedesk.clients.registry import ClientDatabases
from servicedesk.clients.resolver import DoorResolver
from servicedesk.clients.service import get_all
from servicedesk.database import unit_of_work
from servicedesk.errors import InvalidSettings, NoSettingsLoaded
from servicedesk.language import DEFAULT, Language
from servicedesk.settings.current import desk_of
from servicedesk.settings.desk import ClientDesk


class Directory:
    def __init__(self, catalogue: sessionmaker[Session], registry: ClientDatabases,
                 resolver: DoorResolver | None = None) -> None:
        self._catalogue = catalogue
        self._registry = registry
        self.resolver = resolver or DoorResolver(catalogue)

    def client_of(self, kind: str, external_id: str) -> str:
        """The slug of the active client bound to this door; raises servicedesk.errors.ClientUnknown."""
        return self.resolver.client_of(kind, external_id)

    def clients(self) -> list[str]:
        with self._catalogue() as session:
            return [client.slug for client in get_all(db_session=session)]

    def sessions(self, client: str) -> sessionmaker[Session]:
        return self._registry.session_factory(client)

    @contextmanager
    def unit_of_work(self, client: str) -> Iterator[Session]:
        """A transaction on the client's database, committed on success."""
        with unit_of_work(self._registry.session_factory(client)) as session:
            yield session

    def desk(self, session: Session) -> ClientDesk:
        return desk_of(db_session=session)


def client_language(session: Session) -> Language:
    """The client's language (`client.language` in its settings): the bot's one default, for whatever it says
    when nothing tells it its reader's. The desk's DEFAULT while the client has no settings in force: a
    message must be journalled and answered all the same."""
    try:
        return desk_of(db_session=session).settings.client.language
    except (NoSettingsLoaded, InvalidSettings):
        return DEFAULT
