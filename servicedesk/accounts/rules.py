"""The rules of agent accounts, plain functions over plain values (no database): what a login, a name, an e-mail
and a password must be, and what each role may do: the one place where a role means something.

    action            agent  editor  lead  admin   on
    work                ✓             ✓     ✓     a client it is granted: its queues and tickets (its groups only)
    see_team                          ✓     ✓     a client it is granted: who works there, in which groups, what is open
    manage_team                       ✓     ✓     a client it is granted: give its groups to agents, withdraw them,
                                                  disable, enable or sign out everywhere an agent of its clients
    see_reports                       ✓     ✓     a client it is granted: its reports, on screen and as CSV
    announce                          ✓     ✓     a client it is granted: start, update and end a major-incident or
                                                  planned-change announcement to its users (what every agent of
                                                  the client reads, since it speaks for the whole desk)
    edit_kb                     ✓     ✓     ✓     a client it is granted: its KB articles, the questions nobody
                                                  answered, the NLU inbox, retraining and trying the model (the
                                                  editors' studio); an editor does nothing else, not even the queue
    manage_people                     ✓     ✓     a client it is granted: its people directory (who is whose manager,
                                                  who approves) and importing it again now from its LDAP server
    manage_accounts                         ✓     the desk: make accounts, give roles, replace grants, passwords
    see_audit                               ✓     the desk: the accounts' audit trail

A role never reaches clients by itself: an admin, too, sees only the clients it is granted, and a lead leads the
clients it is granted (of a client it holds for some groups only, those groups). The permission API:

    may(role, clients, action, client=None)      a client action on `client` (None: on any of `clients`);
                                                 a desk action (manage_accounts, see_audit) ignores `client`
    may_manage(role, clients, target_role, target_clients)
                                                 disable, enable, sign out everywhere that account: an admin
                                                 any; a lead an agent (not a lead, not an admin) all of whose
                                                 clients and groups it leads
    may_give(role, clients, target_role, client, groups)
                                                 give (or withdraw) `groups` of `client` to an account: an admin
                                                 what it holds, to anyone; a lead what it leads, to an agent

`servicedesk.accounts.service.Agent.may(action, client)` and `.may_manage(role, clients)` wrap them for a
signed-in agent; the accounts' use cases enforce the same functions, so that an adapter that forgets a check
still cannot do more than the rules allow. An admin may give any role, but grants only what it holds; accounts
are made by an admin or on the machine's command line, which grants all.
"""

import re
from collections.abc import Collection, Mapping, Sequence
from typing import Literal

from servicedesk.errors import AccountForbidden, InvalidAccount

ROLES = ("agent", "editor", "lead", "admin")
Action = Literal["work", "see_team", "manage_team", "see_reports", "announce", "edit_kb", "manage_people",
                 "manage_accounts", "see_audit"]
_LEADING: frozenset[Action] = frozenset({"work", "see_team", "manage_team", "see_reports", "announce", "edit_kb",
                                         "manage_people"})
