"""Attacks on the people directory and on the mail replies it meets: an address put into an LDAP filter is
escaped (a crafted one matches nobody, never everybody nor another person); one client's directory says nothing
of another's people; a stranger's "yes, it's fixed" by mail is refused and closes nothing."""
# ruff: noqa: F811 - the doors' database fixtures are imported (tests/bot/conftest.py), then named as arguments

from collections.abc import Iterator

import pytest

from bot.mail.tags import TicketRef, reply_address
from servicedesk.database import make_engine, make_session_factory, migrate, unit_of_work
from servicedesk.people.importing import Entry, import_people
from servicedesk.people.ldap_source import read_directory
from servicedesk.people.service import manager_of, person_by_email
from servicedesk.settings.directory import LdapDirectory
from servicedesk.tickets import workflow
from servicedesk.tickets.service import get_by_number
from tests.bot.conftest import bootstrapped, directory  # noqa: F401 - fixtures: the doors' real client databases
from tests.security.test_email_door import DESK, SECRET, exchange, lines, mail, ticket  # noqa: F401
from tests.servicedesk.people.slapd import LdapServer, running_slapd

ENV = "ACME_LDAP_PASSWORD"


@pytest.fixture(scope="module")
def slapd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapServer]:
    with running_slapd(tmp_path_factory.mktemp("slapd")) as server:
        yield server


@pytest.mark.parametrize("crafted", [
    "*",
    "*)(mail=*",
    "bob@acme.example)(|(mail=*",
    "*)(objectClass=*))(&(mail=bob@acme.example",
    "x\\2a",  # an escape of the filter's own syntax, written by the attacker: taken as the characters it is
    "bob@acme.example\x00",
])
def test_an_address_is_escaped_into_the_ldap_filter_and_matches_nobody(slapd, crafted) -> None:
    settings = LdapDirectory(url=slapd.url, bind_dn=slapd.bind_dn, password_env=ENV, base_dn=slapd.base_dn)
    assert read_directory(settings, email=crafted, environ={ENV: slapd.password}) == []
    [bob] = read_directory(settings, email="bob@acme.example", environ={ENV: slapd.password})  # the way in works
    assert bob.email == "bob@acme.example"


def test_one_client_s_directory_says_nothing_of_another_s_people(tmp_path) -> None:
    factories = {}
    for client in ("acme", "globex"):
        url = f"sqlite:///{tmp_path / client}.db"
        migrate(url)
        factories[client] = make_session_factory(make_engine(url))
    with unit_of_work(factories["acme"]) as session:
        import_people(db_session=session, source="csv", entries=[
            Entry(1, "boss@acme.example"), Entry(2, "bob@acme.example", manager_email="boss@acme.example")])
    with unit_of_work(factories["globex"]) as session:
        assert person_by_email(db_session=session, email="bob@acme.example") is None
        assert manager_of(db_session=session, user="bob@acme.example") is None
    with unit_of_work(factories["acme"]) as session:
        assert manager_of(db_session=session, user="bob@acme.example").email == "boss@acme.example"


def test_a_stranger_s_yes_by_mail_is_refused_and_closes_nothing(directory, ticket) -> None:
    with unit_of_work(directory.sessions("demo")) as session:
        found = get_by_number(db_session=session, number=ticket)
        workflow.resolve(db_session=session, ticket=found, actor="console:karim", agreements=directory.desk(session),
                         category="network", cause_code="configuration", resolution_code="fixed", solution="Profil")
    [answer] = exchange(directory, (mail("intrus@ailleurs.example", body="Oui c'est réglé, merci"),
                                    reply_address(DESK, TicketRef("demo", ticket), SECRET)))
    assert getattr(answer, "smtp_code", None) == 550
    with directory.sessions("demo")() as session:
        assert get_by_number(db_session=session, number=ticket).status == "resolved"
    assert lines(directory, ticket) == []
