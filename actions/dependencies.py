"""Everything the actions need from the outside world, built once on first use.

Each conversation belongs to a client, found from the channel it came through (the catalogue's channel
bindings); its tickets live in that client's database and follow that client's settings. Tests replace
the whole lookup with `use_session_factory`; actions never read configuration or open connections
themselves.
"""

import logging
from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from sqlalchemy.orm import Session, sessionmaker

from actions import channel_context
from servicedesk.clients.database import catalogue_url, migrate_catalogue
from servicedesk.clients.registry import ClientDatabases
from servicedesk.clients.service import resolve_channel
from servicedesk.database import make_engine, make_session_factory
from servicedesk.kb_resolution import lesson_of
from servicedesk.services import Service
from servicedesk.settings.current import desk_of
from servicedesk.settings.desk import ClientDesk
from servicedesk.tickets.models import Ticket

logger = logging.getLogger(__name__)
_override: sessionmaker[Session] | None = None
_kb_override: Callable[[str, int], list[Any]] | None = None
_kb_fed: list[Any] = []
_registry: ClientDatabases | None = None
_catalogue: sessionmaker[Session] | None = None
_slugs: dict[tuple[str, str], str] = {}

# Rasa's REST webhook carries no workspace or tenant: it is the demo/default door, bound in the catalogue
# as ("rest", "default"). The Slack and Teams doors of bot/ will pass their workspace or tenant.
_CHANNEL_KINDS = {"rest": "rest"}


def _lookup() -> tuple[sessionmaker[Session], ClientDatabases]:
    global _registry, _catalogue
    if _registry is None or _catalogue is None:
        url = catalogue_url()
        migrate_catalogue(url)
        _catalogue = make_session_factory(make_engine(url))
        _registry = ClientDatabases(_catalogue)
    return _catalogue, _registry


def client_slug(tracker: Tracker) -> str:
    """The client a conversation belongs to (ClientUnknown when its channel is bound to none).

    bot/ names it (resolved from the Slack workspace, Teams tenant or web-chat key); Rasa's own doors
    use their binding."""
    named = channel_context.client(tracker)
    if named is not None:
        return named
    channel = tracker.get_latest_input_channel() or "rest"
    key = (_CHANNEL_KINDS.get(channel, channel), "default")
    if key not in _slugs:
        catalogue, _ = _lookup()
        with catalogue() as session:
            _slugs[key] = resolve_channel(db_session=session, kind=key[0], external_id=key[1]).slug
    return _slugs[key]


def session_factory(tracker: Tracker) -> sessionmaker[Session]:
    """Sessions on the conversation's client database."""
    if _override is not None:
        return _override
    return _lookup()[1].session_factory(client_slug(tracker))


def desk(session: Session) -> ClientDesk:
    """The client's rules in force (agreements, calendars, codes)."""
    return desk_of(db_session=session)


def services(session: Session) -> tuple[Service, ...]:
    """The client's service catalogue, from its settings."""
    return desk(session).services


def kb_search(tracker: Tracker, query: str, k: int) -> list[Any]:
    """The conversation's client's knowledge base, best first (kb_index.SearchResult)."""
    if _kb_override is not None:
        return _kb_override(query, k)
    import kb_index  # loads the encoder on first use: the action server pays it once

    return kb_index.search(client_slug(tracker), query, k=k)


def resolved_ticket_document(ticket: Ticket) -> Any:
    """What a resolved ticket teaches the KB (built inside the transaction, fed after it)."""
    from kb_index import ticket_document

    return ticket_document(**lesson_of(ticket))


def feed_kb(tracker: Tracker, document: Any) -> None:
    """Add a resolved ticket to the client's KB; a failure is logged (the nightly rebuild catches up)."""
    try:
        if _kb_override is not None:
            _kb_fed.append(document)
            return
        import kb_index

        kb_index.upsert(client_slug(tracker), document)
    except Exception:
        logger.warning("could not feed the knowledge base", exc_info=True)


def use_kb(search: Callable[[str, int], list[Any]] | None) -> list[Any]:
    """Tests: answer KB searches with `search` (None: the real index); returns the list fed documents go to."""
    global _kb_override
    _kb_override = search
    _kb_fed.clear()
    return _kb_fed


def use_session_factory(factory: sessionmaker[Session] | None) -> None:
    """Point the actions at one database (tests), or back to the catalogue's lookup (None)."""
    global _override
    _override = factory
