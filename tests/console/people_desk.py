"""What the people-page tests add to the console's desk (tests/console/conftest.py): a real OpenLDAP server
(tests/servicedesk/people/slapd.py) named as alpha's directory in its settings, with an approval group and a
delegate; bravo's directory filled from a CSV-like list of its own, which no alpha page may show."""

from collections.abc import Iterator

import pytest

from servicedesk.database import unit_of_work
from servicedesk.people.importing import Entry, import_people
from servicedesk.settings.current import load_into
from tests.api.conftest import DEMO_SETTINGS
from tests.console.conftest import Desk
from tests.servicedesk.people.slapd import LdapServer, running_slapd

PASSWORD_ENV = "ALPHA_LDAP_PASSWORD"
BRAVO_PEOPLE = [Entry(1, "secret.boss@bravo.example", "Bravo Secret Boss"),
                Entry(2, "worker@bravo.example", "Bravo Worker", manager_email="secret.boss@bravo.example")]


@pytest.fixture(scope="module")
def slapd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapServer]:
    with running_slapd(tmp_path_factory.mktemp("slapd")) as server:
        yield server


def with_directory(desk: Desk, server: LdapServer, monkeypatch: pytest.MonkeyPatch, every: str = "6h") -> None:
    """alpha's settings name the slapd (its password in the environment), bob in a finance group and the CEO as
    the delegate for silent approvers; bravo has a directory of its own."""
    monkeypatch.setenv(PASSWORD_ENV, server.password)
    text = DEMO_SETTINGS.read_text(encoding="utf-8") + (
        f"\ndirectory:\n  sync_every: {every}\n  ldap:\n    url: {server.url}\n    bind_dn: {server.bind_dn}\n"
        f"    password_env: {PASSWORD_ENV}\n    base_dn: {server.base_dn}\n"
        "approvals:\n  escalate_to: ceo@acme.example\n  groups:\n    - {name: finance, members: [bob@acme.example]}\n")
    with unit_of_work(desk.registry.session_factory("alpha")) as session:
        load_into(db_session=session, text=text, origin="alpha-settings.yml")
    with unit_of_work(desk.registry.session_factory("bravo")) as session:
        import_people(db_session=session, entries=BRAVO_PEOPLE, source="csv")
