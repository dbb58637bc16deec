"""What an agents' screen reads of the live conversations of one client: the handoffs waiting for a person and
those the agent holds, and one conversation with its transcript (the user's messages, the bot's turns, the agents'
messages and notes, the takeover's steps, in the order of the ticket's log).

Plain values come out, read in the caller's session. `groups` are the support groups an agent works for (empty:
all of them): a conversation of a ticket outside them is not theirs to see, as if it did not exist. A screen that
follows a conversation live asks again for the lines after the last one it has (`after`): the log's ids only grow,
so polling the client's database is enough across processes (the doors write, the console reads). An agent's
message the user's channel refused so far is read from the outbox, where it waits to be sent again.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from servicedesk.conversations.models import Conversation, Takeover
from servicedesk.conversations.service import ACTIVE
from servicedesk.notifications.models import Notification
from servicedesk.tickets.models import LogEntry, Ticket


@dataclass(frozen=True)
class LiveItem:
    """A takeover as a list shows it."""

    takeover_id: int
    conversation: str
    status: str  # waiting, taken, ended
    agent: str | None
    agent_name: str | None
    number: str
    title: str
    service: str
    priority: str
    group: str | None
    channel: str
    reason: str
    requested_at: datetime
    outcome: str | None


@dataclass(frozen=True)
class Line:
    id: int
    at: datetime
    author_kind: str  # requester, bot, agent, system
    author: str
    kind: str  # message, note (internal), takeover (a step), ...
    body: str


@dataclass(frozen=True)
class Undelivered:
    """An agent's message the user's channel refused so far: the doors try it again."""

    text: str
    error: str


@dataclass(frozen=True)
class LiveConversation:
    item: LiveItem
    requester: str
    language: str
    ticket_status: str
    lines: tuple[Line, ...]
    undelivered: tuple[Undelivered, ...] = ()


def active(*, db_session: Session, groups: Collection[str] = ()) -> list[LiveItem]:
    """Every takeover waiting or taken, of these groups' tickets, oldest request first."""
    query = (select(Takeover).join(Takeover.ticket).where(Takeover.status.in_(ACTIVE))
             .options(selectinload(Takeover.ticket)).order_by(Takeover.requested_at, Takeover.id))
    if groups:
        query = query.where(Ticket.group_name.in_(list(groups)))
    return [_item(db_session, takeover) for takeover in db_session.scalars(query)]


def get(*, db_session: Session, conversation: str, groups: Collection[str] = (),
        after: int = 0) -> LiveConversation | None:
    """The conversation's latest takeover with the transcript lines after `after`; None when it never went to a
    person, or its ticket is outside `groups`."""
    takeover = db_session.scalar(select(Takeover).where(Takeover.conversation_key == conversation)
                                 .order_by(Takeover.id.desc()).limit(1))
    if takeover is None or (groups and takeover.ticket.group_name not in groups):
        return None
    ticket = takeover.ticket
    query = select(LogEntry).where(LogEntry.ticket_id == ticket.id, LogEntry.id > after).order_by(LogEntry.id)
    lines = tuple(Line(entry.id, entry.at, entry.author_kind, entry.author, entry.kind, entry.body)
                  for entry in db_session.scalars(query))
    waiting = select(Notification).where(Notification.ticket_id == ticket.id, Notification.event == "agent_message",
                                         Notification.delivered_at.is_(None), Notification.last_error.is_not(None))
    undelivered = tuple(Undelivered(str(row.payload.get("text") or ""), row.last_error or "")
                        for row in db_session.scalars(waiting.order_by(Notification.id)))
    return LiveConversation(item=_item(db_session, takeover), requester=ticket.requester, language=ticket.language,
                            ticket_status=ticket.status, lines=lines, undelivered=undelivered)


def _item(db_session: Session, takeover: Takeover) -> LiveItem:
    ticket = takeover.ticket
    channel = db_session.scalar(select(Conversation.channel).where(Conversation.key == takeover.conversation_key))
    return LiveItem(takeover_id=takeover.id, conversation=takeover.conversation_key, status=takeover.status,
                    agent=takeover.agent, agent_name=takeover.agent_name, number=ticket.number or "",
                    title=ticket.title, service=ticket.service, priority=ticket.priority, group=ticket.group_name,
                    channel=channel or ticket.channel, reason=takeover.reason, requested_at=takeover.requested_at,
                    outcome=takeover.outcome)
