"""One engine and session factory per client, built on first use and kept for the life of the process.

Adapters look a client's factory up on every message, so that lookup must cost a dictionary read; the
catalogue is read only the first time a client is seen.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from servicedesk.clients.database import catalogue_url, migrate_catalogue
from servicedesk.clients.service import get_by_slug
from servicedesk.database import make_engine, make_session_factory
from servicedesk.errors import ClientUnknown


class ClientDatabases:
    """The client databases of one process, keyed by client slug.

    A client deactivated after its factory was built keeps it until dispose(): deactivation takes effect
    when the process (or this registry) is restarted.
    """

    def __init__(self, catalogue: sessionmaker[Session]) -> None:
        self._catalogue = catalogue
        self._factories: dict[str, sessionmaker[Session]] = {}
        self._engines: dict[str, Engine] = {}
        # One lock for all slugs: it is only taken the first time a client is seen, and it guarantees that
        # two threads receiving that client's first messages together share one engine (one pool).
        self._lock = threading.Lock()

    def session_factory(self, slug: str) -> sessionmaker[Session]:
        """The session factory of an active client's database; raises ClientUnknown."""
        factory = self._factories.get(slug)
        if factory is not None:
            return factory
        with self._lock:
            factory = self._factories.get(slug)
            if factory is None:
                with self._catalogue() as session:
                    client = get_by_slug(db_session=session, slug=slug)
                    if not client.active:
                        raise ClientUnknown(slug)
                    url = client.database_url
                engine = make_engine(url)
                factory = make_session_factory(engine)
                self._engines[slug] = engine
                self._factories[slug] = factory
            return factory

    def dispose(self) -> None:
        """Close every client's connections; factories are built again on next use."""
        with self._lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()
            self._factories.clear()


@contextmanager
def open_catalogue() -> Iterator[tuple[sessionmaker[Session], ClientDatabases]]:
    """The catalogue (migrated if needed) and the registry of client databases, closed on exit."""
    url = catalogue_url()
    migrate_catalogue(url)
    engine = make_engine(url)
    catalogue = make_session_factory(engine)
    registry = ClientDatabases(catalogue)
    try:
        yield catalogue, registry
    finally:
        registry.dispose()
        engine.dispose()
