"""A public reply reaches the requester through the outbox, in the ticket's channel, and restarts their
keep-in-loop clock; an internal note stays in the log — on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.sla.models import Clock
from servicedesk.tickets import replies
from servicedesk.tickets.service import IncidentReport, open_incident
from tests.servicedesk.desk import Desk

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
DESK = Desk()


def test_a_reply_is_queued_to_the_requester_and_a_note_to_nobody(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = open_incident(db_session=session, report=IncidentReport(
            service="VPN", description="VPN coupe", impact=3, urgency=2, requester="webchat:alpha:u1",
            channel="webchat", conversation_id="webchat:alpha:u1", language="fr"), agreements=DESK, now=NOW)
        note = replies.note(db_session=session, ticket=ticket, author="console:alice", text=" user is on leave ")
        assert (note.kind, note.author_kind, note.body) == ("comment", "agent", "user is on leave")
        session.flush()
        assert session.scalars(select(Notification)).all() == []

        later = NOW + timedelta(hours=2)
        entry = replies.reply(db_session=session, ticket=ticket, author="console:alice", author_name="Alice",
                              text="Pouvez-vous redémarrer ?", agreements=DESK, now=later)
        replies.reply(db_session=session, ticket=ticket, author="console:alice", author_name="Alice",
                      text="Pouvez-vous redémarrer ?", agreements=DESK, now=later)  # said twice, sent twice
        assert (entry.kind, entry.author) == ("reply", "console:alice")
        rows = session.scalars(select(Notification).order_by(Notification.id)).all()
        assert [(r.event, r.audience, r.recipient, r.channel, r.language) for r in rows] == [
            ("agent_reply", "requester", "webchat:alpha:u1", "webchat", "fr")] * 2
        assert rows[0].payload == {"number": ticket.number, "agent": "Alice", "text": "Pouvez-vous redémarrer ?"}
        loop = session.scalar(select(Clock).where(Clock.ticket_id == ticket.id, Clock.metric == "keep_in_loop"))
        assert loop.spent_seconds == 0 and loop.running_since == later
        assert [line.kind for line in ticket.log] == ["created", "comment", "reply", "reply"]
