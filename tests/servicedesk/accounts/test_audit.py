"""The accounts' audit trail: every use case records what it did, by whom, from where; a refused sign-in is
recorded with its reason and never the password; the trail is read latest first, by login and kind."""

import pytest

from servicedesk.accounts import audit, service
from servicedesk.database import unit_of_work
from servicedesk.errors import SignInRefused
from tests.servicedesk.accounts.test_service import PASSWORD, make


def trail(desk, **filters) -> list[tuple[str, str, str | None, str, str | None]]:
    with desk() as session:
        return [(e.kind, e.login, e.actor, e.via, e.detail) for e in audit.events(db_session=session, **filters)]


def test_account_changes_are_recorded_with_who_did_them(desk) -> None:
    with unit_of_work(desk) as session:
        admin = make(session, "root", "admin", grants={"alpha": [], "bravo": []})
        alice = make(session, by=admin, address="192.0.2.7")
        service.grant_client(db_session=session, account=alice, client="bravo", groups=[], by=admin)
        service.set_password(db_session=session, account=alice, password="another long passphrase", by=alice)
        service.disable(db_session=session, login="alice", by=admin)
        service.enable(db_session=session, login="alice")
        service.end_sessions(db_session=session, account=alice, by=admin)
    assert trail(desk, login="alice") == [
        ("signed_out_everywhere", "alice", "root", "console", None),
        ("account_enabled", "alice", None, "command line", None),
        ("account_disabled", "alice", "root", "console", None),
        ("password_changed", "alice", None, "console", None),  # by herself: no actor
        ("grants_changed", "alice", "root", "console", "bravo: all groups"),
        ("account_created", "alice", "root", "console", "agent on alpha"),
    ]
    with desk() as session:
        assert audit.events(db_session=session, login="alice", kinds=["account_created"])[0].address == "192.0.2.7"
    assert trail(desk, login="root") == [("account_created", "root", None, "command line", "admin on alpha, bravo")]


def test_sign_ins_and_refusals_are_recorded_without_the_password(desk) -> None:
    with unit_of_work(desk) as session:
        make(session)
    with unit_of_work(desk) as session:
        service.authenticate(db_session=session, login="Alice", password=PASSWORD, address="192.0.2.1")
        service.for_identity(db_session=session, issuer="https://idp.example", subject="s-1",
                             email="alice@desk.example", address="192.0.2.1")
        service.authenticate(db_session=session, login="alice", password=PASSWORD, audited=False)
    for login, password in (("alice", "the wrong one, typed"), ("nobody", PASSWORD)):
        try:
            with unit_of_work(desk) as session:
                service.authenticate(db_session=session, login=login, password=password)
        except SignInRefused as refused:
            with unit_of_work(desk) as session:
                audit.refused(db_session=session, login=login, reason=refused.reason, via="password",
                              address="198.51.100.9", locked_for=60 if login == "nobody" else 0)
    assert trail(desk, kinds=["signed_in", "sign_in_refused", "locked_out"]) == [
        ("locked_out", "nobody", None, "password", "60 s"),
        ("sign_in_refused", "nobody", None, "password", "unknown login"),
        ("sign_in_refused", "alice", None, "password", "wrong password"),
        ("signed_in", "alice", None, "provider", None),
        ("signed_in", "alice", None, "password", None),
    ]
    with desk() as session:
        rows = audit.events(db_session=session)
        assert all(PASSWORD not in str(vars(e)) and "the wrong one" not in str(vars(e)) for e in rows)
        assert {e.account_id is not None for e in rows if e.login == "alice"} == {True}
        assert {e.account_id for e in rows if e.login == "nobody"} == {None}


def test_a_sign_out_is_recorded_and_an_unknown_account_is_not(desk) -> None:
    with unit_of_work(desk) as session:
        alice = make(session)
        service.sign_out(db_session=session, account_id=alice.id, address="192.0.2.1")
        service.sign_out(db_session=session, account_id=alice.id + 100)
    assert trail(desk, kinds=["signed_out"]) == [("signed_out", "alice", None, "console", None)]


@pytest.mark.parametrize("limit", [1, 3])
def test_the_trail_is_read_latest_first_within_a_limit(desk, limit) -> None:
    with unit_of_work(desk) as session:
        for login in ("a1", "a2", "a3", "a4"):
            make(session, login)
    assert [row[1] for row in trail(desk, limit=limit)] == ["a4", "a3", "a2", "a1"][:limit]
