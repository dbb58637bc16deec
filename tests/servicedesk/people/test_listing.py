"""The directory as the console's people page reads it (servicedesk/people/listing.py), on SQLite and PostgreSQL:
by name, searched by every word in the name or address, those who left only when asked, and what each person
approves as the approvals' use case would ask them."""

from datetime import UTC, datetime

from servicedesk.approvals.models import Approval
from servicedesk.database import unit_of_work
from servicedesk.people.importing import Entry, import_people
from servicedesk.people.listing import directory_page
from servicedesk.people.models import DirectorySync
from servicedesk.settings.loader import CLIENTS_ROOT, load_file
from servicedesk.tickets.service import IncidentReport, open_incident
from tests.servicedesk.desk import Desk

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
STAFF = [Entry(1, "ceo@acme.example", "Claire Dubois"),
         Entry(2, "chloe@acme.example", "Chloé Martin", manager_email="ceo@acme.example"),
         Entry(3, "bob@acme.example", "Bob Smith", manager_email="chloe@acme.example"),
         Entry(4, "dan@acme.example", "", manager_email="bob@acme.example"),
         Entry(5, "eve_100%@acme.example", "Eve", manager_email="gone@acme.example")]


def settings(extra: dict):
    demo = load_file(CLIENTS_ROOT / "demo" / "settings.yml")
    return demo.model_validate(demo.model_dump() | extra)


def emails(page) -> list[str]:
    return [row.person.email for row in page.rows]


def test_by_name_the_nameless_by_address_and_those_who_left_only_when_asked(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        import_people(db_session=session, entries=STAFF, source="csv")
        import_people(db_session=session, entries=STAFF[:4], source="csv")  # Eve left
        page = directory_page(db_session=session, settings=None)
        assert emails(page) == ["bob@acme.example", "chloe@acme.example", "ceo@acme.example", "dan@acme.example"]
        assert (page.found, page.active) == (4, 4)
        everyone = directory_page(db_session=session, settings=None, include_left=True)
        assert "eve_100%@acme.example" in emails(everyone) and everyone.found == 5


def test_every_word_in_the_name_or_address_any_case_and_sql_wildcards_are_characters(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        import_people(db_session=session, entries=STAFF, source="csv")
        assert emails(directory_page(db_session=session, settings=None, search="MARTIN chloe")) == \
            ["chloe@acme.example"]
        assert emails(directory_page(db_session=session, settings=None, search="dan@")) == ["dan@acme.example"]
        assert emails(directory_page(db_session=session, settings=None, search="100%")) == ["eve_100%@acme.example"]
        assert emails(directory_page(db_session=session, settings=None, search="%")) == ["eve_100%@acme.example"]
        assert emails(directory_page(db_session=session, settings=None, search="_")) == ["eve_100%@acme.example"]
        assert directory_page(db_session=session, settings=None, search="smith martin").rows == ()


def test_who_approves_what_and_the_manager_the_directory_knows(session_factory) -> None:
    rules = settings({"approvals": {"escalate_to": "ceo@acme.example",
                                    "groups": [{"name": "finance", "members": ["bob@acme.example"]},
                                               {"name": "security", "members": ["bob@acme.example"]}]}})
    with unit_of_work(session_factory) as session:
        import_people(db_session=session, entries=STAFF, source="csv")
        ticket = open_incident(db_session=session, report=IncidentReport(
            service="VPN", description="x", impact=3, urgency=3, requester="dan@acme.example", channel="rest",
            conversation_id="c", language="en"), agreements=Desk(), now=NOW)
        session.add(Approval(ticket_id=ticket.id, item="laptop", step=1, approver_kind="manager",
                             approvers=["bob@acme.example"], nonce="n" * 32))
        session.add(Approval(ticket_id=ticket.id, item="laptop", step=2, approver_kind="finance",
                             approvers=["bob@acme.example"], nonce="m" * 32, status="approved"))
        rows = {row.person.email: row for row in directory_page(db_session=session, settings=rules).rows}
    bob, ceo, dan, eve = (rows[f"{name}@acme.example"] for name in ("bob", "ceo", "dan", "eve_100%"))
    assert (bob.approver.reports, bob.approver.groups, bob.approver.waiting) == (1, ("finance", "security"), 1)
    assert (ceo.approver.reports, ceo.approver.delegate) == (1, True)
    assert not dan.approver and dan.manager.email == "bob@acme.example"
    assert eve.manager is None and eve.person.manager_email == "gone@acme.example"


def test_the_last_ended_run_and_the_one_running(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        assert directory_page(db_session=session, settings=None).last is None
        session.add(DirectorySync(source="ldap", trigger="schedule", actor="supervisor", started_at=NOW,
                                  finished_at=NOW, running=None, outcome="done", created=3))
        session.add(DirectorySync(source="ldap", trigger="console", actor="console:lea", started_at=NOW,
                                  running=True, outcome="running"))
        session.flush()
        page = directory_page(db_session=session, settings=None)
        assert (page.last.created, page.running.actor) == (3, "console:lea")
