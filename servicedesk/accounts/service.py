"""Use cases on the desk's agent accounts. Functions take the caller's catalogue session and never commit.

`by` is the account acting (None: the machine's operator, on the command line, who creates the first admin);
what it may do is servicedesk.accounts.rules', checked here whatever the adapter checked. `address` is the
browser's, for the audit trail (servicedesk/accounts/audit.py) that every use case below writes to.
What the console needs of an account between requests is an `Agent`: plain values, read again on every request,
so that a disabled account or a withdrawn client takes effect on the next click; `agent.may(action, client)` is
what the console's routes ask before they show or do anything (the actions: servicedesk/accounts/rules.py).
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from servicedesk.accounts import audit, passwords, rules
from servicedesk.accounts.models import AccountGrant, AgentAccount
from servicedesk.clients.models import Client
from servicedesk.errors import (
    AccountExists,
    AccountForbidden,
    AccountUnknown,
    ClientUnknown,
    InvalidAccount,
    SignInRefused,
)
from servicedesk.models import utcnow


@dataclass(frozen=True)
class Agent:
    """A signed-in account as the console sees it: who, which role, which clients (slug → name, groups; no groups:
    all of them). Only active clients are listed."""

    id: int
    login: str
    display_name: str
    email: str
    role: str
    session_epoch: int
    clients: Mapping[str, tuple[str, tuple[str, ...]]]

    def may_work_on(self, slug: str) -> bool:
        return slug in self.clients

    @property
    def actor(self) -> str:
        return actor_of(self.login)

    @property
    def groups(self) -> dict[str, tuple[str, ...]]:
        """slug → the groups it works for there (none: all)."""
        return {slug: groups for slug, (_, groups) in self.clients.items()}

    def may(self, action: rules.Action, client: str | None = None) -> bool:
        """Whether this agent may take `action` on `client` (None: on one of its clients, or a desk action)."""
        return rules.may(self.role, self.clients, action, client)

    def may_manage(self, role: str, clients: Mapping[str, Sequence[str]]) -> bool:
        """Whether it may disable, enable or sign out everywhere an account of `role` working on `clients`."""
        return rules.may_manage(self.role, self.groups, role, clients)

    def may_give(self, role: str, client: str, groups: Sequence[str]) -> bool:
        """Whether it may give (or withdraw) these groups of `client` (none: all) to an account of `role`."""
        return rules.may_give(self.role, self.groups, role, client, groups)


def actor_of(login: str) -> str:
    """Who an account is in a client's ticket history, as a ticket's assignee and as a taken conversation's holder,
    whichever door names it (the console, the REST API): one spelling, so that "mine" finds every ticket given to
    it. (A Slack agent is `slack:<team>:<user>`, an API key `api:<name>`.)"""
    return f"console:{login}"


def assignable(*, db_session: Session, client: str, group: str) -> list[Agent]:
    """The active agents who may be given a ticket of this client's `group`: granted the client, and the group or
    all of them. The console's list to pick from and the REST API's check of the agent it is named."""
    found = [agent_of(account) for account in team_of(db_session=db_session, client=client) if account.active]
    return [agent for agent in found if agent.may_work_on(client)
            and (not agent.clients[client][1] or group in agent.clients[client][1])]


def assignable_agent(*, db_session: Session, client: str, group: str, login: str) -> Agent:
    """The one of them with this login; AccountUnknown otherwise, the same for an account that does not exist and
    one that may not work on the ticket, so that nothing is said of who exists."""
    for agent in assignable(db_session=db_session, client=client, group=group):
        if agent.login == login:
            return agent
    raise AccountUnknown(login)


def held(account: AgentAccount) -> dict[str, list[str]]:
    """The active clients the account works on, slug → groups (none: all)."""
    return {grant.client.slug: list(grant.groups or ()) for grant in account.grants if grant.client.active}


def agent_of(account: AgentAccount) -> Agent:
    clients = {grant.client.slug: (grant.client.name, tuple(grant.groups or ()))
               for grant in sorted(account.grants, key=lambda grant: grant.client.slug) if grant.client.active}
    return Agent(id=account.id, login=account.login, display_name=account.display_name, email=account.email,
                 role=account.role, session_epoch=account.session_epoch, clients=clients)


def create(*, db_session: Session, login: str, display_name: str, email: str, role: str,
           password: str | None = None, grants: Mapping[str, Sequence[str]] | None = None,
           known_groups: Mapping[str, Collection[str]] | None = None, by: AgentAccount | None = None,
           address: str | None = None) -> AgentAccount:
    """A new active account, with its password hashed (None: it signs in through the provider only) and its
    clients granted (slug → groups, none: every group; a group must be among the client's `known_groups` when
    those are given). Everything is checked before anything is written."""
    _check_may_manage(by, grants or {})
    login = rules.normal_login(login)
    email = rules.normal_email(email)
    account = AgentAccount(login=login, display_name=rules.normal_name(display_name), email=email,
                           role=rules.check_role(role), active=True)
    if password is not None:
        rules.check_password(password, login=login)
    for field, value in (("login", login), ("e-mail", email)):
        column = AgentAccount.login if field == "login" else AgentAccount.email
        if db_session.scalar(select(AgentAccount.id).where(column == value)) is not None:
            raise AccountExists(field, value)
    account.grants = [AccountGrant(client=client, groups=groups)
                      for client, groups in _clients(db_session=db_session, grants=grants or {},
                                                     known_groups=known_groups)]
    if password is not None:
        account.password_hash = passwords.hash_password(password)
    db_session.add(account)
    db_session.flush()
    audit.record(db_session=db_session, kind="account_created", login=login, via=_via(by), account=account, by=by,
                 address=address, detail=f"{account.role} on {_described(account)}")
    return account


def get(*, db_session: Session, account_id: int) -> AgentAccount | None:
    return db_session.get(AgentAccount, account_id)


def get_by_login(*, db_session: Session, login: str) -> AgentAccount:
    """Raises AccountUnknown."""
    account = db_session.scalar(select(AgentAccount).where(AgentAccount.login == login.strip().lower()))
    if account is None:
        raise AccountUnknown(login)
    return account


def list_accounts(*, db_session: Session) -> list[AgentAccount]:
    return list(db_session.scalars(select(AgentAccount).order_by(AgentAccount.login)))


def team_of(*, db_session: Session, client: str) -> list[AgentAccount]:
    """Every account working on this client, active or not, by login: the team a lead of the client sees."""
    return list(db_session.scalars(select(AgentAccount).join(AccountGrant).join(Client)
                                   .where(Client.slug == client).order_by(AgentAccount.login)))


def set_grants(*, db_session: Session, account: AgentAccount, grants: Mapping[str, Sequence[str]],
               known_groups: Mapping[str, Collection[str]] | None = None,
               by: AgentAccount | None = None, address: str | None = None) -> AgentAccount:
    """Replace the clients and groups the account works on (groups checked as create() does). Only an admin (or
    the command line) replaces them all; a lead gives and withdraws its own clients (grant_client)."""
    _check_may_manage(by, grants)
    wanted = _clients(db_session=db_session, grants=grants, known_groups=known_groups)
    # A client granted before keeps its row (its groups changed in place): a new row beside the old one would break
    # the (account, client) uniqueness before the old one is deleted.
    kept = {grant.client_id: grant for grant in account.grants}
    account.grants = [_regrant(kept.get(client.id), client, groups) for client, groups in wanted]
    db_session.flush()
    audit.record(db_session=db_session, kind="grants_changed", login=account.login, via=_via(by), account=account,
                 by=by, address=address, detail=_described(account))
    return account


def grant_client(*, db_session: Session, account: AgentAccount, client: str, groups: Sequence[str],
                 known_groups: Mapping[str, Collection[str]] | None = None, by: AgentAccount | None = None,
                 address: str | None = None) -> AgentAccount:
    """Give the account one client's groups (none: all), or change those it had there; its other clients stay.
    A lead gives what it leads, to an agent (rules.may_give), and only where it leads all the agent had there."""
    groups = rules.normal_groups(list(groups))
    current = next((grant for grant in account.grants if grant.client.slug == client), None)
    _check_may_give(by, account, client, groups, current)
    [(found, groups)] = _clients(db_session=db_session, grants={client: groups}, known_groups=known_groups)
    if current is None:
        account.grants.append(AccountGrant(client=found, groups=groups))
    else:
        current.groups = groups
    db_session.flush()
    audit.record(db_session=db_session, kind="grants_changed", login=account.login, via=_via(by), account=account,
                 by=by, address=address, detail=f"{client}: {', '.join(groups) or 'all groups'}")
    return account


def withdraw_client(*, db_session: Session, account: AgentAccount, client: str, by: AgentAccount | None = None,
                    address: str | None = None) -> AgentAccount:
    """The account no longer works on this client (nothing happens if it did not); checked as grant_client."""
    current = next((grant for grant in account.grants if grant.client.slug == client), None)
    if current is None:
        return account
    _check_may_give(by, account, client, list(current.groups or ()), current)
    account.grants.remove(current)
    db_session.flush()
    audit.record(db_session=db_session, kind="grants_changed", login=account.login, via=_via(by), account=account,
                 by=by, address=address, detail=f"{client}: withdrawn")
    return account


def _regrant(grant: AccountGrant | None, client: Client, groups: list[str]) -> AccountGrant:
    if grant is None:
        return AccountGrant(client=client, groups=groups)
    grant.groups = groups
    return grant


def set_password(*, db_session: Session, account: AgentAccount, password: str,
                 by: AgentAccount | None = None, address: str | None = None) -> AgentAccount:
    """A new password; the account's sessions signed before end."""
    if by is not None and by.id != account.id:
        _check_may_manage(by)
    rules.check_password(password, login=account.login)
    account.password_hash = passwords.hash_password(password)
    account.session_epoch += 1
    db_session.flush()
    audit.record(db_session=db_session, kind="password_changed", login=account.login, via=_via(by),
                 account=account, by=by, address=address)
    return account


