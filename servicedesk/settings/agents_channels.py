"""Each client's agents' channel (settings: chat.agents), for a door that serves every client at once: which
clients a channel's messages belong to, where a card or a notice for a client goes.

Every message in any channel asks, so the answer is kept; for `ttl` seconds only, so that reloaded settings
are seen without a restart, as servicedesk.clients.resolver does for the doors. A client whose settings can't
be read now (none loaded, or its database is down) has no channel until the next reading.
"""

import logging
import time
from collections.abc import Callable, Iterable

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from servicedesk.errors import ServiceDeskError
from servicedesk.settings.current import desk_of
from servicedesk.settings.document import ChatPlace

logger = logging.getLogger(__name__)

DEFAULT_TTL = 60.0  # seconds a change of a client's agents' channel may go unseen


class AgentsChannels:
    """`clients()` names every client; `sessions(client)` opens that client's database."""

    def __init__(self, clients: Callable[[], Iterable[str]], sessions: Callable[[str], sessionmaker[Session]], *,
                 ttl: float = DEFAULT_TTL, clock: Callable[[], float] = time.monotonic) -> None:
        self._clients = clients
        self._sessions = sessions
        self._ttl = ttl
        self._clock = clock
        self._places: dict[str, ChatPlace] = {}
        self._read_at: float | None = None

    def of(self, client: str) -> ChatPlace | None:
        return self.all().get(client)

    def clients_at(self, team: str, channel: str) -> list[str]:
        """The clients whose agents read this channel (several clients may share one desk's channel)."""
        return [client for client, place in self.all().items()
                if place.slack_team == team and place.channel == channel]

    def all(self) -> dict[str, ChatPlace]:
        """Every client's channel, read again after `ttl` seconds."""
        fresh = self._read_at is not None and self._clock() - self._read_at < self._ttl
        if not fresh:
            places: dict[str, ChatPlace] = {}
            for client in self._clients():
                try:
                    with self._sessions(client)() as session:
                        agents = desk_of(db_session=session).settings.chat.agents
                except (ServiceDeskError, SQLAlchemyError) as error:
                    logger.warning("no settings for %s: %s", client, error)
                    continue
                if agents is not None:
                    places[client] = agents
            self._places, self._read_at = places, self._clock()
        return self._places
