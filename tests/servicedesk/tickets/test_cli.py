"""`python -m servicedesk tickets list|show --client SLUG [--json]` through the command line's entry point, in the
test's process (tests/cli.py), and once in a real subprocess."""

import json
import os
import subprocess
import sys

import pytest

from servicedesk.__main__ import main
from servicedesk.clients.registry import ClientDatabases
from servicedesk.database import PROJECT_ROOT as ROOT
from servicedesk.database import make_engine, make_session_factory, unit_of_work
from servicedesk.tickets.service import IncidentReport, open_incident
from tests.cli import run_main


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run_main(main, args, env)


def _places(tmp_path) -> dict[str, str]:
    return {"RELAIS_CATALOGUE_URL": f"sqlite:///{tmp_path / 'catalogue.db'}",
            "RELAIS_CLIENT_DATABASE_URL_TEMPLATE": f"sqlite:///{tmp_path}/{{slug}}.db"}


def test_list_and_show_a_clients_tickets_as_json(tmp_path) -> None:
    env = _places(tmp_path)
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


@pytest.mark.slow
def test_the_command_line_runs_as_its_own_process(tmp_path) -> None:
    """`python -m servicedesk` from a shell: the entry module, the environment read afresh, the exit status."""
    def shell(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "servicedesk", *args], cwd=ROOT,
                              env={**os.environ, **_places(tmp_path)}, capture_output=True, text=True, timeout=60)

    assert shell("clients", "create", "demo", "--name", "Démo").returncode == 0
    missing = shell("tickets", "show", "INC-000009", "--client", "demo")
    assert missing.returncode == 1 and "INC-000009" in missing.stderr
