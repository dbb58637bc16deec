"""`python -m servicedesk tickets list|show --client SLUG [--json]` through the real command line."""

import json
import os
import subprocess
import sys

from servicedesk.clients.registry import ClientDatabases
from servicedesk.database import PROJECT_ROOT as ROOT
from servicedesk.database import make_engine, make_session_factory, unit_of_work
from servicedesk.tickets.service import IncidentReport, open_incident


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "servicedesk", *args], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60)


def test_list_and_show_a_clients_tickets_as_json(tmp_path) -> None:
    env = {"RELAIS_CATALOGUE_URL": f"sqlite:///{tmp_path / 'catalogue.db'}",
           "RELAIS_CLIENT_DATABASE_URL_TEMPLATE": f"sqlite:///{tmp_path}/{{slug}}.db"}
    assert cli(env, "clients", "create", "demo", "--name", "Démo").returncode == 0
    assert cli(env, "clients", "create", "acme", "--name", "Acme").returncode == 0
    catalogue = make_engine(env["RELAIS_CATALOGUE_URL"])
    registry = ClientDatabases(make_session_factory(catalogue))
    with unit_of_work(registry.session_factory("demo")) as session:
        open_incident(db_session=session, report=IncidentReport(
            service="VPN", description="VPN coupe", impact=3, urgency=1, requester="u1", channel="rest",
            conversation_id="u1", language="fr"))
    registry.dispose()
    catalogue.dispose()

    listed = cli(env, "tickets", "list", "--client", "demo", "--json")
    assert listed.returncode == 0, listed.stderr
    [row] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert (row["number"], row["status"], row["priority"]) == ("INC-000001", "new", "P2")
    shown = json.loads(cli(env, "tickets", "show", "inc-000001", "--client", "demo", "--json").stdout)
    assert shown["log"][-1]["kind"] == "created" and shown["description"] == "VPN coupe"
    assert cli(env, "tickets", "list", "--client", "acme", "--json").stdout == ""  # nothing crosses clients
    missing = cli(env, "tickets", "show", "INC-000009", "--client", "demo")
    assert missing.returncode == 1 and "INC-000009" in missing.stderr
    assert cli(env, "tickets", "list", "--client", "nobody").returncode == 1
