"""The directory read from a real OpenLDAP server (tests/servicedesk/people/slapd.py): the staff branch with their
managers' DNs turned into addresses, a manager outside the branch read by DN, a refused bind reported."""

import pytest

from servicedesk.database import unit_of_work
from servicedesk.errors import DirectoryUnreachable
from servicedesk.people.importing import import_people
from servicedesk.people.ldap_source import read_directory
from servicedesk.people.service import manager_of, person_by_email
from servicedesk.settings.directory import LdapDirectory
from tests.servicedesk.people.slapd import LdapServer, running_slapd

ENV = "ACME_LDAP_PASSWORD"


def settings(server: LdapServer, **changes: object) -> LdapDirectory:
    return LdapDirectory(**{"url": server.url, "bind_dn": server.bind_dn, "password_env": ENV,
                            "base_dn": server.base_dn} | changes)


def test_the_staff_branch_is_read_with_every_manager_s_address(slapd) -> None:
    entries = {entry.email: entry for entry in read_directory(settings(slapd), environ={ENV: slapd.password})}
    assert set(entries) == {"Chloe.Martin@acme.example", "bob@acme.example", "dan@acme.example"}  # not "nomail"
    assert entries["bob@acme.example"].manager_email == "Chloe.Martin@acme.example"  # a DN written otherwise
    assert entries["Chloe.Martin@acme.example"].manager_email == "ceo@acme.example"  # outside the branch
    assert (entries["bob@acme.example"].language, entries["dan@acme.example"].language) == ("en", None)
    assert entries["Chloe.Martin@acme.example"].name == "Chloé Martin"
    assert entries["dan@acme.example"].source_id == "uid=dan,ou=staff,dc=acme,dc=example"


def test_an_import_from_ldap_answers_who_is_whose_manager(slapd, session_factory) -> None:
    with unit_of_work(session_factory) as session:
        report = import_people(db_session=session, source="ldap",
                               entries=read_directory(settings(slapd, base_dn="dc=acme,dc=example"),
                                                      environ={ENV: slapd.password}))
    assert (report.created, report.errors, report.without_manager) == (4, [], 0)
    with unit_of_work(session_factory) as session:
        assert manager_of(db_session=session, user="dan@acme.example").email == "bob@acme.example"
        manager = manager_of(db_session=session, user="bob@acme.example")
        assert (manager.email, manager.language) == ("chloe.martin@acme.example", "fr")
        assert manager_of(db_session=session, user="chloe.martin@acme.example").name == "Claire Dubois"


def test_one_person_is_read_again_without_touching_the_others(slapd, session_factory) -> None:
    [bob] = read_directory(settings(slapd), email="BOB@acme.example ", environ={ENV: slapd.password})
    assert bob.email == "bob@acme.example"
    with unit_of_work(session_factory) as session:
        import_people(db_session=session, source="ldap", entries=read_directory(
            settings(slapd), environ={ENV: slapd.password}))
        report = import_people(db_session=session, source="ldap", entries=[bob], whole=False)
    assert (report.unchanged, report.deactivated) == (1, 0)
    with unit_of_work(session_factory) as session:
        assert person_by_email(db_session=session, email="dan@acme.example") is not None


@pytest.mark.parametrize(("environ", "url"), [({ENV: "wrong"}, None), ({}, None), ({ENV: "x"}, "ldap://127.0.0.1:1")])
def test_a_refused_bind_a_missing_password_or_no_server_is_reported(slapd, environ, url) -> None:
    ldap = settings(slapd, **({"url": url} if url else {}), timeout_seconds=5)
    with pytest.raises(DirectoryUnreachable) as refused:
        read_directory(ldap, environ=environ)
    assert refused.value.url == ldap.url and refused.value.why


@pytest.mark.parametrize("changes", [{"bind_dn": None, "password_env": None}, {"filter": "(mail=nobody)"}])
def test_a_search_that_finds_nobody_is_refused_not_taken_for_an_empty_directory(slapd, changes) -> None:
    with pytest.raises(DirectoryUnreachable):  # anonymous: the ACL hides the branch; else, nobody matches
        read_directory(settings(slapd, **changes), environ={ENV: slapd.password})


def test_a_search_the_server_cuts_short_is_refused_not_taken_for_the_whole_directory(tmp_path) -> None:
    # Three people in the branch, two returned.
    with running_slapd(tmp_path, size="2") as cutting, pytest.raises(DirectoryUnreachable) as refused:
        read_directory(settings(cutting), environ={ENV: cutting.password})
    assert "cut the search at 2 entries" in refused.value.why
