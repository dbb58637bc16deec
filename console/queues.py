"""The console's reading of the queues: servicedesk.tickets.queue at each client the agent works on, with the
client's agreements and default group from its settings and the agent's groups from its grants, merged into one
list, the nearest deadline first, with the mark the live page starts from (console/live.py).

Only clients the agent works on are read: the callers check a slug before it reaches here.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from console.live import digest, rules_of
from console.state import Console
from servicedesk.accounts.service import Agent
from servicedesk.tickets.queue import QueueFilter, QueueRow, changes, count_queue, open_queue


@dataclass(frozen=True)
class Listed:
    """One row of a queue, with the client it belongs to."""

    slug: str
    client: str
    row: QueueRow


@dataclass(frozen=True)
class Queue:
    rows: list[Listed]  # the nearest deadlines first, as many as asked
    total: int  # how many tickets pass the filters, listed or not
    groups: tuple[str, ...]  # what the group filter offers: the groups the agent works for at these clients
    mark: str  # what the live page compares with the marks its stream sends


def read(console: Console, agent: Agent, slugs: Iterable[str], filters: QueueFilter,
         limit: int | None = None) -> Queue:
    """The queue of these clients of the agent's (checked by the caller), filtered; `limit`: its first rows only
    (each client's first ones, merged, are enough to find them)."""
    now = console.clock()
    listed: list[Listed] = []
    total = 0
    offered: list[str] = []
    marks: list[tuple[str, tuple[object, ...]]] = []
    for slug in slugs:
        name, granted = agent.clients[slug]
        with console.registry.session_factory(slug)() as db_session:
            agreements, default_group, groups = rules_of(db_session)
            rows = open_queue(db_session=db_session, agreements=agreements, now=now, groups=granted,
                              default_group=default_group, agent=agent.actor, filters=filters, limit=limit)
            total += count_queue(db_session=db_session, groups=granted, default_group=default_group,
                                 agent=agent.actor, filters=filters) if limit is not None else len(rows)
            marks.append((slug, changes(db_session=db_session, now=now, groups=granted, default_group=default_group)))
        listed.extend(Listed(slug, name, row) for row in rows)
        offered.extend(group for group in (granted or groups) if group not in offered)
    listed.sort(key=lambda entry: entry.row.sort_key())
    return Queue(rows=listed[:limit], total=total, groups=tuple(offered), mark=digest(marks, now))


def left_text(left: timedelta) -> str:
    """Business time left as an agent reads it: "2 h 15 min", "35 min", "−35 min" once breached (whole minutes,
    towards zero)."""
    minutes = int(abs(left.total_seconds()) // 60)
    hours, minutes = divmod(minutes, 60)
    text = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
    return ("−" if left.total_seconds() <= -60 else "") + text
