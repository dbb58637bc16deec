"""Which client a workspace, tenant or web-chat key belongs to, and that client's database and rules.

The catalogue is read the first time a door is seen and the answer kept: every message asks, so the
answer must cost a dictionary read. A door nobody bound is refused (ClientUnknown): its users must not
reach any client's tickets.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker

from servicedesk.clients.registry import ClientDatabases
from servicedesk.clients.service import get_all, resolve_channel
from servicedesk.database import unit_of_work
from servicedesk.settings.current import desk_of
from servicedesk.settings.desk import ClientDesk


class Directory:
    def __init__(self, catalogue: sessionmaker[Session], registry: ClientDatabases) -> None:
        self._catalogue = catalogue
        self._registry = registry
        self._doors: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def client_of(self, kind: str, external_id: str) -> str:
        """The slug of the client bound to this door; raises servicedesk.errors.ClientUnknown."""
        key = (kind, external_id)
        slug = self._doors.get(key)
        if slug is None:
            with self._lock, self._catalogue() as session:
                slug = resolve_channel(db_session=session, kind=kind, external_id=external_id).slug
                self._doors[key] = slug
        return slug

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