def set_role(*, db_session: Session, login: str, role: str, by: AgentAccount | None = None,
             address: str | None = None) -> AgentAccount:
    """Give the account another role (an admin's, or the command line's, decision). The role is read again at
    every request, so it takes effect at the account's next click; the last active admin keeps its role."""
    _check_may_manage(by)
    account = get_by_login(db_session=db_session, login=login)
    role = rules.check_role(role)
    if role == account.role:
        return account
    if account.active and account.role == "admin" and _active_admins(db_session) == 1:
        raise InvalidAccount("last_admin", login=account.login)
    before, account.role = account.role, role
    db_session.flush()
    audit.record(db_session=db_session, kind="role_changed", login=account.login, via=_via(by), account=account,
                 by=by, address=address, detail=f"{before} → {role}")
    return account


def end_sessions(*, db_session: Session, account: AgentAccount, by: AgentAccount | None = None,
                 address: str | None = None) -> AgentAccount:
    """Sign the account out everywhere: every session signed before ends at its next request (its epoch moves
    on). An account may do it for itself; for another, who may manage it (rules.may_manage)."""
    if by is not None and by.id != account.id:
        _check_may_manage_account(by, account)
    account.session_epoch += 1
    db_session.flush()
    audit.record(db_session=db_session, kind="signed_out_everywhere", login=account.login, via=_via(by),
                 account=account, by=by, address=address)
    return account


