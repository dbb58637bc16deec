"""API keys in the catalogue: issued once, recognised by their hash, revoked; and the `clients key` commands."""

import hashlib

import pytest
from sqlalchemy import select

from servicedesk.clients import cli, keys
from servicedesk.clients.models import ApiKey
from servicedesk.clients.service import create, get_by_slug
from servicedesk.database import unit_of_work
from servicedesk.errors import InvalidApiKey, InvalidClient


def test_a_key_is_shown_once_stored_as_its_hash_and_opens_its_client(catalogue) -> None:
    with unit_of_work(catalogue) as session:
        client = create(db_session=session, slug="acme", name="Acme")
        secret = keys.issue(db_session=session, client=client, name="zabbix", role="integration")
    assert secret.startswith("rk_") and len(secret) > 40
    with catalogue() as session:
        row = session.scalar(select(ApiKey))
        assert row.key_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert (row.name, row.role, row.revoked_at) == ("zabbix", "integration", None)
        found, role = keys.authenticate(db_session=session, secret=secret)
        assert (found.slug, role) == ("acme", "integration")
        for wrong in ["", secret[:-1], secret + "x", row.key_hash]:
            with pytest.raises(InvalidApiKey):
                keys.authenticate(db_session=session, secret=wrong)


def test_issuing_refuses_unknown_roles_bad_names_and_a_second_live_key_of_one_name(catalogue) -> None:
    with unit_of_work(catalogue) as session:
        client = create(db_session=session, slug="acme", name="Acme")
        other = create(db_session=session, slug="beta", name="Beta")
        keys.issue(db_session=session, client=client, name="desk-tool", role="agent")
        for name, role, reason in [("x", "root", "unknown API role"), ("", "agent", "a key name"),
                                   ("has space", "agent", "a key name"), ("x" * 61, "agent", "a key name"),
                                   ("desk-tool", "admin", "already has an active key named 'desk-tool'")]:
            with pytest.raises(InvalidClient, match=reason):
                keys.issue(db_session=session, client=client, name=name, role=role)
        keys.issue(db_session=session, client=other, name="desk-tool", role="agent")  # names are per client


def test_a_revoked_key_opens_nothing_and_its_name_can_be_reused(catalogue) -> None:
    with unit_of_work(catalogue) as session:
        client = create(db_session=session, slug="acme", name="Acme")
        old = keys.issue(db_session=session, client=client, name="desk-tool", role="agent")
        keys.revoke(db_session=session, client=client, name="desk-tool")
        with pytest.raises(InvalidApiKey, match="no active key named 'desk-tool'"):
            keys.revoke(db_session=session, client=client, name="desk-tool")
        new = keys.issue(db_session=session, client=client, name="desk-tool", role="admin")
    with catalogue() as session:
        with pytest.raises(InvalidApiKey):
            keys.authenticate(db_session=session, secret=old)
        assert keys.authenticate(db_session=session, secret=new)[1] == "admin"
        assert len(session.scalars(select(ApiKey)).all()) == 2  # the revoked row stays for the history's sake


def test_the_keys_of_an_inactive_client_open_nothing(catalogue) -> None:
    with unit_of_work(catalogue) as session:
        client = create(db_session=session, slug="acme", name="Acme")
        secret = keys.issue(db_session=session, client=client, name="desk-tool", role="agent")
        client.active = False
    with catalogue() as session, pytest.raises(InvalidApiKey):
        keys.authenticate(db_session=session, secret=secret)


def test_the_key_command_prints_the_secret_once_and_revoke_key_revokes_it(catalogue, capsys) -> None:
    assert cli.main(["clients", "create", "acme", "--name", "Acme"]) == 0
    capsys.readouterr()
    assert cli.main(["clients", "key", "acme", "--name", "zabbix", "--role", "integration"]) == 0
    lines = capsys.readouterr().out.splitlines()
    secret = lines[0]
    assert secret.startswith("rk_")
    assert lines[1:] == ["(key zabbix of client acme, role integration: shown once, only its hash is stored)"]
    with catalogue() as session:
        client, role = keys.authenticate(db_session=session, secret=secret)
        assert (client.slug, role) == ("acme", "integration")
        assert session.scalar(select(ApiKey.key_hash)) == keys.hash_secret(secret)

    assert cli.main(["clients", "key", "acme", "--name", "zabbix", "--role", "agent"]) == 1
    assert "already has an active key named 'zabbix'" in capsys.readouterr().err
    assert cli.main(["clients", "key", "nobody", "--name", "zabbix", "--role", "agent"]) == 1
    with pytest.raises(SystemExit):  # argparse: not one of the roles
        cli.main(["clients", "key", "acme", "--name", "zabbix", "--role", "root"])
    capsys.readouterr()

    assert cli.main(["clients", "revoke-key", "acme", "--name", "zabbix"]) == 0
    assert capsys.readouterr().out == "key zabbix of client acme revoked\n"
    with catalogue() as session:
        with pytest.raises(InvalidApiKey):
            keys.authenticate(db_session=session, secret=secret)
        assert get_by_slug(db_session=session, slug="acme").active
    assert cli.main(["clients", "revoke-key", "acme", "--name", "zabbix"]) == 1
