"""The `directory:` section of a client's settings: optional, LDAP's defaults read inetOrgPerson, a password is
never in the file, and a misspelt key is refused as everywhere else."""

import pytest

from servicedesk.errors import InvalidSettings
from servicedesk.settings.loader import load_text
from tests.servicedesk.settings.document import document, dump


def test_without_a_directory_section_there_is_no_ldap_server() -> None:
    assert load_text(dump(document())).directory.ldap is None


def test_an_ldap_directory_is_read_with_the_inetorgperson_defaults() -> None:
    raw = document()
    raw["directory"] = {"ldap": {"url": "ldaps://dc1.acme.example", "bind_dn": "cn=relais,dc=acme,dc=example",
                                 "password_env": "ACME_LDAP_PASSWORD", "base_dn": "ou=staff,dc=acme,dc=example"}}
    ldap = load_text(dump(raw)).directory.ldap
    assert ldap is not None and ldap.password_env == "ACME_LDAP_PASSWORD"
    assert (ldap.attributes.email, ldap.attributes.manager, ldap.filter) == ("mail", "manager",
                                                                              "(&(objectClass=person)(mail=*))")


@pytest.mark.parametrize("ldap", [
    {"url": "ldaps://dc1", "base_dn": "dc=acme", "password": "hunter2"},  # a password in the file
    {"url": "http://dc1", "base_dn": "dc=acme"},
    {"url": "ldap://dc1", "base_dn": "dc=acme", "attributes": {"email": "mail)(x"}},
])
def test_a_password_in_the_file_a_wrong_scheme_or_attribute_is_refused(ldap) -> None:
    raw = document()
    raw["directory"] = {"ldap": ldap}
    with pytest.raises(InvalidSettings):
        load_text(dump(raw))
