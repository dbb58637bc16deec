"""A client's database with people in it, for the retention and the subject tests (SQLite and PostgreSQL)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from servicedesk.conversations import service as conversations
from servicedesk.nlu_inbox.models import UnsureMessage
from servicedesk.tickets import workflow
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, LogLine, add_log, open_incident
from tests.servicedesk.desk import Desk

DESK = Desk()
NOW = datetime(2027, 6, 1, 12, tzinfo=UTC)
CODES = dict(category="software", cause_code="config", resolution_code="fixed", solution="Profil Outlook recréé")


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


@dataclass
class Person:
    requester: str
    email: str | None
    conversation: str
    channel: str = "slack"


MARIE = Person("slack:T1:U1", "marie.durand@client.example", "slack:T1:D1")
PAUL = Person("teams:t1:paul", "paul.martin@client.example", "teams:t1:c-paul", "teams")


def talk(session: Session, person: Person, when: datetime, text: str) -> None:
    """The person writes: their conversation remembered, the message journalled, and kept by the NLU inbox."""
    conversations.remember(db_session=session, key=person.conversation, channel=person.channel,
                           requester=person.requester, address={"channel": person.conversation}, now=when)
    conversations.journal(db_session=session, channel=person.channel, event_key=f"{person.conversation}:{when}",
                          conversation_key=person.conversation, requester=person.requester, text=text, now=when)
    session.add(UnsureMessage(conversation_id=person.conversation, message_key=f"m:{when.isoformat()}", text=text,
                              intent="nlu_fallback", confidence=0.3, language="fr", received_at=when))


def open_for(session: Session, person: Person, when: datetime, description: str = "Outlook plante au démarrage",
             **fields: str) -> Ticket:
    report = IncidentReport(service="Outlook", description=description, impact=3, urgency=3,
                            requester=person.requester, requester_email=person.email, channel=person.channel,
                            conversation_id=person.conversation, language="fr",
                            error_message=fields.pop("error_message", "0x800CCC0E"),
                            device=fields.pop("device", "PC-LYON-0042, bureau 3.12"),
                            evidence=("https://files.client.example/trace.log",), **fields)
    transcript = [LogLine("requester", person.requester, description, when),
                  LogLine("bot", "relais", f"Merci {person.email}, je regarde.", when)]
    ticket = open_incident(db_session=session, report=report, transcript=transcript, agreements=DESK, now=when)
    ticket.created_at = when
    return ticket


def close(session: Session, ticket: Ticket, when: datetime, person: Person) -> None:
    workflow.resolve(db_session=session, ticket=ticket, actor="agent:lea", agreements=DESK, now=when, **CODES)
    workflow.close(db_session=session, ticket=ticket, actor=person.requester, by="requester", agreements=DESK,
                   now=when)
    workflow.rate(db_session=session, ticket=ticket, rating=4, comment="Merci Léa, ça marche", actor=person.requester)
    add_log(db_session=session, ticket=ticket, line=LogLine("requester", person.requester, "c'est réparé", when))
