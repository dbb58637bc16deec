"""What the agents' tools read of a takeover, and where its card is: who holds the conversation (for a click on
the card or a reply in its thread), what the card shows (the ticket, what the KB already tried, the conversation
so far, where the takeover stands), and the card's place, kept once whatever the number of replicas posting it.

Plain values come out, read in the caller's session, so that an adapter draws them after the session is gone.
Their language is the one the agents' tools speak: the ticket's when it is French or English, else the client's
language (its settings' `client.language`, which the caller reads and passes, as for every other default).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.conversations.models import Takeover
from servicedesk.conversations.service import place_card, takeover_by_card
from servicedesk.language import ENGLISH, FRENCH, Language
from servicedesk.sla.policy import sla_deadline
from servicedesk.tickets.models import LogEntry
from servicedesk.tickets.service import LogLine


@dataclass(frozen=True)
class Holder:
    """Who has a takeover now, and what a modal about it needs."""

    id: int
    status: str  # waiting, taken, ended
    agent: str | None
    agent_name: str | None
    number: str
    service: str
    language: Language
    card: dict[str, Any]  # where its card was posted ({} before)

    @classmethod
    def of(cls, takeover: Takeover, client_language: Language) -> "Holder":
        ticket = takeover.ticket
        return cls(takeover.id, takeover.status, takeover.agent, takeover.agent_name, ticket.number or "",
                   ticket.service, _language(ticket.language, client_language), dict(takeover.card or {}))


@dataclass(frozen=True)
class CardReading:
    """A takeover as its card shows it, read in one session."""

    holder: Holder
    title: str
    requester: str
    priority: str
    origin: str  # incident, service_request, reminder...
    group: str | None
    reason: str
    deadline: datetime | None
    tried: tuple[str, ...]  # the KB fixes the user already tried
    transcript: tuple[LogLine, ...]  # the conversation, without the KB fixes
    at: datetime | None  # when it was taken, or ended
    outcome: str | None  # handed_back, resolved
    resolution_code: str | None
    last_log_id: int  # the card shows the ticket's log up to this line, once it is posted


def get_holder(*, db_session: Session, takeover_id: int, client_language: Language) -> Holder | None:
    """None for a takeover that is not there (a card of a database since rebuilt, or a forged payload)."""
    takeover = db_session.get(Takeover, takeover_id)
    return None if takeover is None else Holder.of(takeover, client_language)


def get_holder_by_card(*, db_session: Session, card_key: str, client_language: Language) -> Holder | None:
    """The takeover whose card is at `card_key` (place_card_once's), if it is this client's."""
    takeover = takeover_by_card(db_session=db_session, card_key=card_key)
    return None if takeover is None else Holder.of(takeover, client_language)


def read_card(*, db_session: Session, takeover_id: int, client_language: Language) -> CardReading | None:
    """Once the card is posted it keeps showing the conversation until then: later lines go to its thread."""
    takeover = db_session.get(Takeover, takeover_id)
    if takeover is None:
        return None
    holder, ticket = Holder.of(takeover, client_language), takeover.ticket
    query = select(LogEntry).where(LogEntry.ticket_id == ticket.id).order_by(LogEntry.id)
    if holder.card.get("log_id"):
        query = query.where(LogEntry.id <= holder.card["log_id"])
    log = list(db_session.scalars(query))
    return CardReading(
        holder=holder, title=ticket.title, requester=ticket.requester, priority=ticket.priority,
        origin=ticket.origin, group=ticket.group_name, reason=takeover.reason,
        deadline=sla_deadline(db_session=db_session, ticket=ticket),
        tried=tuple(entry.body for entry in log if entry.kind == "kb_fix"),
        transcript=tuple(LogLine(entry.author_kind, entry.author, entry.body, entry.at) for entry in log
                         if entry.kind != "kb_fix"),
        at=takeover.ended_at or takeover.taken_at, outcome=takeover.outcome, resolution_code=ticket.resolution_code,
        last_log_id=max((entry.id for entry in log), default=0))


def place_card_once(*, db_session: Session, takeover_id: int, card: dict[str, Any], card_key: str) -> bool:
    """Keep where the card was posted; False when the takeover already has a card (another replica was
    quicker: the row is locked meanwhile) or is gone, and the caller's card is one too many."""
    takeover = db_session.get(Takeover, takeover_id, with_for_update=True)
    if takeover is None or takeover.card:
        return False
    place_card(takeover=takeover, card=card, card_key=card_key)
    return True


def _language(language: str | None, client_language: Language) -> Language:
    """Unlike a user, whom a third language is answered in English (servicedesk.language.language_of), the
    agents read the client's language: a ticket in neither of Relais's languages is shown in theirs."""
    return FRENCH if language == FRENCH else ENGLISH if language == ENGLISH else client_language
