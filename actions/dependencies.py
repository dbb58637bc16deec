"""Everything the actions need from the outside world, built once on first use.

Each conversation belongs to a client: the one the door's signed claims name, or the one bound to Rasa's
REST door (actions/identity.py); its tickets live in that client's database and follow that client's
settings. Tests replace the whole lookup with `use_session_factory` and the trust with `use_trust`; actions
never read configuration or open connections themselves.

    RELAIS_DOOR_SECRET   the secret the doors sign their claims with (required for any door but REST)
    RELAIS_REST_DOOR     "on" (default) or "off": whether Rasa's development REST door may be answered
"""

import logging
import os
from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from sqlalchemy.orm import Session, sessionmaker

from actions.identity import Caller, Trust, identify
from servicedesk.clients.database import catalogue_url, migrate_catalogue
from servicedesk.clients.registry import ClientDatabases
from servicedesk.clients.resolver import DoorResolver
from servicedesk.database import make_engine, make_session_factory
from servicedesk.identity.doors import rest_door_open
from servicedesk.service_catalogue import Service
from servicedesk.settings.current import desk_of
from servicedesk.settings.desk import ClientDesk
from servicedesk.uploads import defaults as upload_defaults
from servicedesk.uploads.config import UploadSettings

logger = logging.getLogger(__name__)
_override: sessionmaker[Session] | None = None
_kb_override: Callable[[str, int], list[Any]] | None = None
_kb_articles: Callable[[str], Any] | None = None
_registry: ClientDatabases | None = None
_catalogue: sessionmaker[Session] | None = None
_resolver: DoorResolver | None = None
_trust: Trust | None = None

# Rasa's REST webhook carries no workspace or tenant: it is the demo/default door, bound in the catalogue
# as ("rest", "default").
_REST_DOOR = ("rest", "default")


def _lookup() -> tuple[DoorResolver, ClientDatabases]:
    global _registry, _catalogue, _resolver
    if _registry is None or _catalogue is None or _resolver is None:
        url = catalogue_url()
        migrate_catalogue(url)
        _catalogue = make_session_factory(make_engine(url))
        _registry = ClientDatabases(_catalogue)
        _resolver = DoorResolver(_catalogue)
    return _resolver, _registry


def trust() -> Trust:
    """What this action server trusts, read once from the environment."""
    global _trust
    if _trust is None:
        _trust = Trust(door_secret=os.environ.get("RELAIS_DOOR_SECRET", ""),
                       rest_door=rest_door_open(os.environ.get("RELAIS_REST_DOOR")))
    return _trust


def caller(tracker: Tracker) -> Caller:
    """Who the message being answered comes from; raises actions.identity.IdentityRefused."""
    return identify(tracker, trust())


def client_slug(tracker: Tracker) -> str:
    """The client a conversation belongs to: the one the door's claims name, if still active, or the one
    bound to Rasa's REST door (ClientUnknown when none is, or it was deactivated)."""
    named = caller(tracker).client
    if _override is not None:
        return named or "default"
    resolver, _ = _lookup()
    if named is not None:
        resolver.check_active(named)
        return named
    return resolver.client_of(*_REST_DOOR)


def session_factory(tracker: Tracker) -> sessionmaker[Session]:
    """Sessions on the conversation's client database."""
    slug = client_slug(tracker)  # checks the caller even when tests replace the database
    if _override is not None:
        return _override
    return _lookup()[1].session_factory(slug)


def desk(session: Session) -> ClientDesk:
    """The client's rules in force (agreements, calendars, codes)."""
    return desk_of(db_session=session)


def uploads() -> UploadSettings | None:
    """What level 1 signs upload links with; None when this process cannot read the secret (no link offered,
    the conversation goes on)."""
    try:
        return upload_defaults.settings()
    except (OSError, ValueError):
        logger.warning("upload links unavailable: no secret could be read", exc_info=True)
        return None


def services(session: Session) -> tuple[Service, ...]:
    """The client's service catalogue, from its settings."""
    return desk(session).services


def kb_search(tracker: Tracker, query: str, k: int) -> list[Any]:
    """The conversation's client's knowledge base, best first (kb_index.SearchResult)."""
    slug = client_slug(tracker)
    if _kb_override is not None:
        return _kb_override(query, k)
    import kb_index  # loads the encoder on first use: the action server pays it once

    return kb_index.search(slug, query, k=k)


def kb_article(tracker: Tracker, doc_id: str) -> Any:
    """One article of the conversation's client's KB with its steps (kb_index.steps.Article); None if unknown
    or if the KB cannot be read now."""
    slug = client_slug(tracker)
    if _kb_override is not None:
        return _kb_articles(doc_id) if _kb_articles is not None else None
    try:
        import kb_index

        return kb_index.article(slug, doc_id)
    except Exception:
        logger.warning("knowledge base article unavailable", exc_info=True)
        return None


def use_kb(search: Callable[[str, int], list[Any]] | None, articles: Callable[[str], Any] | None = None) -> None:
    """Tests: answer KB searches with `search` and article lookups with `articles` (None: the real index)."""
    global _kb_override, _kb_articles
    _kb_override, _kb_articles = search, articles


def use_trust(value: Trust | None) -> None:
    """Tests: trust this secret and REST setting (None: read the environment again)."""
    global _trust
    _trust = value


def use_session_factory(factory: sessionmaker[Session] | None) -> None:
    """Point the actions at one database (tests), or back to the catalogue's lookup (None)."""
    global _override
    _override = factory
