"""`report --client SLUG --from --to [--json] [--html FILE]` in process, through the catalogue (SQLite)."""

import argparse
import json
from datetime import UTC, datetime

import pytest

from servicedesk.clients import service as clients
from servicedesk.clients.database import migrate_catalogue
from servicedesk.clients.registry import ClientDatabases
from servicedesk.database import make_engine, make_session_factory, unit_of_work
from servicedesk.reports import cli
from servicedesk.settings.current import desk_of, load_into
from servicedesk.settings.loader import CLIENTS_ROOT
from servicedesk.tickets.service import IncidentReport, open_incident


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["report", *argv])


@pytest.fixture
def catalogue(tmp_path, monkeypatch):
    """Two clients: demo with its settings loaded and one incident, acme with neither."""
    url = f"sqlite:///{tmp_path / 'catalogue.db'}"
    monkeypatch.setenv("RELAIS_CATALOGUE_URL", url)
    monkeypatch.setenv("RELAIS_CLIENT_DATABASE_URL_TEMPLATE", f"sqlite:///{tmp_path}/{{slug}}.db")
    monkeypatch.delenv("RELAIS_TIMEZONE", raising=False)
    migrate_catalogue(url)
    engine = make_engine(url)
    registry = ClientDatabases(make_session_factory(engine))
    with unit_of_work(make_session_factory(engine)) as session:
        clients.create(db_session=session, slug="demo", name="Démo <Industrie>")
        clients.create(db_session=session, slug="acme", name="Acme")
    settings = CLIENTS_ROOT / "demo" / "settings.yml"
    with unit_of_work(registry.session_factory("demo")) as session:
        load_into(db_session=session, text=settings.read_text(encoding="utf-8"), origin=str(settings))
    created = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)  # Monday 9:00 in Paris
    with unit_of_work(registry.session_factory("demo")) as session:
        ticket = open_incident(db_session=session, agreements=desk_of(db_session=session), now=created,
                               report=IncidentReport(service="VPN", description="VPN coupe", impact=3, urgency=2,
                                                     requester="u1", channel="rest", conversation_id="u1",
                                                     language="fr"))
        ticket.created_at = created
    registry.dispose()
    engine.dispose()


def test_json_and_html_for_a_month_in_the_clients_time_zone(catalogue, tmp_path, capsys) -> None:
    page = tmp_path / "out" / "report.html"
    page.parent.mkdir()
    assert cli.run(parse("--client", "demo", "--from", "2026-11-01", "--to", "2026-11-30", "--json",
                         "--html", str(page))) == 0
    data = json.loads(capsys.readouterr().out)
    # November in Paris: from Oct 31 23:00 to Nov 30 23:00 UTC, the last day included.
    assert (data["start"], data["end"]) == ("2026-10-31T23:00:00+00:00", "2026-11-30T23:00:00+00:00")
    assert data["volumes"]["by_service"] == {"VPN": 1} and data["backlog"]["total"] == 1
    html = page.read_text(encoding="utf-8")
    assert "Démo &lt;Industrie&gt;" in html and "<svg" in html and "Europe/Paris" in html


def test_a_summary_without_settings_and_the_errors(catalogue, capsys) -> None:
    assert cli.run(parse("--client", "acme", "--from", "2026-11-01", "--to", "2026-11-30")) == 0
    out = capsys.readouterr().out
    assert out.startswith("Acme: 2026-11-01 00:00 → 2026-12-01 00:00 (Europe/Paris") and "tickets created 0" in out
    assert cli.run(parse("--client", "nobody", "--from", "2026-11-01", "--to", "2026-11-30")) == 1
    assert cli.run(parse("--client", "demo", "--from", "2026-11-30", "--to", "2026-11-01")) == 1
    assert "before --from" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parse("--client", "demo", "--from", "30/11/2026", "--to", "2026-11-30")
