"""Importing a client's tickets from its previous tool, on SQLite and PostgreSQL: each keeps its reference and is
found by it, statuses and priorities read as ours, nobody is told, re-importing changes nothing, and a bad row is
reported with its line while the others go in."""

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from servicedesk.database import unit_of_work
from servicedesk.notifications.models import Notification
from servicedesk.sla.models import Clock
from servicedesk.tickets.access import Viewer
from servicedesk.tickets.import_source import read_source
from servicedesk.tickets.importing import ImportReport, RowError, import_tickets
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.references import find_reference, find_ticket
from tests.servicedesk.desk import Desk

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
CSV = """\
Number;Short description;Description;State;Priority;Caller;Requester email;Assignment group;Opened;Resolved
INC0012345;VPN coupe;"Le VPN coupe toutes les 5 minutes
depuis la mise à jour";En cours (Attribué);2 - High;Ann Martin;ann.martin@acme.example;Réseau;03/11/2026 14:22;
RITM0012345;Nouvel écran;Un second écran pour le poste 3.12;New;4;Bob;bob@acme.example;;2026-11-04 09:00:00;
INC0012346;Imprimante;Bourrage papier;Foo;3;Ann Martin;ann.martin@acme.example;;2026-11-05;
;Sans référence;Pas de numéro;New;3;Bob;bob@acme.example;;;
INC0012347;Outlook;Outlook ne démarre pas;Résolu;P3;Bob;bob@acme.example;;2026-11-01 08:00;2026-11-02 17:30
INC0012348;Wifi;Plus de wifi;Clos;basse;Bob;bob@acme.example;;2026-10-01;
"""


def run(session_factory, path, **options) -> ImportReport:
    with unit_of_work(session_factory) as session:
        return import_tickets(db_session=session, source=read_source(path), agreements=Desk(), now=NOW, **options)


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "servicenow.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    return path


def by_reference(session, reference: str) -> Ticket:
    return session.scalar(select(Ticket).where(Ticket.external_ref == reference))


def test_a_csv_export_becomes_our_tickets_keeping_their_references(session_factory, export) -> None:
    report = run(session_factory, export)
    assert (report.created, report.updated, report.skipped) == (4, 0, 0)
    assert report.errors == [RowError(5, "unknown status 'Foo'"), RowError(6, "no reference")]  # line 3 holds two
    assert report.summary().splitlines()[1:] == ["  line 5: unknown status 'Foo'", "  line 6: no reference"]
    with session_factory() as session:
        vpn = by_reference(session, "INC0012345")
        assert (vpn.number, vpn.type, vpn.status, vpn.priority, vpn.group_name, vpn.external_system) == \
            ("INC-000001", "incident", "assigned", "P2", "Réseau", "servicenow")
        assert (vpn.title, vpn.requester, vpn.requester_email) == ("VPN coupe", "Ann Martin", "ann.martin@acme.example")
        assert vpn.created_at == datetime(2026, 11, 3, 13, 22, tzinfo=UTC)  # day first, Paris time
        assert vpn.log[0].kind == "imported" and vpn.log[0].body.startswith("Le VPN coupe toutes les 5 minutes\n")
        assert [h.reason for h in vpn.history] == ["imported from servicenow INC0012345"]
        screen = by_reference(session, "RITM0012345")
        assert (screen.type, screen.status, screen.priority, screen.number) == \
            ("service_request", "new", "P4", "REQ-000002")
        outlook, wifi = by_reference(session, "INC0012347"), by_reference(session, "INC0012348")
        assert (outlook.status, outlook.resolved_at) == ("resolved", datetime(2026, 11, 2, 16, 30, tzinfo=UTC))
        assert (wifi.status, wifi.priority) == ("closed", "P4") and wifi.closed_at is not None
        assert session.scalar(select(func.count()).select_from(Notification)) == 0  # an import tells nobody
        clocked = set(session.scalars(select(Clock.ticket_id).distinct()))
        assert clocked == {vpn.id}  # the test desk has no SLA for requests; none for resolved or closed tickets


def test_open_tickets_get_their_clocks_from_the_import_not_their_old_opening(session_factory, export) -> None:
    run(session_factory, export)
    with session_factory() as session:
        vpn = by_reference(session, "INC0012345")
        clocks = {clock.metric: clock for clock in session.scalars(select(Clock).where(Clock.ticket_id == vpn.id))}
        assert clocks["ttr"].deadline > NOW  # not breached on arrival
        assert clocks["tto"].stopped_at is not None  # assigned in the old tool: owned


def test_reimporting_the_same_file_changes_nothing(session_factory, export) -> None:
    run(session_factory, export)
    again = run(session_factory, export)
    assert (again.created, again.updated, again.skipped, len(again.errors)) == (0, 0, 4, 2)
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 4
        assert len(by_reference(session, "INC0012345").history) == 1


def test_a_changed_row_updates_its_ticket_and_says_so(session_factory, export) -> None:
    run(session_factory, export)
    export.write_text(CSV.replace("En cours (Attribué);2 - High", "On Hold;1 - Critical"), encoding="utf-8")
    report = run(session_factory, export)
    assert (report.created, report.updated, report.skipped) == (0, 1, 3)
    with session_factory() as session:
        vpn = by_reference(session, "INC0012345")
        assert (vpn.status, vpn.pending_reason, vpn.priority) == ("pending", "requester", "P1")
        status, note = vpn.history[1:]
        assert (status.field, status.old, status.new) == ("status", "assigned", "pending")
        assert note.reason.startswith("updated from servicenow INC0012345: ")
        assert session.scalar(select(func.count()).select_from(Notification)) == 0


def test_a_json_export_in_either_shape(session_factory, tmp_path) -> None:
    items = [{"reference": "4521", "title": "Accès au partage", "status": "5", "priority": "Haute",
              "requester_email": "ann.martin@acme.example", "requester": "Ann", "opened_at": "03/11/2026 14:22"},
             "not a ticket",
             {"reference": "4522", "type": "demande", "description": "Installer Visio", "status": "En attente",
              "opened_at": "yesterday-ish"},
             {"reference": "4523", "type": "demande", "description": "Installer Visio", "status": "2"}]
    listed, wrapped = tmp_path / "glpi.json", tmp_path / "wrapped.json"
    listed.write_text(json.dumps(items), encoding="utf-8")
    report = run(session_factory, listed, system="glpi")
    assert (report.created, report.unit) == (2, "item")
    assert [error.position for error in report.errors] == [2, 3]
    assert "unreadable date" in report.errors[1].message
    with session_factory() as session:
        share, visio = by_reference(session, "4521"), by_reference(session, "4523")
        assert (share.status, share.priority, share.external_system) == ("resolved", "P2", "glpi")
        assert (visio.type, visio.status, visio.requester) == ("service_request", "assigned", "unknown")
        assert share.created_at == datetime(2026, 11, 3, 13, 22, tzinfo=UTC)
        found = find_ticket(db_session=session, viewer=Viewer("webchat:acme:x", email="Ann.Martin@acme.example"),
                            reference=find_reference("et mon ticket 4521 ?"))
        assert found is not None and found.id == share.id
        assert find_ticket(db_session=session, viewer=Viewer("someone-else"),
                           reference=find_reference("ticket 4521")) is None
    wrapped.write_text(json.dumps({"tickets": items}), encoding="utf-8")
    assert run(session_factory, wrapped, system="glpi").skipped == 2
