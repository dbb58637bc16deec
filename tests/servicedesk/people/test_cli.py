"""`python -m servicedesk people import-csv|import-ldap|show` through the command line's own entry point (in the
test's process: a subprocess per command would cost seconds each), the LDAP import from a real OpenLDAP server
named by the client's settings, the password from the environment."""

import subprocess

import pytest
import yaml

from servicedesk.__main__ import main
from tests.cli import run_main
from tests.servicedesk.people.slapd import LdapServer
from tests.servicedesk.settings.document import document


class Cli:
    """`python -m servicedesk …` as main() runs it (tests/cli.py), on the test's own catalogue."""

    def __init__(self, tmp_path) -> None:
        self.places = {"RELAIS_CATALOGUE_URL": f"sqlite:///{tmp_path / 'catalogue.db'}",
                       "RELAIS_CLIENT_DATABASE_URL_TEMPLATE": f"sqlite:///{tmp_path}/{{slug}}.db"}

    def __call__(self, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
        return run_main(main, args, {**self.places, **env})


@pytest.fixture
def cli(tmp_path) -> Cli:
    return Cli(tmp_path)


def _client(cli: Cli) -> dict[str, str]:
    assert cli({}, "clients", "create", "acme", "--name", "Acme").returncode == 0
    return {}


def test_a_csv_file_is_imported_and_a_person_shown_with_their_line(tmp_path, cli) -> None:
    env = _client(cli)
    staff = tmp_path / "staff.csv"
    staff.write_text("email,name,language,manager\nceo@acme.example,Claire,fr,\nbob@acme.example,Bob,en,"
                     "ceo@acme.example\nbroken,?,,\n", encoding="utf-8")
    dry = cli(env, "people", "import-csv", str(staff), "--client", "acme", "--dry-run")
    assert dry.returncode == 2 and "line 4" in dry.stdout and "nothing stored" in dry.stdout
    imported = cli(env, "people", "import-csv", str(staff), "--client", "acme")
    assert imported.returncode == 2 and "created 2" in imported.stdout, imported.stderr
    shown = cli(env, "people", "show", "BOB@acme.example", "--client", "acme")
    assert shown.returncode == 0 and shown.stdout.splitlines() == ["bob@acme.example  Bob  en",
                                                                   "  ceo@acme.example  Claire  fr"]


def test_the_ldap_server_of_the_settings_is_imported(tmp_path, cli, slapd: LdapServer) -> None:
    env = _client(cli)
    raw = document()
    raw["client"]["slug"] = "acme"
    settings = tmp_path / "settings.yml"
    raw["directory"] = {"ldap": {"url": slapd.url, "bind_dn": slapd.bind_dn, "password_env": "ACME_LDAP_PASSWORD",
                                 "base_dn": slapd.base_dn}}
    settings.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert cli(env, "settings", "load", "--client", "acme", "--file", str(settings)).returncode == 0
    missing = cli(env, "people", "import-ldap", "--client", "acme")
    assert missing.returncode == 1 and "ACME_LDAP_PASSWORD" in missing.stderr
    env["ACME_LDAP_PASSWORD"] = slapd.password
    imported = cli(env, "people", "import-ldap", "--client", "acme")
    assert imported.returncode == 0 and "created 3" in imported.stdout, imported.stderr
    shown = cli(env, "people", "show", "dan@acme.example", "--client", "acme").stdout.splitlines()
    assert [line.split()[0] for line in shown] == ["dan@acme.example", "bob@acme.example",
                                                   "chloe.martin@acme.example"]  # the CEO is outside the branch
