"""Command line for tickets of one client (its database found through the catalogue).

    python -m servicedesk tickets list --client SLUG [--status S] [--json]
    python -m servicedesk tickets show NUMBER --client SLUG [--json]
    python -m servicedesk tickets import FILE --client SLUG [--system servicenow] [--dry-run]

--json prints one JSON object per line, for scripts and other tools.
`import` reads a CSV or JSON export of the client's previous tool (servicedesk/tickets/importing.py), prints the
counts and each refused row with its line, and exits 0 when every row went in, 2 when some were refused (the others
are stored), 1 when the file itself was refused. --dry-run says the same and stores nothing.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.clients.registry import open_catalogue
from servicedesk.database import unit_of_work
from servicedesk.errors import InvalidSettings, NoSettingsLoaded, ServiceDeskError
from servicedesk.settings.current import desk_of
from servicedesk.tickets.import_source import Source, read_source
from servicedesk.tickets.importing import ImportReport, import_tickets
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import get_by_number, last_update

_SUMMARY = ("number", "type", "origin", "status", "priority", "service", "title", "group_name", "requester")


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    tickets = subparsers.add_parser("tickets", help="list and show a client's tickets")
    commands = tickets.add_subparsers(dest="tickets_command", required=True)
    listing = commands.add_parser("list", help="a client's tickets, newest first")
    listing.add_argument("--client", required=True)
    listing.add_argument("--status")
    listing.add_argument("--json", action="store_true")
    show = commands.add_parser("show", help="one ticket with its log and history")
    show.add_argument("number")
    show.add_argument("--client", required=True)
    show.add_argument("--json", action="store_true")
    imports = commands.add_parser("import", help="tickets from the client's previous tool, from a CSV or JSON export")
    imports.add_argument("file", type=Path, help=".csv (a header line, then one ticket a line) or .json")
    imports.add_argument("--client", required=True)
    imports.add_argument("--system", help="the previous tool: servicenow, glpi, jira… (default: guessed per row)")
    imports.add_argument("--dry-run", action="store_true", help="read and check everything, store nothing")


def summary(ticket: Ticket) -> dict[str, Any]:
    return {field: getattr(ticket, field) for field in _SUMMARY} | {"updated": last_update(ticket).isoformat()}


def detail(ticket: Ticket) -> dict[str, Any]:
    return summary(ticket) | {
        "description": ticket.description, "error_message": ticket.error_message, "since": ticket.since,
        "impact": ticket.impact, "urgency": ticket.urgency, "reopen_count": ticket.reopen_count,
        "category": ticket.category, "cause_code": ticket.cause_code, "resolution_code": ticket.resolution_code,
        "solution": ticket.solution, "satisfaction": ticket.satisfaction_rating,
        "external_ref": ticket.external_ref, "external_system": ticket.external_system,
        "log": [{"at": e.at.isoformat(), "author": e.author, "kind": e.kind, "body": e.body} for e in ticket.log],
        "history": [{"at": h.at.isoformat(), "actor": h.actor, "field": h.field, "old": h.old, "new": h.new,
                     "reason": h.reason} for h in ticket.history],
    }


def run(args: argparse.Namespace) -> int:
    if args.tickets_command == "import":
        return _import(args)
    try:
        with open_catalogue() as (_, registry), registry.session_factory(args.client)() as session:
            if args.tickets_command == "list":
                query = select(Ticket).order_by(Ticket.id.desc())
                if args.status:
                    query = query.where(Ticket.status == args.status)
                rows = [summary(t) for t in session.scalars(query)]
            else:
                rows = [detail(get_by_number(db_session=session, number=args.number.upper()))]
    except ServiceDeskError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for row in rows:
        print(json.dumps(row, ensure_ascii=False) if args.json else _line(row))
    return 0


def _line(row: dict[str, Any]) -> str:
    text = f"{row['number']}  {row['status']:<11} {row['priority']}  {row['service']:<12} {row['title']}"
    for entry in row.get("log", []):
        text += f"\n    {entry['at'][:16]} {entry['author']}: {entry['body'][:100]}"
    return text


def _import(args: argparse.Namespace) -> int:
    try:
        source = read_source(args.file)
        with open_catalogue() as (_, registry), \
                unit_of_work(registry.session_factory(args.client), dry_run=args.dry_run) as session:
            report = _import_into(session, source, args)
    except ServiceDeskError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(report.summary() + ("\n(dry run: nothing stored)" if args.dry_run else ""))
    return 2 if report.errors else 0


def _import_into(session: Session, source: Source, args: argparse.Namespace) -> ImportReport:
    """With the client's settings when loaded: their agreements start the clocks, their calendar's zone reads the
    dates; without them, the tickets go in with no clock and dates in Paris time."""
    try:
        desk = desk_of(db_session=session)
    except (NoSettingsLoaded, InvalidSettings):
        print("note: no settings loaded for this client: no SLA clock started", file=sys.stderr)
        return import_tickets(db_session=session, source=source, system=args.system, actor="import")
    return import_tickets(db_session=session, source=source, system=args.system, agreements=desk,
                          timezone=desk.business_calendar.timezone, language=desk.settings.client.language,
                          actor="import")
