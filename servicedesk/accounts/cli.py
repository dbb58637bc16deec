"""Command line of the desk's agent accounts (in the catalogue, RELAIS_CATALOGUE_URL): how a desk makes its
first admin, and how it manages accounts until the console does.

    python -m servicedesk accounts add LOGIN --name NAME --email EMAIL --role agent|lead|admin [--all-clients]
                                       [--client SLUG[:GROUP,GROUP…]]… [--password-stdin | --no-password]
    python -m servicedesk accounts list [--json]
    python -m servicedesk accounts grant LOGIN [--client SLUG[:GROUP,…]]… [--all-clients]
    python -m servicedesk accounts password LOGIN [--password-stdin]
    python -m servicedesk accounts disable|enable LOGIN
    python -m servicedesk accounts role LOGIN agent|lead|admin
    python -m servicedesk accounts signout-everywhere LOGIN   every open session of the account ends
    python -m servicedesk accounts audit [--login LOGIN] [--kind KIND]… [--limit N] [--json]
                                       the audit trail, latest first: sign-ins, refusals, lockouts, changes
    python -m servicedesk accounts first-admin     an admin on every client if the desk has no account yet

A password is read from standard input with --password-stdin, or else generated and printed once: only its
argon2 hash is stored. --no-password makes an account that signs in through the desk's identity provider only.
`--client demo:Network,Workplace` grants client demo's Network and Workplace groups; `--client demo`, every group.
"""

import argparse
import json
import secrets
import sys

from sqlalchemy.orm import Session, sessionmaker

from servicedesk.accounts import audit, rules, service
from servicedesk.accounts.groups import known_groups
from servicedesk.accounts.models import AgentAccount
from servicedesk.clients import service as clients
from servicedesk.clients.cli import in_catalogue
from servicedesk.clients.registry import ClientDatabases
from servicedesk.errors import ClientUnknown

FIRST_ADMIN = "admin"


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    accounts = subparsers.add_parser("accounts", help="the desk's agent accounts for the console")
    commands = accounts.add_subparsers(dest="accounts_command", required=True)

    add = commands.add_parser("add", help="make an account; prints its password once unless read from stdin")
    add.add_argument("login")
    add.add_argument("--name", required=True, help="the display name agents and history see")
    add.add_argument("--email", required=True, help="also what the desk's identity provider's e-mail matches")
    add.add_argument("--role", required=True, choices=rules.ROLES)
    _grant_options(add)
    secret = add.add_mutually_exclusive_group()
    secret.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    secret.add_argument("--no-password", action="store_true", help="sign in through the identity provider only")

    listing = commands.add_parser("list", help="every account, active or not, with its clients and groups")
    listing.add_argument("--json", action="store_true")

    grant = commands.add_parser("grant", help="replace the clients and groups an account works on")
    grant.add_argument("login")
    _grant_options(grant)

    password = commands.add_parser("password", help="a new password (its open sessions end)")
    password.add_argument("login")
    password.add_argument("--password-stdin", action="store_true")

    for name, what in (("disable", "it can no longer sign in; its sessions end"), ("enable", "it can again")):
        commands.add_parser(name, help=what).add_argument("login")
    commands.add_parser("first-admin", help=f"if the desk has no account: {FIRST_ADMIN!r}, admin on every client")
    commands.add_parser("signout-everywhere", help="every open session of the account ends").add_argument("login")
    role = commands.add_parser("role", help="another role for the account (the last admin keeps its own)")
    role.add_argument("login")
    role.add_argument("role", choices=rules.ROLES)

    trail = commands.add_parser("audit", help="the accounts' audit trail, latest first")
    trail.add_argument("--login", help="only the events of this login (as typed at sign-in)")
    trail.add_argument("--kind", action="append", default=[], choices=audit.KINDS, help="only these kinds")
    trail.add_argument("--limit", type=int, default=50)
    trail.add_argument("--json", action="store_true")


def _grant_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--client", action="append", default=[], metavar="SLUG[:GROUP,…]",
                        help="a client it works on, optionally only some of its groups; repeat for several")
    parser.add_argument("--all-clients", action="store_true", help="every active client, all groups")


def run(args: argparse.Namespace) -> int:
    """Run a parsed `accounts` command in one catalogue transaction."""
    return in_catalogue(lambda session: _COMMANDS[args.accounts_command](session, args))


def parse_grants(values: list[str]) -> dict[str, list[str]]:
    """`["demo:Network,Workplace", "acme"]` → {"demo": ["Network", "Workplace"], "acme": []}."""
    grants: dict[str, list[str]] = {}
    for value in values:
        slug, _, groups = value.partition(":")
        grants[slug.strip()] = [group for group in groups.split(",") if group.strip()]
    return grants


def _grants(session: Session, args: argparse.Namespace) -> dict[str, list[str]]:
    grants = parse_grants(args.client)
    if args.all_clients:
        grants = {client.slug: [] for client in clients.get_all(db_session=session)} | grants
    return grants


