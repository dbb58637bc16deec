"""The supervisor's purge forgets the stored files of the tickets it anonymised: the bytes in the file store go
with the attachment rows, on SQLite and PostgreSQL."""

import os

import pytest

from servicedesk.database import unit_of_work
from servicedesk.operations import supervise_once
from servicedesk.tickets.service import IncidentReport, open_incident
from servicedesk.uploads.scanning import NoScanner
from servicedesk.uploads.service import keep_file
from servicedesk.uploads.store import LocalStore
from tests.servicedesk.clients import conftest as clients
from tests.servicedesk.privacy.conftest import NOW, days_ago
from tests.servicedesk.privacy.test_supervisor import _clients
from tests.servicedesk.uploads import samples
from tests.servicedesk.uploads.environment import configure

backend, unique_prefix, client_url_template = clients.backend, clients.unique_prefix, clients.client_url_template
catalogue_url, catalogue, registry = clients.catalogue_url, clients.catalogue, clients.registry
migrated_catalogue, client_databases = clients.migrated_catalogue, clients.client_databases


def test_a_purged_tickets_files_leave_the_store(catalogue, registry, tmp_path, monkeypatch: pytest.MonkeyPatch,
                                                request: pytest.FixtureRequest) -> None:
    configure(monkeypatch, request, tmp_path / "files", secret="s")
    store = LocalStore(tmp_path / "files")
    _clients(catalogue, registry)
    with unit_of_work(registry.session_factory("acme")) as session:  # acme keeps closed tickets 365 days
        ticket = open_incident(db_session=session, now=days_ago(400), report=IncidentReport(
            service="Outlook", description="Outlook plante", impact=3, urgency=3, requester="slack:T1:U1",
            channel="slack", conversation_id="slack:T1:D1", language="fr"))
        keep_file(db_session=session, client="acme", ticket=ticket, name="outlook.log", data=samples.log(),
                  added_by="slack:T1:U1", store=store, scanner=NoScanner(), now=days_ago(400))
        ticket.status, ticket.closed_at = "closed", days_ago(390)
    [(key, _)] = list(store.keys(client="acme"))
    os.utime(tmp_path / "files" / key, (days_ago(400).timestamp(), days_ago(400).timestamp()))
    lines = supervise_once(catalogue, registry, now=NOW)
    assert any(line.startswith("acme: past retention") and "stored files 1" in line for line in lines), lines
    assert list(store.keys(client="acme")) == []
