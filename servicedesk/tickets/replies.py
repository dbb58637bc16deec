"""What an agent writes on a ticket, by any tool (the console, the REST API): a public reply, which reaches the
requester in their own channel, or an internal note, which never leaves the desk.

A reply is a log line and an outbox row written together (servicedesk.notifications): the doors deliver the row to
the conversation the requester last used on the ticket's channel — their Slack DM, their Teams chat, their web chat
— at least once, retried when the channel fails. Hearing from us restarts their keep-in-loop clock, as every notice
to them does. A note is only a log line, of the kind the REST API's comments have always been ("comment"): nothing
is queued for anyone, and no screen of the requester's shows it.

A live conversation taken over from the agents' card is another thing: there the agent's words go straight to the
user, in turn with theirs (bot.handoff.Handoff.agent_says).
"""

from datetime import datetime

from sqlalchemy.orm import Session

from servicedesk.models import utcnow
from servicedesk.notifications.service import notify
from servicedesk.sla import policy
from servicedesk.sla.policy import Agreements
from servicedesk.tickets.models import LogEntry, Ticket
from servicedesk.tickets.service import LogLine, add_log

REPLY, NOTE = "reply", "comment"  # the log kinds: what the requester was told, what only the desk reads


def reply(*, db_session: Session, ticket: Ticket, author: str, author_name: str, text: str,
          agreements: Agreements, now: datetime | None = None) -> LogEntry:
    """The agent's answer, in the ticket's log and queued to its requester (event "agent_reply")."""
    now = now or utcnow()
    entry = add_log(db_session=db_session, ticket=ticket, line=LogLine("agent", author, text.strip(), now),
                    kind=REPLY)
    db_session.flush()  # the line's id makes the outbox row's key: one row per reply, whatever the retries
    notify(db_session=db_session, dedup_key=f"agent_reply:{ticket.id}:{entry.id}", event="agent_reply",
           audience="requester", recipient=ticket.requester, ticket_id=ticket.id, channel=ticket.channel,
           language=ticket.language, payload={"number": ticket.number, "agent": author_name, "text": entry.body})
    policy.on_requester_informed(db_session=db_session, ticket=ticket, agreements=agreements, now=now)
    return entry


def note(*, db_session: Session, ticket: Ticket, author: str, text: str, now: datetime | None = None) -> LogEntry:
    """A note for the desk only: in the log, never queued to the requester."""
    return add_log(db_session=db_session, ticket=ticket, line=LogLine("agent", author, text.strip(), now or utcnow()),
                   kind=NOTE)
