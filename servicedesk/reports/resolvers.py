"""Who resolved each ticket: the bot, from the client's KB in the chat (the history names
servicedesk.tickets.kb_resolution.RESOLVER as the actor of the resolution), or an agent — of level 1 when the
ticket stood at level 1 when resolved, else of level 2 (level 2 and the experts above it: the desk's second line).

The latest resolution counts, as in the report: a fix the bot proposed and the user later refused, resolved
again by an agent, is the agent's."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.tickets.kb_resolution import RESOLVER
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import HistoryEntry, Ticket

BOT, LEVEL1, LEVEL2 = "bot", "level1", "level2"
RESOLVERS = (BOT, LEVEL1, LEVEL2)


def who_resolved(*, db_session: Session, tickets: Sequence[Ticket]) -> dict[int, str]:
    """BOT, LEVEL1 or LEVEL2 for each of these resolved tickets, by id."""
    by_id = {ticket.id: ticket for ticket in tickets}
    actors: dict[int, str] = {}
    query = (select(HistoryEntry.ticket_id, HistoryEntry.actor)
             .where(HistoryEntry.field == "status", HistoryEntry.new == Status.RESOLVED.value,
                    HistoryEntry.ticket_id.in_(list(by_id)))
             .order_by(HistoryEntry.at, HistoryEntry.id))
    for ticket_id, actor in db_session.execute(query):
        actors[ticket_id] = actor  # the latest resolution wins
    return {ticket_id: BOT if actors.get(ticket_id) == RESOLVER else LEVEL1 if ticket.level <= 1 else LEVEL2
            for ticket_id, ticket in by_id.items()}