def sign_out(*, db_session: Session, account_id: int, address: str | None = None) -> None:
    """Recorded only: the session itself lives in the browser, which forgets it."""
    account = get(db_session=db_session, account_id=account_id)
    if account is not None:
        audit.record(db_session=db_session, kind="signed_out", login=account.login, via="console", account=account,
                     address=address)


def disable(*, db_session: Session, login: str, by: AgentAccount | None = None,
            now: datetime | None = None, address: str | None = None) -> AgentAccount:
    """Disable the account: it can no longer sign in, and its open sessions end at their next request. The last
    active admin cannot be disabled: the desk would have nobody left to manage accounts. An admin disables any
    account, a lead an agent of its clients (rules.may_manage)."""
    account = get_by_login(db_session=db_session, login=login)
    _check_may_manage_account(by, account)
    if account.active and account.role == "admin" and _active_admins(db_session) == 1:
        raise InvalidAccount("last_admin", login=account.login)
    account.active = False
    account.disabled_at = now or utcnow()
    account.session_epoch += 1
    db_session.flush()
    audit.record(db_session=db_session, kind="account_disabled", login=account.login, via=_via(by),
                 account=account, by=by, address=address, now=now)
    return account


def enable(*, db_session: Session, login: str, by: AgentAccount | None = None,
           address: str | None = None) -> AgentAccount:
    account = get_by_login(db_session=db_session, login=login)
    _check_may_manage_account(by, account)
    account.active, account.disabled_at = True, None
    db_session.flush()
    audit.record(db_session=db_session, kind="account_enabled", login=account.login, via=_via(by),
                 account=account, by=by, address=address)
    return account


def authenticate(*, db_session: Session, login: str, password: str, now: datetime | None = None,
                 address: str | None = None, audited: bool = True) -> AgentAccount:
    """The active account this login and password open, its sign-in recorded (in the audit trail too, unless not
    `audited`: a password checked again before changing it); raises SignInRefused, the same for every failure and
    taking the same time (an unknown login is checked against a dummy hash), which the caller records
    (audit.refused) once this transaction is rolled back. A hash made with outdated parameters is renewed."""
    account = db_session.scalar(select(AgentAccount).where(AgentAccount.login == login.strip().lower()))
    if len(password) > rules.MAX_PASSWORD:
        raise SignInRefused("password longer than any allowed")
    matches, renewed = passwords.verify(password, account.password_hash if account is not None else None)
    if account is None:
        raise SignInRefused("unknown login")
    if not matches:
        raise SignInRefused("wrong password")
    if not account.active:
        raise SignInRefused("disabled account")
    if renewed is not None:
        account.password_hash = renewed
    if audited:
        account.last_signed_in_at = now or utcnow()
        audit.record(db_session=db_session, kind="signed_in", login=account.login, via="password", account=account,
                     address=address, now=now)
    db_session.flush()
    return account


