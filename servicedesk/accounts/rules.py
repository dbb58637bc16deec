"""The rules of agent accounts, plain functions over plain values (no database): what a login, a name, an e-mail
and a password must be, and what each role may do.

    role    works tickets   leads a team (later: assigns, reports)   manages accounts
    agent        ✓
    lead         ✓                        ✓
    admin        ✓                        ✓                                ✓

A role never reaches clients by itself: an admin, too, sees only the clients it is granted. An admin may give any
role, but grants only what it holds: clients it works on and, of a client it works on for some groups only, those
groups; nobody else gives anything (accounts are made by an admin or on the machine's command line, which grants all).
"""

import re
from collections.abc import Collection, Mapping, Sequence

from servicedesk.errors import AccountForbidden, InvalidAccount

ROLES = ("agent", "lead", "admin")
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


def may_manage_accounts(role: str) -> bool:
    return role == "admin"


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
