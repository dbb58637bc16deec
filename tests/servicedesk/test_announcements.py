"""Announcements reach the announcement channel and, when targeted, the users of affected services;
updates and the end go to the same thread."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from servicedesk.announcements import service as announcements
from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.tickets.service import IncidentReport, open_incident

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def report(session, requester: str, service: str, channel: str, language: str = "fr") -> None:
    open_incident(db_session=session, report=IncidentReport(
        service=service, description="ne marche pas", impact=3, urgency=3, requester=requester, channel=channel,
        conversation_id=requester, language=language))


def test_a_targeted_planned_change_with_an_update_and_an_end(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        report(session, "alice", "SAP", "slack")
        report(session, "bob", "SAP", "msteams")
        report(session, "carol", "VPN", "rest")
        change = announcements.create(db_session=session, client_language="fr",
                                      kind="planned_change", title="Mise à jour SAP",
                                      body="SAP indisponible samedi 8h-12h", services=["SAP"],
                                      starts_at=NOW + timedelta(days=5), ends_at=NOW + timedelta(days=5, hours=4),
                                      targeted=True)
        assert [a.id for a in announcements.get_active(db_session=session, now=NOW)] == [change.id]
        announcements.update(db_session=session, announcement=change, body="Décalé à 9h", client_language="fr")
        announcements.update(db_session=session, announcement=change, body="Terminé", final=True, client_language="fr")
        assert announcements.get_active(db_session=session, now=NOW) == []
    with session_factory() as session:
        notices = session.scalars(select(Notification).order_by(Notification.id)).all()
    assert [(n.event, n.recipient, n.channel) for n in notices] == [
        ("announcement", "announcements", None), ("announcement", "alice", "slack"), ("announcement", "bob", "msteams"),
        ("announcement_update", "announcements", None), ("announcement_update", "alice", "slack"),
        ("announcement_update", "bob", "msteams"),
        ("announcement_end", "announcements", None), ("announcement_end", "alice", "slack"),
        ("announcement_end", "bob", "msteams"),
    ]
    assert {n.payload["announcement_id"] for n in notices} == {change.id}  # one thread


def test_each_message_is_in_its_recipients_language_else_the_clients(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        report(session, "alice", "SAP", "slack")
        report(session, "dave", "SAP", "slack", language="en")
        report(session, "erin", "SAP", "slack", language="")  # a ticket imported without its language
        announcements.create(db_session=session, kind="major_incident", title="SAP", body="SAP est en panne",
                             services=["SAP"], starts_at=NOW, targeted=True, client_language="en")
    with session_factory() as session:
        languages = {n.recipient: n.language for n in session.scalars(select(Notification))}
    assert languages == {"announcements": "en", "alice": "fr", "dave": "en", "erin": "en"}
