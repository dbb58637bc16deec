"""Everything an agent reads of one ticket before acting on it (the console's ticket page): the ticket with its
log, history and attachments; where its clocks stand; the problem it is linked to and the known errors offered
under it; what level 1 already tried from the knowledge base, so that nobody proposes it again; and, for a problem,
the incidents under it.

Read in the caller's session; the rows stay attached to it, so the caller draws them before closing it.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.sla.clock_state import ClockState, clock_states
from servicedesk.sla.policy import Agreements
from servicedesk.tickets.models import Attachment, HistoryEntry, LogEntry, Ticket
from servicedesk.tickets.service import get_by_number

KB_FIX = "kb_fix"  # the log lines of servicedesk.tickets.kb_resolution: a KB fix tried, failed or worked


@dataclass(frozen=True)
class Dossier:
    ticket: Ticket
    clocks: list[ClockState]
    problem: Ticket | None  # the problem ticket it is linked to
    known_errors: list[HistoryEntry]  # the problem's workarounds offered to it (new: the problem, reason: the text)
    tried: list[LogEntry]  # the KB fixes level 1 proposed, in order
    kb_articles: list[Attachment]  # the articles a fix came from
    incidents: list[Ticket]  # a problem's incidents

    @property
    def conversation(self) -> list[LogEntry]:
        """The log in order, less the KB attempts shown on their own."""
        return [entry for entry in self.ticket.log if entry.kind != KB_FIX]


def read(*, db_session: Session, number: str, agreements: Agreements | None, now: datetime) -> Dossier:
    """The ticket with this number (TicketNotFound otherwise); no clocks when the client has no rules loaded."""
    ticket = get_by_number(db_session=db_session, number=number)
    problem = db_session.get(Ticket, ticket.problem_id) if ticket.problem_id is not None else None
    incidents = (list(db_session.scalars(select(Ticket).where(Ticket.problem_id == ticket.id).order_by(Ticket.id)))
                 if ticket.type == "problem" else [])
    clocks = [] if agreements is None else clock_states(db_session=db_session, ticket_id=ticket.id,
                                                        agreements=agreements, now=now)
    return Dossier(ticket=ticket, clocks=clocks, problem=problem,
                   known_errors=[entry for entry in ticket.history if entry.field == "known_error"],
                   tried=[entry for entry in ticket.log if entry.kind == KB_FIX],
                   kb_articles=[attachment for attachment in ticket.attachments if attachment.kind == "kb"],
                   incidents=incidents)
