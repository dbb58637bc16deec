"""What the console's live pages watch (console/routes/queue.py's event stream): for each client an agent works
on, a mark that moves whenever its queue in the agent's groups moves (servicedesk.tickets.queue.changes), and the
conversations waiting for an agent.

The console is a process of its own, apart from the doors and the SLA supervisor that change the tickets, so it
learns of their changes by asking the client databases: each page's stream polls every few seconds, and a `Watch`
shared by the process reads each client and set of groups at most once per `ttl`, however many agents watch it.
Nothing is kept between two reads but these few numbers, so every replica of the console can do the same.
"""

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from cachetools import TTLCache
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from servicedesk.calendar import BusinessCalendar
from servicedesk.clients.registry import ClientDatabases
from servicedesk.errors import NoSettingsLoaded
from servicedesk.settings.current import desk_if_loaded
from servicedesk.sla.policy import Agreements, Target
from servicedesk.tickets.queue import changes, waiting_conversations

logger = logging.getLogger(__name__)
Grants = Mapping[str, tuple[str, tuple[str, ...]]]  # an agent's clients: slug → (name, groups; none: all)


class _Unconfigured:
    """A client without settings yet: no targets, and the clocks it may hold counted round the clock."""

    reopen_window_days = 0
    approval_pauses_sla = True

    def targets(self, *, ticket_type: str, priority: str, kind: str, group: str | None = None,
                supplier: str | None = None) -> list[Target]:
        return []

    def calendar(self, name: str) -> BusinessCalendar:
        return BusinessCalendar.always_open()

    def check_closure_codes(self, *, category: str | None, cause_code: str | None,
                            resolution_code: str | None) -> None:
        raise NoSettingsLoaded()


def rules_of(db_session: Session) -> tuple[Agreements, str | None, tuple[str, ...]]:
    """The client's agreements, default group and support groups in force."""
    desk = desk_if_loaded(db_session=db_session)
    if desk is None:
        return _Unconfigured(), None, ()
    return desk, desk.default_group, tuple(group.name for group in desk.settings.groups)


def digest(marks: list[tuple[str, tuple[object, ...]]], now: datetime) -> str:
    """One short string for the clients' marks and the minute: the minutes left change every minute too."""
    text = repr((marks, int(now.timestamp() // 60)))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Watch:
    def __init__(self, registry: ClientDatabases, clock: Callable[[], datetime], ttl: float) -> None:
        self._registry, self._clock = registry, clock
        self._marks: TTLCache[tuple[str, tuple[str, ...]], tuple[object, ...]] = TTLCache(maxsize=4096, ttl=ttl)
        self._waiting: TTLCache[tuple[str, tuple[str, ...]], int] = TTLCache(maxsize=4096, ttl=ttl)
        self._lock = threading.Lock()

    def mark(self, clients: Grants, slugs: Iterable[str]) -> str:
        """The mark of these clients' queues in the agent's groups (`clients`, its grants; slugs checked)."""
        now, marks = self._clock(), []
        for slug in slugs:
            key = (slug, clients[slug][1])
            with self._lock:
                found = self._marks.get(key)
            if found is None:
                with self._registry.session_factory(slug)() as db_session:
                    _, default_group, _ = rules_of(db_session)
                    found = changes(db_session=db_session, now=now, groups=key[1], default_group=default_group)
                with self._lock:
                    self._marks[key] = found
            marks.append((slug, found))
        return digest(marks, now)

    def waiting(self, clients: Grants) -> int:
        """Conversations waiting for an agent at every client of `clients` (an agent's grants), in its groups."""
        total = 0
        for slug, (_, groups) in clients.items():
            key = (slug, groups)
            with self._lock:
                found = self._waiting.get(key)
            if found is None:
                try:
                    with self._registry.session_factory(slug)() as db_session:
                        _, default_group, _ = rules_of(db_session)
                        found = waiting_conversations(db_session=db_session, groups=groups,
                                                      default_group=default_group)
                except SQLAlchemyError as error:  # one client's database down: the others are still counted
                    logger.warning("waiting conversations of %s not counted: %s", slug, error)
                    continue
                with self._lock:
                    self._waiting[key] = found
            total += found
        return total