ACTIONS: dict[str, frozenset[Action]] = {
    "agent": frozenset({"work"}),
    "editor": frozenset({"edit_kb"}),
    "lead": _LEADING,
    "admin": _LEADING | {"manage_accounts", "see_audit"},
}
DESK_ACTIONS: frozenset[Action] = frozenset({"manage_accounts", "see_audit"})  # on the desk, no client named
MIN_PASSWORD = 12  # NIST SP 800-63B asks at least 8; a desk's agents reach every client's tickets
MAX_PASSWORD = 256  # argon2 takes any length, but a megabyte-long "password" is a denial of service
_LOGIN = re.compile(r"[a-z0-9][a-z0-9._-]{1,59}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_GROUP = 120  # a support group's name, as in the client's settings


def normal_login(login: str) -> str:
    """The login as stored and compared: trimmed, lowercase, 2 to 60 letters, digits, dots, hyphens, underscores."""
    login = login.strip().lower()
    if not _LOGIN.fullmatch(login):
        raise InvalidAccount("login", value=login)
    return login


def normal_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        raise InvalidAccount("email", value=email)
    return email


def normal_name(name: str) -> str:
    name = " ".join(name.split())
    if not 0 < len(name) <= 200:
        raise InvalidAccount("name")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidAccount("role", value=role, roles=", ".join(ROLES))
    return role


def check_password(password: str, *, login: str) -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidAccount("password_length", min=MIN_PASSWORD, max=MAX_PASSWORD)
    if password.strip().lower() == login.lower():
        raise InvalidAccount("password_is_login")


def normal_groups(groups: list[str]) -> list[str]:
    """The groups of one grant, without blanks or repeats, in the order given; none: every group of the client."""
    kept: list[str] = []
    for group in (" ".join(name.split()) for name in groups):
        if not group or len(group) > _GROUP:
            raise InvalidAccount("group_name", max=_GROUP)
        if group not in kept:
            kept.append(group)
    return kept


def may(role: str, clients: Collection[str], action: Action, client: str | None = None) -> bool:
    """Whether an account of this role, granted these clients, may take this action (on `client`; None: on one
    of its clients at least). An unknown role or action may nothing."""
    if action not in ACTIONS.get(role, frozenset()):
        return False
    if action in DESK_ACTIONS:
        return True
    return client in clients if client is not None else bool(clients)


def may_manage_accounts(role: str) -> bool:
    return may(role, (), "manage_accounts")


def _within(held: Sequence[str], groups: Sequence[str]) -> bool:
    """Groups `groups` of a client (none: all) are among those `held` there (none: all)."""
    return not held or (bool(groups) and set(groups) <= set(held))


def may_manage(role: str, clients: Mapping[str, Sequence[str]], target_role: str,
               target_clients: Mapping[str, Sequence[str]]) -> bool:
    """Whether this account (its role; its clients, slug → groups, none: all) may disable, enable or sign out
    everywhere an account of `target_role` working on `target_clients`: an admin any account; a lead an agent who
    works on some of the lead's clients and nowhere else, in groups the lead leads (an agent shared with another
    lead's client is that lead's too: only an admin may then disable it)."""
    if may_manage_accounts(role):
        return True
    if not may(role, clients, "manage_team") or target_role != "agent" or not target_clients:
        return False
    return all(slug in clients and _within(clients[slug], groups) for slug, groups in target_clients.items())


def may_give(role: str, clients: Mapping[str, Sequence[str]], target_role: str, client: str,
             groups: Sequence[str]) -> bool:
    """Whether this account may give (or withdraw) `groups` of `client` (none: every group) to an account of
    `target_role`: an admin to any account, a lead to an agent only; both only what they hold there."""
    if not may(role, clients, "manage_team", client):
        return False
    if not may_manage_accounts(role) and target_role != "agent":
        return False
    return _within(clients[client], groups)


def check_grantable(own: Mapping[str, Sequence[str]], wanted: Mapping[str, Sequence[str]]) -> None:
    """Refuse (AccountForbidden) a grant beyond what the granting admin holds (`own`: slug → groups, none: all)."""
    for slug, groups in wanted.items():
        if slug not in own:
            raise AccountForbidden("client_not_held", client=slug)
        held = set(own[slug])
        if held and (not groups or not set(groups) <= held):
            raise AccountForbidden("groups_not_held", client=slug, groups=", ".join(sorted(held)))


def check_groups_known(wanted: Mapping[str, Sequence[str]], known: Mapping[str, Collection[str]]) -> None:
    """Refuse a grant naming a group the client's settings do not have (a typo would grant nothing, silently)."""
    for slug, groups in wanted.items():
        unknown = [group for group in groups if slug in known and group not in known[slug]]
        if unknown:
            raise InvalidAccount("unknown_group", client=slug, groups=", ".join(map(repr, unknown)),
                                 known=", ".join(sorted(known[slug])))
