"""bot/directory.py on the catalogue and the client databases `make run` bootstraps (demo and acme, SQLite): a
door leads to its client only, each client has its own database and rules, and a client deactivated is refused
once the resolver's answer has expired."""

import pytest
from sqlalchemy import func, select

from bot.directory import Directory
from servicedesk.clients.registry import open_catalogue
from servicedesk.clients.resolver import DoorResolver
from servicedesk.clients.service import get_by_slug
from servicedesk.database import unit_of_work
from servicedesk.errors import ClientUnknown
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, open_incident


def report(conversation: str) -> IncidentReport:
    return IncidentReport(service="VPN", description="le VPN coupe", impact=3, urgency=3, requester=conversation,
                          channel="webchat", conversation_id=conversation, language="fr")


def tickets_of(directory: Directory, client: str) -> int:
    with directory.sessions(client)() as session:
        return session.scalar(select(func.count()).select_from(Ticket))


def test_each_door_leads_to_the_client_it_is_bound_to(directory) -> None:
    assert directory.client_of("webchat_key", "demo") == "demo"
    assert directory.client_of("slack_team", "T0DEMOINDUS") == "demo"
    assert directory.client_of("teams_tenant", "9a8b7c6d-acme-tenant") == "acme"
    assert directory.client_of("webchat_key", "acme") == "acme"


def test_a_door_nobody_bound_is_refused(directory) -> None:
    with pytest.raises(ClientUnknown):
        directory.client_of("slack_team", "T0NOBODY")
    with pytest.raises(ClientUnknown):
        directory.client_of("slack_team", "demo")  # a door is its kind and its id, not the id alone


def test_the_active_clients_are_listed_by_slug(directory) -> None:
    assert directory.clients() == ["acme", "demo"]


def test_each_client_writes_to_its_own_database(directory) -> None:
    with directory.unit_of_work("demo") as session:
        open_incident(db_session=session, agreements=directory.desk(session), report=report("webchat:demo:1"))
    assert (tickets_of(directory, "demo"), tickets_of(directory, "acme")) == (1, 0)
    with pytest.raises(ClientUnknown):
        directory.sessions("nobody")


def test_a_unit_of_work_commits_on_success_and_keeps_nothing_on_failure(directory) -> None:
    with pytest.raises(RuntimeError), directory.unit_of_work("acme") as session:
        open_incident(db_session=session, agreements=directory.desk(session), report=report("webchat:acme:1"))
        session.flush()
        raise RuntimeError("the step failed after writing")
    assert tickets_of(directory, "acme") == 0
    with directory.unit_of_work("acme") as session:
        open_incident(db_session=session, agreements=directory.desk(session), report=report("webchat:acme:1"))
    assert tickets_of(directory, "acme") == 1


def test_the_desk_is_the_rules_of_the_database_it_reads(directory) -> None:
    with directory.sessions("demo")() as demo, directory.sessions("acme")() as acme:
        assert directory.desk(demo).client_contact == "dsi@demo-industrie.example"
        assert directory.desk(acme).client_contact == "it-director@acme-logistics.example"


def test_a_deactivated_client_is_refused_once_the_answer_kept_expires(directory) -> None:
    now = [0.0]
    with open_catalogue() as (catalogue, registry):
        doors = Directory(catalogue, registry, DoorResolver(catalogue, ttl=30, clock=lambda: now[0]))
        assert doors.client_of("webchat_key", "acme") == "acme"
        with unit_of_work(catalogue) as session:
            get_by_slug(db_session=session, slug="acme").active = False
        assert doors.client_of("webchat_key", "acme") == "acme"  # the answer is kept for 30 seconds
        assert doors.clients() == ["demo"]  # the listing reads the catalogue every time
        now[0] = 31.0
        with pytest.raises(ClientUnknown):
            doors.client_of("webchat_key", "acme")
        assert doors.client_of("webchat_key", "demo") == "demo"
