"""The accounts' use cases on a real catalogue (SQLite and PostgreSQL): making, granting, disabling, signing in
with a password or through the provider. Nothing here commits but the test's unit of work."""

import pytest

from servicedesk.accounts import service
from servicedesk.database import unit_of_work
from servicedesk.errors import AccountExists, AccountForbidden, ClientUnknown, InvalidAccount, SignInRefused

PASSWORD = "a long enough passphrase"


def make(session, login: str = "alice", role: str = "agent", **extra):
    values = {"display_name": login.title(), "email": f"{login}@desk.example", "password": PASSWORD,
              "grants": {"alpha": []}} | extra
    return service.create(db_session=session, login=login, role=role, **values)


def test_an_account_keeps_a_hash_its_grants_and_the_agent_sees_only_active_clients(desk) -> None:
    with unit_of_work(desk) as session:
        account = make(session, "Alice", grants={"alpha": ["Network", "Network"], "charlie": []})
        assert account.login == "alice" and account.password_hash.startswith("$argon2id$")
        assert PASSWORD not in account.password_hash
    with desk() as session:
        agent = service.agent_of(service.get_by_login(db_session=session, login="ALICE"))
        assert dict(agent.clients) == {"alpha": ("Alpha", ("Network",))}  # charlie is inactive
        assert agent.may_work_on("alpha") and not agent.may_work_on("bravo") and not agent.may_work_on("charlie")


def test_logins_and_emails_are_unique_and_unknown_clients_refused(desk) -> None:
    with unit_of_work(desk) as session:
        make(session)
    with unit_of_work(desk) as session, pytest.raises(AccountExists, match="login"):
        make(session, email="other@desk.example")
    with unit_of_work(desk) as session, pytest.raises(AccountExists, match="e-mail"):
        make(session, "bob", email="ALICE@desk.example")
    with unit_of_work(desk) as session, pytest.raises(ClientUnknown):
        make(session, "bob", grants={"zulu": []})
    with unit_of_work(desk) as session, pytest.raises(InvalidAccount):
        make(session, "bob", password="short")


def test_only_an_active_admin_manages_accounts(desk) -> None:
    with unit_of_work(desk) as session:
        admin, lead = make(session, "root", "admin"), make(session, "lea", "lead")
        make(session, "bob", by=admin)
        with pytest.raises(AccountForbidden):
            make(session, "eve", "admin", by=lead)  # no climbing to admin through a lead
        with pytest.raises(AccountForbidden):
            service.set_grants(db_session=session, account=lead, grants={"bravo": []}, by=lead)
        with pytest.raises(AccountForbidden):
            service.set_password(db_session=session, account=admin, password="a new long passphrase", by=lead)
        service.set_password(db_session=session, account=lead, password="her own new passphrase", by=lead)
        with pytest.raises(AccountForbidden, match="bravo"):  # root holds alpha only: it cannot hand out bravo
            make(session, "eve", "admin", grants={"alpha": [], "bravo": []}, by=admin)


def test_password_sign_in_refuses_alike_and_renews_nothing_needlessly(desk) -> None:
    with unit_of_work(desk) as session:
        make(session)
        make(session, "bob")
        service.disable(db_session=session, login="bob")
    with unit_of_work(desk) as session:
        assert service.get_by_login(db_session=session, login="alice").last_signed_in_at is None
        assert service.authenticate(db_session=session, login=" Alice ", password=PASSWORD).login == "alice"
        assert service.get_by_login(db_session=session, login="alice").last_signed_in_at is not None
        refusals = []
        for login, password in (("alice", "wrong password!"), ("nobody", PASSWORD), ("bob", PASSWORD),
                                ("alice", "x" * 10_000)):
            with pytest.raises(SignInRefused) as refused:
                service.authenticate(db_session=session, login=login, password=password)
            refusals.append(str(refused.value))
        assert set(refusals) == {"wrong login or password"}  # the reason is for the log only


def test_disabling_ends_sessions_and_spares_the_last_admin(desk) -> None:
    with unit_of_work(desk) as session:
        admin = make(session, "root", "admin")
        epoch = make(session).session_epoch
        assert service.disable(db_session=session, login="alice").session_epoch == epoch + 1
        with pytest.raises(InvalidAccount, match="last active admin"):
            service.disable(db_session=session, login="root", by=admin)
        make(session, "root2", "admin")
        assert not service.disable(db_session=session, login="root", by=admin).active
        assert service.enable(db_session=session, login="alice").active


def test_a_new_password_ends_the_sessions_signed_before(desk) -> None:
    with unit_of_work(desk) as session:
        account = make(session)
        service.set_password(db_session=session, account=account, password="another long passphrase")
        assert account.session_epoch == 1
        with pytest.raises(SignInRefused):
            service.authenticate(db_session=session, login="alice", password=PASSWORD)


def test_the_provider_names_an_existing_account_by_email_then_by_subject(desk) -> None:
    with unit_of_work(desk) as session:
        make(session, password=None)
        make(session, "bob")
        service.disable(db_session=session, login="bob")
    issuer = "https://idp.example"
    with unit_of_work(desk) as session:
        account = service.for_identity(db_session=session, issuer=issuer, subject="s-1", email="Alice@desk.example")
        assert (account.login, account.oidc_subject) == ("alice", "s-1")
    with unit_of_work(desk) as session:  # the subject, now bound, names her even with another address
        assert service.for_identity(db_session=session, issuer=issuer, subject="s-1", email=None).login == "alice"
        for subject, email in (("s-2", "alice@desk.example"),  # her address, given to someone else at the provider
                               ("s-3", "nobody@desk.example"),  # nobody's: no account is ever made
                               ("s-4", "bob@desk.example"), ("s-5", None)):
            with pytest.raises(SignInRefused):
                service.for_identity(db_session=session, issuer=issuer, subject=subject, email=email)
        with pytest.raises(SignInRefused):  # an account without a password cannot sign in with one
            service.authenticate(db_session=session, login="alice", password="")
