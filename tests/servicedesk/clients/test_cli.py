"""The `clients` commands, run through cli.main as `python -m servicedesk clients …` will run them,
against the catalogue named in RELAIS_CATALOGUE_URL."""

import json

import pytest
from sqlalchemy.engine import make_url

from servicedesk.clients import cli
from servicedesk.clients.service import get_by_slug, resolve_channel
from tests.servicedesk.clients.conftest import table_names


def test_create_bind_and_list(catalogue, client_url_template, capsys) -> None:
    assert cli.main(["clients", "create", "acme", "--name", "Acme Corp", "--contact", "it@acme.example"]) == 0
    url = client_url_template.replace("{slug}", "acme")
    assert capsys.readouterr().out.startswith("client acme created, tickets in ")
    assert "tickets" in table_names(url)

    assert cli.main(["clients", "create", "beta", "--name", "Beta"]) == 0
    assert cli.main(["clients", "bind", "acme", "slack_team", "T0001"]) == 0
    assert cli.main(["clients", "bind", "acme", "slack_team", "T0001"]) == 0  # idempotent
    assert "slack_team T0001 belongs to client acme" in capsys.readouterr().out

    assert cli.main(["clients", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["slug"], c["name"], c["active"], c["contact_email"]) for c in listed] == [
        ("acme", "Acme Corp", True, "it@acme.example"), ("beta", "Beta", True, None),
    ]
    assert listed[0]["channels"] == [{"kind": "slack_team", "external_id": "T0001"}]

    assert cli.main(["clients", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        f"acme  Acme Corp  {url}  it@acme.example", "    slack_team T0001",
    ]
    with catalogue() as session:
        assert resolve_channel(db_session=session, kind="slack_team", external_id="T0001").slug == "acme"


def test_refusals_exit_with_1_and_say_why(catalogue, capsys) -> None:
    assert cli.main(["clients", "create", "acme", "--name", "Acme"]) == 0
    assert cli.main(["clients", "create", "beta", "--name", "Beta"]) == 0
    capsys.readouterr()
    for argv, reason in [
        (["clients", "create", "acme", "--name", "Acme again"], "already has the slug 'acme'"),
        (["clients", "create", "Bad_Slug", "--name", "Bad"], "2 to 40 lowercase"),
        (["clients", "bind", "nobody", "rest", "key"], "no active client for 'nobody'"),
        (["clients", "bind", "acme", "rest", "key-1"], None),
        (["clients", "bind", "beta", "rest", "key-1"], "already belongs to client 'acme'"),
    ]:
        code = cli.main(argv)
        captured = capsys.readouterr()
        if reason is None:
            assert code == 0
        else:
            assert (code, captured.out) == (1, "")
            assert reason in captured.err
    with catalogue() as session:
        assert get_by_slug(db_session=session, slug="acme").name == "Acme"


def test_unknown_channel_kinds_are_refused_by_the_parser(catalogue, capsys) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.main(["clients", "bind", "acme", "irc", "#help"])
    assert raised.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_an_empty_catalogue_says_so(catalogue, capsys) -> None:
    assert cli.main(["clients", "list"]) == 0
    assert capsys.readouterr().out == "no clients\n"
    assert cli.main(["clients", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("backend", ["postgresql"])  # SQLite URLs carry no password
def test_database_passwords_are_never_printed(catalogue, client_url_template, capsys) -> None:
    # The test server trusts local connections, so the password is carried but never checked.
    url = make_url(client_url_template.replace("{slug}", "secret")).set(password="s3cret-pw")
    argv = ["clients", "create", "secret", "--name", "S", "--database-url", url.render_as_string(hide_password=False)]
    assert cli.main(argv) == 0
    assert cli.main(["clients", "list"]) == 0
    assert cli.main(["clients", "list", "--json"]) == 0
    out = capsys.readouterr().out
    assert "s3cret-pw" not in out
    assert out.count(url.render_as_string(hide_password=True)) == 3


def test_a_fresh_catalogue_is_migrated_by_the_first_command(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("RELAIS_CATALOGUE_URL", f"sqlite:///{tmp_path / 'new' / 'catalogue.db'}")
    assert cli.main(["clients", "list"]) == 0
    assert capsys.readouterr().out == "no clients\n"
