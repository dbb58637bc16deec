"""Everything the actions need from the outside world, built once on first use.

Tests replace the session factory with `use_session_factory`; actions never read configuration or
open connections themselves.
"""

from sqlalchemy.orm import Session, sessionmaker

from servicedesk.database import database_url, make_engine, make_session_factory
from servicedesk.services import Service, load_catalogue

_session_factory: sessionmaker[Session] | None = None


def session_factory() -> sessionmaker[Session]:
    global _session_factory
    if _session_factory is None:
        _session_factory = make_session_factory(make_engine(database_url()))
    return _session_factory


def use_session_factory(factory: sessionmaker[Session] | None) -> None:
    """Point the actions at another database (tests), or back to the configured one (None)."""
    global _session_factory
    _session_factory = factory


_catalogue: tuple[Service, ...] | None = None


def catalogue() -> tuple[Service, ...]:
    """The service catalogue users' words are matched against (the demo client's for now)."""
    global _catalogue
    if _catalogue is None:
        _catalogue = load_catalogue()
    return _catalogue
