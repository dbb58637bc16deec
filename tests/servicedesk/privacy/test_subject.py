"""One person's export and erasure, on SQLite and PostgreSQL: everything held on them, by requester id or by
e-mail address across doors, then nothing left of them while the tickets still count; each request recorded."""

import json
from dataclasses import replace

from sqlalchemy import func, select

from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.privacy.anonymise import MARKER
from servicedesk.privacy.models import PrivacyRequest
from servicedesk.privacy.subject import erase_person, export_person
from servicedesk.privacy.tracker import TrackerStore
from servicedesk.tickets.models import LogEntry, Ticket
from servicedesk.tickets.service import LogLine, add_log
from tests.servicedesk.privacy.conftest import MARIE, NOW, PAUL, close, days_ago, open_for, talk
from tests.servicedesk.privacy.test_tracker import _filled, _senders

MARIE_ON_TEAMS = replace(MARIE, requester="teams:t1:marie", conversation="teams:t1:c-marie", channel="teams")


def _people(session_factory) -> dict[str, str]:
    """Marie on Slack (one closed ticket, one open) and on Teams (one ticket), Paul on Teams (one ticket, on which
    Marie commented); returns the ticket numbers."""
    with unit_of_work(session_factory) as session:
        talk(session, MARIE, days_ago(10), "Outlook plante, mdp: [•••]")
        talk(session, MARIE_ON_TEAMS, days_ago(5), "et Teams aussi")
        talk(session, PAUL, days_ago(3), "l'imprimante bourre")
        closed = open_for(session, MARIE, days_ago(10))
        close(session, closed, days_ago(9), MARIE)
        numbers = {"closed": closed.number, "open": open_for(session, MARIE, days_ago(2)).number,
                   "teams": open_for(session, MARIE_ON_TEAMS, days_ago(5)).number}
        paul = open_for(session, PAUL, days_ago(3), description="l'imprimante du 2e bourre")
        add_log(db_session=session, ticket=paul, line=LogLine("requester", MARIE.requester, "chez moi aussi"))
        numbers["paul"] = paul.number
    return numbers


def test_an_export_holds_everything_on_the_requester_and_nothing_on_others(session_factory) -> None:
    numbers = _people(session_factory)
    with unit_of_work(session_factory) as session:
        export = export_person(db_session=session, person=MARIE.requester, actor="admin:claire", now=NOW)
    json.dumps(export)  # ready for the API and the CLI as it is
    assert [t["number"] for t in export["tickets"]] == [numbers["closed"], numbers["open"]]
    ticket = export["tickets"][0]
    assert ticket["requester_email"] == MARIE.email and ticket["device"] == "PC-LYON-0042, bureau 3.12"
    assert ticket["satisfaction_comment"] == "Merci Léa, ça marche" and ticket["attachments"][0]["reference"]
    assert any(entry["body"] == "c'est réparé" for entry in ticket["log"]) and ticket["history"]
    assert [line["body"] for line in export["log_lines_on_other_tickets"]] == ["chez moi aussi"]
    assert export["log_lines_on_other_tickets"][0]["ticket"] == numbers["paul"]
    assert [c["key"] for c in export["conversations"]] == [MARIE.conversation]
    assert [m["text"] for m in export["journal"]] == ["Outlook plante, mdp: [•••]"]
    assert [m["text"] for m in export["nlu_inbox"]] == ["Outlook plante, mdp: [•••]"]
    assert export["notifications"] and {n["recipient"] for n in export["notifications"]} == {MARIE.requester}
    assert PAUL.requester not in json.dumps(export)
    with session_factory() as session:
        row = session.scalars(select(PrivacyRequest)).one()
    assert (row.kind, row.person, row.actor, row.at) == ("export", MARIE.requester, "admin:claire", NOW)
    assert row.counts["tickets"] == 2 and row.counts["conversations"] == 1


def test_an_address_reaches_the_person_behind_every_door(session_factory) -> None:
    numbers = _people(session_factory)
    with unit_of_work(session_factory) as session:
        export = export_person(db_session=session, person=MARIE.email.upper(), actor="admin:claire")
    assert {t["number"] for t in export["tickets"]} == {numbers["closed"], numbers["open"], numbers["teams"]}
    assert {c["key"] for c in export["conversations"]} == {MARIE.conversation, MARIE_ON_TEAMS.conversation}
    assert set(export["identifiers"]) >= {MARIE.requester, MARIE_ON_TEAMS.requester, MARIE.email}


