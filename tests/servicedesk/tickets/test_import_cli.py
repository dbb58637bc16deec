"""`python -m servicedesk tickets import FILE --client SLUG [--system S] [--dry-run]` through its entry function,
against a catalogue and client databases under the test's own folder."""

import json

import pytest
from sqlalchemy import func, select

from servicedesk.__main__ import main
from servicedesk.clients.registry import open_catalogue
from servicedesk.sla.models import Clock
from servicedesk.tickets.models import Ticket

EXPORT = [{"number": "INC0012345", "short_description": "VPN coupe", "state": "In Progress", "priority": "2",
           "caller_id": "Ann", "email": "ann@acme.example", "opened_at": "2026-11-03 14:22:00"},
          {"number": "INC0012346", "short_description": "Imprimante", "state": "Bientôt"},
          {"number": "INC0012347", "short_description": "Outlook", "state": "Closed", "priority": "4"}]


def command(*argv: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    return done.value.code


@pytest.fixture
def acme(tmp_path, monkeypatch, capsys) -> str:
    monkeypatch.setenv("RELAIS_CATALOGUE_URL", f"sqlite:///{tmp_path / 'catalogue.db'}")
    monkeypatch.setenv("RELAIS_CLIENT_DATABASE_URL_TEMPLATE", f"sqlite:///{tmp_path}/{{slug}}.db")
    assert command("clients", "create", "acme", "--name", "Acme") == 0
    assert command("settings", "load", "--client", "acme") == 0
    capsys.readouterr()
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"tickets": EXPORT}), encoding="utf-8")
    return str(path)


def stored() -> list[tuple[str, str, str]]:
    with open_catalogue() as (_, registry), registry.session_factory("acme")() as session:
        assert session.scalar(select(func.count()).select_from(Clock).join(Ticket, Clock.ticket_id == Ticket.id)
                              .where(Ticket.status == "closed")) == 0
        return [(t.number, t.external_ref, t.status) for t in session.scalars(select(Ticket).order_by(Ticket.id))]


def test_a_dry_run_says_what_would_happen_and_stores_nothing(acme, capsys) -> None:
    assert command("tickets", "import", acme, "--client", "acme", "--dry-run") == 2
    out = capsys.readouterr().out.splitlines()
    assert out == ["created 2, updated 0, skipped 0, errors 1", "  item 2: unknown status 'Bientôt'",
                   "(dry run: nothing stored)"]
    assert stored() == []


def test_the_import_stores_reports_and_is_idempotent(acme, capsys) -> None:
    assert command("tickets", "import", acme, "--client", "acme", "--system", "servicenow") == 2
    assert capsys.readouterr().out.startswith("created 2, updated 0, skipped 0, errors 1\n")
    assert stored() == [("INC-000001", "INC0012345", "in_progress"), ("INC-000002", "INC0012347", "closed")]
    with open_catalogue() as (_, registry), registry.session_factory("acme")() as session:
        assert session.scalar(select(func.count()).select_from(Clock)) > 0  # the open one runs on acme's SLA
    assert command("tickets", "import", acme, "--client", "acme") == 2
    assert capsys.readouterr().out.startswith("created 0, updated 0, skipped 2, errors 1\n")
    assert command("tickets", "show", "INC-000001", "--client", "acme", "--json") == 0
    assert json.loads(capsys.readouterr().out)["history"][0]["reason"] == "imported from servicenow INC0012345"


def test_a_file_it_cannot_read_or_a_client_it_does_not_know_is_refused(acme, tmp_path, capsys) -> None:
    other = tmp_path / "export.xlsx"
    other.write_text("x", encoding="utf-8")
    assert command("tickets", "import", str(other), "--client", "acme") == 1
    assert ".csv or a .json" in capsys.readouterr().err
    assert command("tickets", "import", acme, "--client", "nobody") == 1
    assert "nobody" in capsys.readouterr().err
    broken = tmp_path / "broken.csv"
    broken.write_text("title;status\nVPN;New\n", encoding="utf-8")
    assert command("tickets", "import", str(broken), "--client", "acme") == 1
    assert "no reference column" in capsys.readouterr().err
