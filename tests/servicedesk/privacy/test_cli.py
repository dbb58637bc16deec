"""`python -m servicedesk privacy export|erase|purge` through the command line's entry point, in the test's
process (tests/cli.py); tests/servicedesk/tickets/test_cli.py runs `python -m servicedesk` as a real subprocess."""

import json
import subprocess
from datetime import UTC, datetime

from sqlalchemy import select

from servicedesk.__main__ import main
from servicedesk.clients.registry import ClientDatabases
from servicedesk.conversations.models import Conversation
from servicedesk.database import make_engine, make_session_factory, unit_of_work
from servicedesk.privacy.models import PrivacyRequest
from tests.cli import run_main
from tests.servicedesk.privacy.conftest import MARIE, PAUL, close, open_for, talk
from tests.servicedesk.privacy.test_tracker import _filled, _senders

LONG_AGO = datetime(2020, 3, 2, 9, tzinfo=UTC)


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run_main(main, args, env)


def test_export_erase_and_purge_from_the_command_line(tmp_path) -> None:
    tracker = _filled(f"sqlite:///{tmp_path / 'rasa_tracker.db'}")
    env = {"RELAIS_CATALOGUE_URL": f"sqlite:///{tmp_path / 'catalogue.db'}",
           "RELAIS_CLIENT_DATABASE_URL_TEMPLATE": f"sqlite:///{tmp_path}/{{slug}}.db",
           "RELAIS_TRACKER_STORE_URL": tracker.url}
    for slug in ("demo", "acme"):
        assert cli(env, "clients", "create", slug, "--name", slug.title()).returncode == 0
    assert cli(env, "settings", "load", "--client", "demo").returncode == 0
    catalogue = make_engine(env["RELAIS_CATALOGUE_URL"])
    registry = ClientDatabases(make_session_factory(catalogue))
    with unit_of_work(registry.session_factory("demo")) as session:
        talk(session, MARIE, LONG_AGO, "Outlook plante")
        talk(session, PAUL, LONG_AGO, "l'imprimante bourre")
        close(session, open_for(session, PAUL, LONG_AGO), LONG_AGO, PAUL)
        number = open_for(session, MARIE, LONG_AGO).number

    out = tmp_path / "marie.json"
    exported = cli(env, "privacy", "export", "--client", "demo", "--person", MARIE.email, "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert [t["number"] for t in json.loads(out.read_text(encoding="utf-8"))["tickets"]] == [number]
    assert json.loads(cli(env, "privacy", "export", "--client", "acme", "--person", MARIE.email).stdout)[
        "tickets"] == []  # Acme never heard of her

    erased = cli(env, "privacy", "erase", "--client", "demo", "--person", MARIE.requester, "--actor", "claire")
    assert erased.returncode == 0, erased.stderr
    assert json.loads(erased.stdout)["tickets_anonymised"] == 1 and _senders(tracker) == [PAUL.conversation]

    purged = cli(env, "privacy", "purge", "--client", "demo", "--now", "2027-06-01T12:00:00")
    assert purged.returncode == 0, purged.stderr
    assert json.loads(purged.stdout)["conversations"] == 1 and _senders(tracker) == []
    refused = cli(env, "privacy", "purge", "--client", "acme")
    assert refused.returncode == 1 and "no settings loaded" in refused.stderr
    assert cli(env, "privacy", "erase", "--client", "nobody", "--person", "x", "--actor", "claire").returncode == 1

    with registry.session_factory("demo")() as session:
        assert session.scalars(select(Conversation)).all() == []
        ledger = [(row.kind, row.person, row.actor) for row in session.scalars(
            select(PrivacyRequest).order_by(PrivacyRequest.id))]
    assert ledger[1:] == [("erasure", MARIE.requester, "cli:claire"), ("purge", None, "cli")]
    assert ledger[0][:2] == ("export", MARIE.email) and ledger[0][2].startswith("cli:")
    registry.dispose()
    catalogue.dispose()