def for_identity(*, db_session: Session, issuer: str, subject: str, email: str | None,
                 now: datetime | None = None, address: str | None = None) -> AgentAccount:
    """The active account the desk's identity provider vouches for: the one this (issuer, subject) named before,
    else the one with this verified e-mail, which from then on is bound to that subject. Nobody gets an account,
    or rights, by signing in: an identity no account has is refused, and so is an e-mail whose account is bound to
    another subject (another person given a former agent's address)."""
    account = db_session.scalar(select(AgentAccount).where(AgentAccount.oidc_issuer == issuer,
                                                           AgentAccount.oidc_subject == subject))
    if account is None and email:
        account = db_session.scalar(select(AgentAccount).where(AgentAccount.email == email.strip().lower()))
        if account is not None and account.oidc_subject is not None:
            raise SignInRefused(f"{account.login!r} is bound to another subject of the provider")
        if account is not None:
            account.oidc_issuer, account.oidc_subject = issuer, subject
    if account is None:
        raise SignInRefused("no account for this identity")
    if not account.active:
        raise SignInRefused("disabled account")
    account.last_signed_in_at = now or utcnow()
    audit.record(db_session=db_session, kind="signed_in", login=account.login, via="provider", account=account,
                 address=address, now=now)
    return account


def _clients(*, db_session: Session, grants: Mapping[str, Sequence[str]],
             known_groups: Mapping[str, Collection[str]] | None) -> list[tuple[Client, list[str]]]:
    found = []
    for slug, groups in grants.items():
        client = db_session.scalar(select(Client).where(Client.slug == slug))
        if client is None:
            raise ClientUnknown(slug)
        found.append((client, rules.normal_groups(list(groups))))
    rules.check_groups_known({client.slug: groups for client, groups in found}, known_groups or {})
    return found


def _check_may_manage_account(by: AgentAccount | None, account: AgentAccount) -> None:
    """`by` may disable, enable or sign out everywhere this account (rules.may_manage)."""
    if by is None:
        return
    if not by.active or not rules.may(by.role, held(by), "manage_team"):
        raise AccountForbidden("not_admin", role=by.role)
    if not rules.may_manage(by.role, held(by), account.role, held(account)):
        raise AccountForbidden("not_your_agent", login=account.login)


def _check_may_give(by: AgentAccount | None, account: AgentAccount, client: str, groups: Sequence[str],
                    current: AccountGrant | None) -> None:
    """`by` may give these groups of this client to the account, and withdraw what it had there."""
    if by is None:
        return
    if not by.active or not rules.may(by.role, held(by), "manage_team"):
        raise AccountForbidden("not_admin", role=by.role)
    own = held(by)
    if not rules.may_manage_accounts(by.role) and account.role != "agent":
        raise AccountForbidden("not_your_agent", login=account.login)
    had = list(current.groups or ()) if current is not None else None
    for wanted in ([groups] if had is None else [groups, had]):
        if not rules.may_give(by.role, own, account.role, client, wanted):
            rules.check_grantable(own, {client: wanted})  # says which client or groups are not held
            raise AccountForbidden("client_not_held", client=client)


def _via(by: AgentAccount | None) -> audit.Via:
    return "console" if by is not None else "command line"


def _described(account: AgentAccount) -> str:
    return ", ".join(grant.client.slug + (f" ({', '.join(grant.groups)})" if grant.groups else "")
                     for grant in account.grants) or "no client"


def _check_may_manage(by: AgentAccount | None, grants: Mapping[str, Sequence[str]] | None = None) -> None:
    """`by` may manage accounts and, when it grants clients, holds them itself (the command line, None, may all)."""
    if by is None:
        return
    if not (by.active and rules.may_manage_accounts(by.role)):
        raise AccountForbidden("not_admin", role=by.role)
    if grants:
        rules.check_grantable({grant.client.slug: grant.groups for grant in by.grants if grant.client.active},
                              {slug: rules.normal_groups(list(groups)) for slug, groups in grants.items()})


def _active_admins(db_session: Session) -> int:
    return db_session.scalar(select(func.count()).select_from(AgentAccount)
                             .where(AgentAccount.role == "admin", AgentAccount.active.is_(True))) or 0
