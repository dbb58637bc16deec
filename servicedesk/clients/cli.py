"""Command line of the client catalogue (RELAIS_CATALOGUE_URL).

    python -m servicedesk clients create SLUG --name NAME [--database-url URL] [--contact EMAIL]
    python -m servicedesk clients list [--json]
    python -m servicedesk clients bind SLUG KIND EXTERNAL_ID
    python -m servicedesk clients key SLUG --name NAME --role agent|integration|admin
    python -m servicedesk clients revoke-key SLUG --name NAME

`register(subparsers)` adds these to servicedesk's own command line, whose main then calls `run(args)` when
`args.command == "clients"`; `python -m servicedesk.clients.cli clients …` runs them on its own.
Every command first brings the catalogue to the latest schema (idempotent, and a fresh machine needs no
separate step). Database URLs are printed with their password masked. An API key's secret is printed once,
when it is issued: only its hash is stored, so it cannot be shown again (revoke it and issue another).
"""

import argparse
import json
import sys
from collections.abc import Callable

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from servicedesk.clients import keys, service
from servicedesk.clients.database import catalogue_url, migrate_catalogue
from servicedesk.clients.models import API_ROLES, CHANNEL_KINDS, Client
from servicedesk.database import make_engine, make_session_factory, unit_of_work
from servicedesk.errors import ServiceDeskError


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    clients = subparsers.add_parser("clients", help="the client catalogue: create clients, list them, bind channels")
    commands = clients.add_subparsers(dest="clients_command", required=True)

    create = commands.add_parser("create", help="register a client and create its database")
    create.add_argument("slug", help="2 to 40 lowercase letters, digits or hyphens")
    create.add_argument("--name", required=True)
    create.add_argument("--database-url", help="default: RELAIS_CLIENT_DATABASE_URL_TEMPLATE with the slug")
    create.add_argument("--contact", help="email address for P1 escalations")

    listing = commands.add_parser("list", help="every client, active or not, with its channels")
    listing.add_argument("--json", action="store_true", help="machine-readable output")

    bind = commands.add_parser("bind", help="declare that a workspace, tenant or key belongs to a client")
    bind.add_argument("slug")
    bind.add_argument("kind", choices=CHANNEL_KINDS)
    bind.add_argument("external_id")

    key = commands.add_parser("key", help="issue a REST API key to a client; prints its secret, once")
    key.add_argument("slug")
    key.add_argument("--name", required=True, help="who uses it; recorded as api:NAME in ticket history")
    key.add_argument("--role", required=True, choices=API_ROLES,
                     help="agent: read and work tickets; integration: read and comment; admin: agent + settings")

    revoke = commands.add_parser("revoke-key", help="revoke a client's active API key; its next call is refused")
    revoke.add_argument("slug")
    revoke.add_argument("--name", required=True)


def run(args: argparse.Namespace) -> int:
    """Run a parsed `clients` command in one catalogue transaction; 1 (and a message) on a refused request."""
    return in_catalogue(lambda session: _COMMANDS[args.clients_command](session, args))


def in_catalogue(command: Callable[[Session], str]) -> int:
    """Run a command in one transaction of the catalogue (migrated first) and print what it says once committed;
    1 (and a message) on a refused request. The accounts' command line runs the same way."""
    url = catalogue_url()
    migrate_catalogue(url)
    engine = make_engine(url)
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            output = command(session)
    except ServiceDeskError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(output)  # only once committed: nothing is announced that was not stored
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m servicedesk")
    register(parser.add_subparsers(dest="command", required=True))
    return run(parser.parse_args(argv))


def _create(session: Session, args: argparse.Namespace) -> str:
    client = service.create(
        db_session=session, slug=args.slug, name=args.name, database_url=args.database_url,
        contact_email=args.contact,
    )
    return f"client {client.slug} created, tickets in {_masked(client.database_url)}"


def _list(session: Session, args: argparse.Namespace) -> str:
    clients = service.get_all(db_session=session, active_only=False)
    if args.json:
        return json.dumps([_as_dict(client) for client in clients], indent=2, ensure_ascii=False)
    if not clients:
        return "no clients"
    lines = []
    for client in clients:
        state = "" if client.active else " (inactive)"
        contact = client.contact_email or "no contact"
        lines.append(f"{client.slug}{state}  {client.name}  {_masked(client.database_url)}  {contact}")
        lines.extend(f"    {binding.kind} {binding.external_id}" for binding in client.bindings)
    return "\n".join(lines)


def _bind(session: Session, args: argparse.Namespace) -> str:
    client = service.get_by_slug(db_session=session, slug=args.slug)
    service.bind_channel(db_session=session, client=client, kind=args.kind, external_id=args.external_id)
    return f"{args.kind} {args.external_id} belongs to client {client.slug}"


def _key(session: Session, args: argparse.Namespace) -> str:
    client = service.get_by_slug(db_session=session, slug=args.slug)
    secret = keys.issue(db_session=session, client=client, name=args.name, role=args.role)
    return f"{secret}\n(key {args.name} of client {client.slug}, role {args.role}: shown once, only its hash is stored)"


def _revoke_key(session: Session, args: argparse.Namespace) -> str:
    client = service.get_by_slug(db_session=session, slug=args.slug)
    keys.revoke(db_session=session, client=client, name=args.name)
    return f"key {args.name} of client {client.slug} revoked"


_COMMANDS = {"create": _create, "list": _list, "bind": _bind, "key": _key, "revoke-key": _revoke_key}


def _as_dict(client: Client) -> dict[str, object]:
    return {
        "slug": client.slug,
        "name": client.name,
        "active": client.active,
        "database_url": _masked(client.database_url),
        "contact_email": client.contact_email,
        "created_at": client.created_at.isoformat(),
        "channels": [{"kind": b.kind, "external_id": b.external_id} for b in client.bindings],
    }


def _masked(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    raise SystemExit(main())
