"""The retention purge on SQLite and PostgreSQL: what is older than the client's retention goes or is anonymised,
what is younger or still needed stays, the reports count the same, and every purge is in the ledger."""

from datetime import timedelta

from sqlalchemy import select

from servicedesk.announcements.models import Announcement, AnnouncementPost
from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import Conversation, InboundMessage
from servicedesk.database import unit_of_work
from servicedesk.nlu_inbox.models import UnsureMessage
from servicedesk.notifications.models import Notification
from servicedesk.privacy import retention
from servicedesk.privacy.anonymise import MARKER, pseudonym
from servicedesk.privacy.models import PrivacyRequest
from servicedesk.privacy.retention import Retention, purge_expired, purge_if_due
from servicedesk.reports.metrics import compute
from servicedesk.reports.render import to_json
from servicedesk.sla.models import Clock
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import get_by_number
from tests.servicedesk.desk import OFFICE
from tests.servicedesk.privacy.conftest import MARIE, NOW, PAUL, close, days_ago, open_for, talk
from tests.servicedesk.reports import dataset

RETENTION = Retention.days(30, 90)


def test_silent_conversations_go_with_their_journal_and_inbox(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        talk(session, MARIE, days_ago(40), "mon Outlook plante")
        talk(session, PAUL, days_ago(40), "Teams ne démarre plus")
        talk(session, PAUL, days_ago(2), "toujours pas")  # Paul wrote since: his conversation stays
    with unit_of_work(session_factory) as session:
        counts = purge_expired(db_session=session, now=NOW, retention=RETENTION)
    with session_factory() as session:
        assert session.scalars(select(Conversation.key)).all() == [PAUL.conversation]
        assert session.scalars(select(InboundMessage.text)).all() == ["toujours pas"]
        assert session.scalars(select(UnsureMessage.text)).all() == ["toujours pas"]
    assert (counts["conversations"], counts["journal"], counts["nlu_inbox"]) == (1, 2, 2)


def test_a_conversation_an_open_ticket_or_a_takeover_needs_stays(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        talk(session, MARIE, days_ago(200), "mon Outlook plante")
        open_for(session, MARIE, days_ago(200))  # still open: its notices must reach Marie
        talk(session, PAUL, days_ago(200), "je veux un technicien")
        ticket = open_for(session, PAUL, days_ago(200))
        close(session, ticket, days_ago(199), PAUL)
        conversations.request_takeover(db_session=session, ticket=ticket, conversation_key=PAUL.conversation,
                                       actor=PAUL.requester, reason="asked for a person", now=days_ago(199))
    with unit_of_work(session_factory) as session:
        purge_expired(db_session=session, now=NOW, retention=RETENTION)
    with session_factory() as session:
        assert sorted(session.scalars(select(Conversation.key))) == sorted([MARIE.conversation, PAUL.conversation])


def test_old_closed_tickets_lose_their_person_and_keep_their_figures(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        old = open_for(session, MARIE, days_ago(120), device="PC de Marie, bureau 3.12")
        close(session, old, days_ago(100), MARIE)
        recent = open_for(session, MARIE, days_ago(60))
        close(session, recent, days_ago(50), MARIE)
        still_open = open_for(session, MARIE, days_ago(300))
        numbers = old.number, recent.number, still_open.number
        history, clocks = len(old.history), len(session.scalars(select(Clock).where(Clock.ticket_id == old.id)).all())
    with unit_of_work(session_factory) as session:
        counts = purge_expired(db_session=session, now=NOW, retention=RETENTION)
    with session_factory() as session:
        ticket = get_by_number(db_session=session, number=numbers[0])
        assert ticket.requester == pseudonym(MARIE.requester) and ticket.requester_email is None
        assert (ticket.description, ticket.error_message, ticket.device) == (MARKER, MARKER, MARKER)
        assert ticket.title == f"Outlook – {MARKER}" and ticket.satisfaction_comment == MARKER
        assert ticket.conversation_id == pseudonym(MARIE.conversation) and ticket.attachments == []
        assert ticket.anonymised_at == NOW
        requester_lines = [entry for entry in ticket.log if entry.author_kind == "requester"]
        assert requester_lines and {(e.author, e.body) for e in requester_lines} == {(ticket.requester, MARKER)}
        assert not any(MARIE.email in entry.body or MARIE.requester in entry.body for entry in ticket.log)
        assert (ticket.status, ticket.priority, ticket.category, ticket.resolution_code, ticket.solution) == \
            ("closed", "P3", "software", "fixed", "Profil Outlook recréé")
        assert (ticket.satisfaction_rating, len(ticket.history)) == (4, history)
        assert len(session.scalars(select(Clock).where(Clock.ticket_id == ticket.id)).all()) == clocks
        assert not session.scalars(select(Notification).where(Notification.ticket_id == ticket.id)).all()
        for number in numbers[1:]:
            untouched = get_by_number(db_session=session, number=number)
            assert untouched.requester == MARIE.requester and untouched.anonymised_at is None
    assert (counts["tickets_anonymised"], counts["attachments"]) == (1, 1) and counts["log_lines"] >= 2


def test_a_report_counts_the_same_after_the_purge(session_factory) -> None:
    dataset.build(session_factory)

    def report() -> str:
        with session_factory() as session:
            return to_json(compute(db_session=session, start=dataset.START, end=dataset.END, calendar=OFFICE,
                                   now=dataset.NOW))

    before = report()
    with unit_of_work(session_factory) as session:
        counts = purge_expired(db_session=session, now=dataset.NOW, retention=Retention.days(1))
    assert counts["tickets_anonymised"] >= 3  # A, B, C and the cancelled one were closed in early November
    assert report() == before
    with session_factory() as session:
        assert not session.scalars(select(Ticket).where(Ticket.requester == "marie@client.example",
                                                        Ticket.status.in_(("closed", "cancelled")))).all()


def test_old_notices_and_announcement_posts_to_users_go(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = open_for(session, MARIE, days_ago(3))
        announcement = Announcement(kind="major_incident", title="Outlook en panne", body="…", starts_at=days_ago(60))
        session.add(announcement)
        session.flush()
        session.add_all([AnnouncementPost(announcement_id=announcement.id, recipient="announcements",
                                          posted_at=days_ago(60)),
                         AnnouncementPost(announcement_id=announcement.id, recipient=MARIE.requester,
                                          posted_at=days_ago(60)),
                         Notification(dedup_key="old", ticket_id=ticket.id, event="status_changed",
                                      audience="requester", recipient=MARIE.requester, created_at=days_ago(45))])
    with unit_of_work(session_factory) as session:
        counts = purge_expired(db_session=session, now=NOW, retention=RETENTION)
    with session_factory() as session:
        assert session.scalars(select(AnnouncementPost.recipient)).all() == ["announcements"]
        assert "old" not in session.scalars(select(Notification.dedup_key)).all()
    assert (counts["announcement_posts"], counts["notifications"]) == (1, 1)


def test_each_purge_is_recorded_and_runs_at_most_hourly(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        talk(session, MARIE, days_ago(40), "mon Outlook plante")
    with unit_of_work(session_factory) as session:
        first = purge_if_due(db_session=session, now=NOW, retention=RETENTION)
        assert purge_if_due(db_session=session, now=NOW + timedelta(minutes=59), retention=RETENTION) is None
        later = purge_if_due(db_session=session, now=NOW + timedelta(hours=1), retention=RETENTION)
    assert first["conversations"] == 1 and later is not None and later["conversations"] == 0
    with session_factory() as session:
        rows = session.scalars(select(PrivacyRequest).order_by(PrivacyRequest.id)).all()
        assert [(row.kind, row.person, row.actor, row.at) for row in rows] == [
            ("purge", None, "supervisor", NOW), ("purge", None, "supervisor", NOW + timedelta(hours=1))]
        assert rows[0].counts["journal"] == 1


def test_a_purge_with_more_tickets_than_it_takes_carries_on_at_the_next_pass(session_factory, monkeypatch) -> None:
    monkeypatch.setattr(retention, "MAX_TICKETS", 1)
    with unit_of_work(session_factory) as session:
        for days in (120, 110):
            close(session, open_for(session, MARIE, days_ago(days)), days_ago(days - 1), MARIE)
    with unit_of_work(session_factory) as session:
        first = purge_if_due(db_session=session, now=NOW, retention=RETENTION)
        second = purge_if_due(db_session=session, now=NOW + timedelta(seconds=30), retention=RETENTION)
        third = purge_if_due(db_session=session, now=NOW + timedelta(seconds=60), retention=RETENTION)
    assert (first["tickets_anonymised"], first["more"]) == (1, True)
    assert second["tickets_anonymised"] == 1 and "more" not in second and third is None


def test_purges_that_found_nothing_are_forgotten_after_the_retention(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        purge_expired(db_session=session, now=days_ago(40), retention=RETENTION)
        talk(session, MARIE, days_ago(80), "vieux message")
        purge_expired(db_session=session, now=days_ago(35), retention=RETENTION)  # it found Marie's message
        purge_expired(db_session=session, now=NOW, retention=RETENTION)
    with session_factory() as session:
        kept = session.scalars(select(PrivacyRequest.at).order_by(PrivacyRequest.at)).all()
    assert kept == [days_ago(35), NOW]
