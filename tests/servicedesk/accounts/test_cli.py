"""The `accounts` commands, run as `python -m servicedesk accounts …` runs them, on RELAIS_CATALOGUE_URL."""

import io
import json

from servicedesk.__main__ import main
from servicedesk.accounts import service
from servicedesk.accounts.cli import parse_grants


def run(*argv: str) -> int:
    try:
        main(list(argv))
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


def test_grants_are_read_from_slug_and_groups() -> None:
    assert parse_grants(["alpha:Network, Workplace", "bravo"]) == {"alpha": ["Network", " Workplace"], "bravo": []}


def test_the_first_admin_is_made_once_with_a_password_shown_once(desk, capsys) -> None:
    assert run("accounts", "first-admin") == 0
    said = capsys.readouterr().out
    password = said.split("password ")[1].split("\n")[0]
    assert "login admin" in said and len(password) >= 20
    with desk() as session:
        admin = service.authenticate(db_session=session, login="admin", password=password)
        assert (admin.role, sorted(g.client.slug for g in admin.grants)) == ("admin", ["alpha", "bravo"])
    assert run("accounts", "first-admin") == 0
    assert "no first admin made" in capsys.readouterr().out


def test_add_grant_disable_and_list(desk, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough passphrase\n"))
    assert run("accounts", "add", "bob", "--name", "Bob Roy", "--email", "bob@desk.example", "--role", "lead",
               "--client", "alpha:Infrastructure", "--password-stdin") == 0
    assert "password" not in capsys.readouterr().out.replace("--password", "")
    assert run("accounts", "grant", "bob", "--client", "alpha:Network") == 1  # a service, not a support group
    assert "client 'alpha' has no support group 'Network'" in capsys.readouterr().err
    assert run("accounts", "grant", "bob", "--client", "bravo:Anything") == 0  # no settings yet: unchecked
    assert run("accounts", "grant", "bob", "--client", "bravo") == 0
    assert run("accounts", "disable", "bob") == 0
    assert run("accounts", "add", "bob", "--name", "B", "--email", "b2@desk.example", "--role", "root") == 2
    assert run("accounts", "add", "eve", "--name", "Eve", "--email", "eve@desk.example", "--role", "agent",
               "--client", "zulu") == 1
    capsys.readouterr()
    assert run("accounts", "list", "--json") == 0
    [bob] = json.loads(capsys.readouterr().out)
    assert (bob["login"], bob["role"], bob["active"], bob["clients"]) == ("bob", "lead", False, {"bravo": []})


def test_signout_everywhere_and_the_audit_trail(desk, capsys) -> None:
    assert run("accounts", "first-admin") == 0
    assert run("accounts", "signout-everywhere", "admin") == 0
    assert "every session of admin ended" in capsys.readouterr().out
    with desk() as session:
        assert service.get_by_login(db_session=session, login="admin").session_epoch == 1
    assert run("accounts", "audit") == 0
    said = capsys.readouterr().out.splitlines()
    assert [line.split()[2] for line in said] == ["signed_out_everywhere", "account_created"]
    assert "(command line)" in said[0] and "admin on alpha, bravo" in said[1]
    assert run("accounts", "audit", "--json", "--kind", "account_created", "--login", "admin") == 0
    [event] = json.loads(capsys.readouterr().out)
    assert (event["kind"], event["login"], event["via"]) == ("account_created", "admin", "command line")
    assert run("accounts", "audit", "--login", "nobody") == 0
    assert capsys.readouterr().out.strip() == "no events"


def test_a_role_changed_on_the_command_line(desk, capsys) -> None:
    assert run("accounts", "first-admin") == 0
    capsys.readouterr()
    assert run("accounts", "role", "admin", "agent") == 1  # the last admin
    assert run("accounts", "audit", "--kind", "role_changed") == 0
    assert capsys.readouterr().out.strip().endswith("no events")