def _known_groups(session: Session, grants: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """The groups of the clients' settings, read through a registry over the same catalogue."""
    registry = ClientDatabases(sessionmaker(session.get_bind()))
    try:
        return known_groups(registry, grants)
    except ClientUnknown:
        return {}  # the use case says which client is unknown
    finally:
        registry.dispose()


def _password(args: argparse.Namespace) -> tuple[str, bool]:
    """(the password, whether it was generated and so must be shown)."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n"), False
    return secrets.token_urlsafe(18), True


def _add(session: Session, args: argparse.Namespace) -> str:
    password, shown = (None, False) if args.no_password else _password(args)
    grants = _grants(session, args)
    account = service.create(db_session=session, login=args.login, display_name=args.name, email=args.email,
                             role=args.role, password=password, grants=grants,
                             known_groups=_known_groups(session, grants))
    said = f"account {account.login} ({account.role}) created, on {_clients_of(account)}"
    return said + (f"\npassword: {password}\n(shown once: only its hash is stored)" if shown else "")


def _list(session: Session, args: argparse.Namespace) -> str:
    accounts = service.list_accounts(db_session=session)
    if args.json:
        return json.dumps([{"login": a.login, "display_name": a.display_name, "email": a.email, "role": a.role,
                            "active": a.active, "clients": {g.client.slug: g.groups for g in a.grants}}
                           for a in accounts], indent=2, ensure_ascii=False)
    return "\n".join(f"{a.login}{'' if a.active else ' (disabled)'}  {a.role}  {a.display_name} <{a.email}>  "
                     f"{_clients_of(a)}" for a in accounts) or "no accounts"


def _grant(session: Session, args: argparse.Namespace) -> str:
    grants = _grants(session, args)
    account = service.set_grants(db_session=session, account=service.get_by_login(db_session=session,
                                                                                  login=args.login),
                                 grants=grants, known_groups=_known_groups(session, grants))
    return f"account {account.login} works on {_clients_of(account)}"


def _new_password(session: Session, args: argparse.Namespace) -> str:
    password, shown = _password(args)
    account = service.set_password(db_session=session, account=service.get_by_login(db_session=session,
                                                                                    login=args.login),
                                   password=password)
    return f"password of {account.login} changed" + (f"\npassword: {password}\n(shown once)" if shown else "")


def _disable(session: Session, args: argparse.Namespace) -> str:
    return f"account {service.disable(db_session=session, login=args.login).login} disabled"


def _enable(session: Session, args: argparse.Namespace) -> str:
    return f"account {service.enable(db_session=session, login=args.login).login} enabled"


def _role(session: Session, args: argparse.Namespace) -> str:
    account = service.set_role(db_session=session, login=args.login, role=args.role)
    return f"account {account.login} is now {account.role}"


def _signout_everywhere(session: Session, args: argparse.Namespace) -> str:
    account = service.end_sessions(db_session=session,
                                   account=service.get_by_login(db_session=session, login=args.login))
    return f"every session of {account.login} ended"


def _audit(session: Session, args: argparse.Namespace) -> str:
    events = audit.events(db_session=session, login=args.login, kinds=args.kind, limit=args.limit)
    if args.json:
        return json.dumps([{"at": e.at.isoformat(), "kind": e.kind, "login": e.login, "actor": e.actor,
                            "via": e.via, "address": e.address, "detail": e.detail} for e in events], indent=2,
                          ensure_ascii=False)
    return "\n".join(f"{e.at:%Y-%m-%d %H:%M:%S}  {e.kind:<21}  {e.login}" + (f"  by {e.actor}" if e.actor else "")
                     + f"  ({e.via}{', ' + e.address if e.address else ''})"
                     + (f"  {e.detail}" if e.detail else "") for e in events) or "no events"


def _first_admin(session: Session, args: argparse.Namespace) -> str:
    return first_admin(session) or "the desk has accounts already: no first admin made"


def first_admin(session: Session) -> str | None:
    """If the desk has no account yet: make FIRST_ADMIN, admin on every active client, with a generated password,
    and say both (once: only the hash is kept); else None. `make run` calls it too."""
    if service.list_accounts(db_session=session):
        return None
    password = secrets.token_urlsafe(18)
    account = service.create(db_session=session, login=FIRST_ADMIN, display_name="Desk administrator",
                             email="admin@desk.invalid", role="admin", password=password,
                             grants={client.slug: [] for client in clients.get_all(db_session=session)})
    return (f"first admin made: login {account.login}, password {password}\n"
            f"(shown once: only its hash is stored; change it with python -m servicedesk accounts password admin)")


def _clients_of(account: AgentAccount) -> str:
    return ", ".join(f"{g.client.slug}" + (f" ({', '.join(g.groups)})" if g.groups else "")
                     for g in account.grants) or "no client"


_COMMANDS = {"add": _add, "list": _list, "grant": _grant, "password": _new_password, "disable": _disable,
             "enable": _enable, "first-admin": _first_admin, "signout-everywhere": _signout_everywhere,
             "audit": _audit, "role": _role}
