"""A real OpenLDAP server for the directory tests, one per module (starting it takes a fraction of a second)."""

from collections.abc import Iterator

import pytest

from tests.servicedesk.people.slapd import LdapServer, running_slapd


@pytest.fixture(scope="module")
def slapd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapServer]:
    with running_slapd(tmp_path_factory.mktemp("slapd")) as server:
        yield server
