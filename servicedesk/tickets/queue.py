"""The agents' queue at one client: its open tickets in the groups an agent works for, each with its running clocks
and the business time they have left, the nearest deadline first (issue 14, item 2).

Every clock is read by servicedesk.sla.clock_state, the supervisor's own arithmetic: a clock turns "warning" at the
warning share of its target (servicedesk.sla.clocks.WARNING_SHARE, the moment the supervisor fires its warning) and
"breached" past its target; a paused one (pending on the requester or a supplier) is "paused" whatever it has left.
Only the clocks an agent races are listed: SLA, OLA and UC times to own and to resolve, never a met or stopped one,
nor keep-in-loop (the supervisor keeps the requester informed by itself).

Two filters need a definition, from what a client's database holds:
- mine: the ticket's assignee is the agent (the actor id servicedesk.tickets.handling writes, "console:alice");
- waiting for me: the desk owes the next move. Either a takeover of its conversation waits for an agent (the user
  asked for a person and no one has answered the call yet), or the requester spoke last: a line of theirs in the
  ticket's log after it was opened (a follow-up, a reminder, a refused solution, a message of a live conversation)
  is newer than every line an agent wrote there. What the bot answers meanwhile ("where does my ticket stand?")
  is not an agent's answer.

Plain values in and out; the caller hands the client's agreements (their calendars) and the agent's groups, and
owns the session. `changes` and `waiting_conversations` are what a live screen polls: one small query each.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, RowMapping, ScalarSelect, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from servicedesk.conversations.models import Takeover
from servicedesk.errors import MalformedTicketNumber
from servicedesk.sla.clock_state import ClockRun, state_of
from servicedesk.sla.models import Clock
from servicedesk.sla.policy import Agreements
from servicedesk.tickets.lifecycle import OPEN
from servicedesk.tickets.models import LogEntry, Ticket
from servicedesk.tickets.numbering import find_number
from servicedesk.tickets.workload import in_groups

RACED = ("tto", "ttr")  # the metrics a queue shows; keep-in-loop is the supervisor's own business
_OPEN = [status.value for status in OPEN]
_KINDS = {"SLA": 0, "OLA": 1, "UC": 2}
# What a row shows, read as columns: a thousand tickets load in a fraction of the time whole ORM objects take.
_COLUMNS = (Ticket.id, Ticket.number, Ticket.title, Ticket.status, Ticket.pending_reason, Ticket.priority,
            Ticket.group_name, Ticket.major, Ticket.escalated, Ticket.external_ref, Ticket.assignee,
            Ticket.assignee_name, Ticket.created_at)


class Light(StrEnum):
    """Where a clock stands, as a queue colours it (and says it in words)."""

    OK = "ok"
    WARNING = "warning"  # at or past the warning share of its target
    BREACHED = "breached"  # past its target
    PAUSED = "paused"  # counts nothing for now (pending on the requester, on a supplier)


_WORST = {Light.BREACHED: 3, Light.WARNING: 2, Light.OK: 1, Light.PAUSED: 0}


@dataclass(frozen=True)
class QueueFilter:
    """What an agent narrows a queue to; the defaults show every open ticket they may see."""

    group: str | None = None  # the default group includes the tickets no group owns yet
    priority: str | None = None  # P1..P4
    status: str | None = None  # new, assigned, in_progress, pending
    mine: bool = False  # assigned to the agent
    waiting: bool = False  # waiting for an agent (module docstring)
    major: bool = False  # major incidents only
    search: str = ""  # a ticket number, an external reference, or words of the title or description


@dataclass(frozen=True)
class QueueClock:
    kind: str  # SLA, OLA, UC
    metric: str  # tto, ttr
    party: str | None  # the group an OLA binds, the supplier a UC binds
    light: Light
    left: timedelta  # business time left on the clock's calendar; negative once breached
    deadline: datetime | None  # running clocks only


@dataclass(frozen=True)
class QueueRow:
    number: str
    title: str
    status: str
    pending_reason: str | None
    priority: str
    group: str | None  # the owning group; the default group for a ticket no group owns yet
    major: bool
    escalated: bool
    external_ref: str | None
    assignee: str | None
    assignee_name: str | None
    waiting: bool  # waiting for an agent (module docstring)
    created_at: datetime
    clocks: tuple[QueueClock, ...]  # SLA, then OLA, then UC; time to own before time to resolve

    @property
    def deadline(self) -> datetime | None:
        """The nearest deadline of a running clock (a breached one's is already past)."""
        return min((clock.deadline for clock in self.clocks if clock.deadline is not None), default=None)

    @property
    def light(self) -> Light | None:
        """The worst of its clocks: what the row as a whole is coloured; None without a clock."""
        return max((clock.light for clock in self.clocks), key=_WORST.__getitem__, default=None)

    def clock(self, kind: str, metric: str) -> QueueClock | None:
        return next((clock for clock in self.clocks if (clock.kind, clock.metric) == (kind, metric)), None)

    def sort_key(self) -> tuple[int, float, str]:
        """Running clocks by their nearest deadline; then tickets whose clocks are all paused, the least time left
        first; then those without a clock, oldest first."""
        if self.deadline is not None:
            return 0, self.deadline.timestamp(), self.number
        if self.clocks:
            return 1, min(clock.left for clock in self.clocks).total_seconds(), self.number
        return 2, self.created_at.timestamp(), self.number


def open_queue(*, db_session: Session, agreements: Agreements, now: datetime, groups: Collection[str] = (),
               default_group: str | None = None, agent: str | None = None, filters: QueueFilter = QueueFilter(),
               limit: int | None = None) -> list[QueueRow]:
    """The open tickets of `groups` (none named: of every group) that pass the filters, the nearest deadline first
    (QueueRow.sort_key); `limit`: the first ones only. The database sorts them, from the deadlines the clocks store,
    so that only the clocks of the tickets listed are counted in business time. `agent` is whom "mine" means (an
    actor id); without one, "mine" keeps nothing."""
    nearest, least = _nearest_deadline(), _least_left()
    query = (select(*_COLUMNS, waiting_for_an_agent().label("waiting"))
             .where(*_kept(groups, default_group, agent, filters))
             .order_by(case((nearest.is_not(None), 0), (least.is_not(None), 1), else_=2), nearest, least,
                       Ticket.created_at, Ticket.number)
             .limit(limit))
    found = db_session.execute(query).mappings().all()
    running = _clocks(db_session, [ticket["id"] for ticket in found], agreements, now)
    rows = [_row(ticket, default_group, running.get(ticket["id"], [])) for ticket in found]
    return sorted(rows, key=QueueRow.sort_key)


def count_queue(*, db_session: Session, groups: Collection[str] = (), default_group: str | None = None,
                agent: str | None = None, filters: QueueFilter = QueueFilter()) -> int:
    """How many tickets open_queue lists without a limit."""
    query = select(func.count()).select_from(Ticket).where(*_kept(groups, default_group, agent, filters))
    return db_session.scalar(query) or 0


def _kept(groups: Collection[str], default_group: str | None, agent: str | None,
          filters: QueueFilter) -> list[ColumnElement[bool]]:
    return [Ticket.status.in_(_OPEN), in_groups(groups, default_group), *_narrowed(filters, default_group, agent)]


def _nearest_deadline() -> ScalarSelect[datetime | None]:
    """The ticket's nearest deadline of a running raced clock (QueueRow.deadline), as the database reads it."""
    return (select(func.min(Clock.deadline))
            .where(Clock.ticket_id == Ticket.id, Clock.stopped_at.is_(None), Clock.running_since.is_not(None),
                   Clock.metric.in_(RACED)).correlate(Ticket).scalar_subquery())


def _least_left() -> ScalarSelect[float]:
    """The least business time left of its paused raced clocks, in seconds: a paused clock's is what it banked."""
    return (select(func.min(Clock.target_seconds - Clock.spent_seconds))
            .where(Clock.ticket_id == Ticket.id, Clock.stopped_at.is_(None), Clock.running_since.is_(None),
                   Clock.metric.in_(RACED)).correlate(Ticket).scalar_subquery())


def waiting_for_an_agent() -> ColumnElement[bool]:
    """A ticket whose next move is the desk's (module docstring), as one condition on Ticket."""
    called = exists().where(Takeover.ticket_id == Ticket.id, Takeover.status == "waiting")
    opening, line = aliased(LogEntry), aliased(LogEntry)
    opened = (select(func.min(opening.id))
              .where(opening.ticket_id == Ticket.id, opening.author_kind == "system",
                     opening.kind.in_(("created", "imported"))).correlate(Ticket).scalar_subquery())
    said = (select(func.max(line.id))
            .where(line.ticket_id == Ticket.id, line.author_kind == "requester", line.id > func.coalesce(opened, 0))
            .correlate(Ticket).scalar_subquery())
    answered = (select(func.max(LogEntry.id))
                .where(LogEntry.ticket_id == Ticket.id, LogEntry.author_kind == "agent")
                .correlate(Ticket).scalar_subquery())
    return or_(called, and_(said.is_not(None), or_(answered.is_(None), said > answered)))


def waiting_conversations(*, db_session: Session, groups: Collection[str] = (),
                          default_group: str | None = None) -> int:
    """Conversations handed to a person and not taken yet, in these groups (none named: every group)."""
    query = (select(func.count()).select_from(Takeover).join(Ticket, Ticket.id == Takeover.ticket_id)
             .where(Takeover.status == "waiting", in_groups(groups, default_group)))
    return db_session.scalar(query) or 0


def changes(*, db_session: Session, now: datetime, groups: Collection[str] = (),
            default_group: str | None = None) -> tuple[object, ...]:
    """A mark that moves whenever what these groups' queue shows moves, but for the minutes ticking away: a ticket
    opened, changed or closed, a line in a log, a conversation waiting or taken, a clock crossing its warning or
    its target. One query; a live screen compares it with the last one it saw."""
    visible = and_(Ticket.status.in_(_OPEN), in_groups(groups, default_group))
    tickets = select(func.count(), func.max(Ticket.updated_at)).where(visible)
    logs = select(func.max(LogEntry.id)).join(Ticket, Ticket.id == LogEntry.ticket_id).where(visible)
    called = (select(func.count(), func.max(Takeover.id)).join(Ticket, Ticket.id == Takeover.ticket_id)
              .where(Takeover.status == "waiting", in_groups(groups, default_group)))
    crossed = (select(func.count(case((Clock.warn_at <= now, 1))), func.count(case((Clock.deadline <= now, 1))))
               .join(Ticket, Ticket.id == Clock.ticket_id)
               .where(visible, Clock.stopped_at.is_(None), Clock.running_since.is_not(None),
                      Clock.metric.in_(RACED)))
    marks: list[object] = []
    for query in (tickets, logs, called, crossed):
        marks.extend(db_session.execute(query).one())
    return tuple(marks)


def _narrowed(filters: QueueFilter, default_group: str | None, agent: str | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.group:
        conditions.append(in_groups([filters.group], default_group))
    if filters.priority:
        conditions.append(Ticket.priority == filters.priority)
    if filters.status:
        conditions.append(Ticket.status == filters.status)
    if filters.mine:
        conditions.append(Ticket.assignee == agent if agent else Ticket.id.is_(None))
    if filters.waiting:
        conditions.append(waiting_for_an_agent())
    if filters.major:
        conditions.append(Ticket.major.is_(True))
    if filters.search.strip():
        conditions.append(_search(filters.search.strip()))
    return conditions


def _search(text: str) -> ColumnElement[bool]:
    """Its number however typed (INC-000042, inc 42), its reference in the client's previous tool, or every word
    in its title or description (case aside)."""
    found: list[ColumnElement[bool]] = [func.lower(Ticket.external_ref) == text.lower()]
    try:
        number = find_number(text)
    except MalformedTicketNumber:
        number = None
    if number is not None:
        found.append(Ticket.number == number)
    words = [_like(word) for word in text.split()]
    found.append(and_(*(or_(Ticket.title.ilike(word, escape="\\"), Ticket.description.ilike(word, escape="\\"))
                        for word in words)))
    return or_(*found)


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _clocks(db_session: Session, ticket_ids: list[int], agreements: Agreements,
            now: datetime) -> dict[int, list[QueueClock]]:
    """The clocks still counting (running or paused) of these tickets, in business time on their calendars."""
    by_ticket: dict[int, list[QueueClock]] = {}
    for start in range(0, len(ticket_ids), 500):  # under every database's limit of bound parameters
        query = select(Clock).where(Clock.ticket_id.in_(ticket_ids[start:start + 500]), Clock.stopped_at.is_(None),
                                    Clock.metric.in_(RACED))
        for clock in db_session.scalars(query):
            state = state_of(clock, agreements, now)
            light = (Light.PAUSED if state.run is ClockRun.PAUSED else Light.BREACHED if state.breached
                     else Light.WARNING if state.warning else Light.OK)
            by_ticket.setdefault(clock.ticket_id, []).append(QueueClock(
                kind=state.kind, metric=state.metric, party=state.party, light=light, left=state.left,
                deadline=state.deadline))
    for listed in by_ticket.values():
        listed.sort(key=lambda clock: (_KINDS.get(clock.kind, 9), RACED.index(clock.metric), clock.party or ""))
    return by_ticket


def _row(ticket: RowMapping, default_group: str | None, clocks: list[QueueClock]) -> QueueRow:
    return QueueRow(number=ticket["number"] or "", title=ticket["title"], status=ticket["status"],
                    pending_reason=ticket["pending_reason"], priority=ticket["priority"],
                    group=ticket["group_name"] or default_group, major=ticket["major"], escalated=ticket["escalated"],
                    external_ref=ticket["external_ref"], assignee=ticket["assignee"],
                    assignee_name=ticket["assignee_name"], waiting=bool(ticket["waiting"]),
                    created_at=ticket["created_at"], clocks=tuple(clocks))