def test_an_erasure_leaves_nothing_of_the_person_and_the_tickets_still_count(session_factory) -> None:
    numbers = _people(session_factory)
    with session_factory() as session:
        tickets = session.scalar(select(func.count()).select_from(Ticket))
    with unit_of_work(session_factory) as session:
        counts = erase_person(db_session=session, person=MARIE.email, actor="admin:claire", now=NOW)
    assert (counts["tickets_anonymised"], counts["conversations"], counts["journal"]) == (3, 2, 2)
    assert counts["nlu_inbox"] == 2 and counts["attachments"] == 3 and counts["log_lines"] >= 4
    with unit_of_work(session_factory) as session:
        after = export_person(db_session=session, person=MARIE.email, actor="admin:claire")
        for requester in (MARIE.requester, MARIE_ON_TEAMS.requester):
            again = export_person(db_session=session, person=requester, actor="admin:claire")
            assert not any(again[part] for part in ("tickets", "conversations", "journal", "nlu_inbox",
                                                    "notifications", "log_lines_on_other_tickets"))
        assert session.scalar(select(func.count()).select_from(Ticket)) == tickets
        still_open = session.scalars(select(Ticket).where(Ticket.number == numbers["open"])).one()
        assert (still_open.status, still_open.description, still_open.requester_email) == ("new", MARKER, None)
        paul = session.scalars(select(Ticket).where(Ticket.number == numbers["paul"])).one()
        assert paul.requester == PAUL.requester and paul.description == "l'imprimante du 2e bourre"
        assert [e.body for e in paul.log if e.author_kind == "requester"] == ["l'imprimante du 2e bourre", MARKER]
        assert not session.scalars(select(Notification).where(Notification.recipient == MARIE.requester)).all()
        assert not session.scalars(select(LogEntry).where(LogEntry.body.contains(MARIE.email))).all()
    assert not any(after[part] for part in ("tickets", "conversations", "journal", "nlu_inbox", "notifications"))
    assert [(r["kind"], r["person"]) for r in after["privacy_requests"]] == [("erasure", MARIE.email)]
    paul_export = _export(session_factory, PAUL.requester)
    assert [t["number"] for t in paul_export["tickets"]] == [numbers["paul"]] and paul_export["journal"]


def test_an_erasure_deletes_the_persons_events_in_the_tracker_store(session_factory, tmp_path) -> None:
    _people(session_factory)
    tracker: TrackerStore = _filled(f"sqlite:///{tmp_path / 'rasa_tracker.db'}")
    with unit_of_work(session_factory) as session:
        assert export_person(db_session=session, person=MARIE.requester, actor="admin", tracker=tracker)[
            "tracker_events"][0]["text"] == f"bonjour de {MARIE.conversation}"
        counts = erase_person(db_session=session, person=MARIE.requester, actor="admin", tracker=tracker)
    assert counts["tracker_events"] == 3 and _senders(tracker) == [PAUL.conversation]


def test_a_person_the_client_never_heard_of_has_nothing_and_the_request_is_recorded(session_factory) -> None:
    _people(session_factory)
    with unit_of_work(session_factory) as session:
        export = export_person(db_session=session, person="slack:T9:U9", actor="api:admin")
        counts = erase_person(db_session=session, person="nobody@elsewhere.example", actor="api:admin")
    assert not any(export[part] for part in ("tickets", "conversations", "journal", "notifications"))
    assert set(counts.values()) == {0}
    with session_factory() as session:
        assert [(r.kind, r.person) for r in session.scalars(select(PrivacyRequest).order_by(PrivacyRequest.id))] == [
            ("export", "slack:T9:U9"), ("erasure", "nobody@elsewhere.example")]
    assert len(_export(session_factory, MARIE.requester)["tickets"]) == 2


def _export(session_factory, person: str) -> dict:
    with unit_of_work(session_factory) as session:
        return export_person(db_session=session, person=person, actor="test")
