"""Command line for tickets of one client (its database found through the catalogue).

    python -m servicedesk tickets list --client SLUG [--status S] [--json]
    python -m servicedesk tickets show NUMBER --client SLUG [--json]

--json prints one JSON object per line, for scripts and other tools.
"""

import argparse
import json
import sys
from typing import Any

from sqlalchemy import select

from servicedesk.clients.registry import open_catalogue
from servicedesk.errors import ServiceDeskError
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


def summary(ticket: Ticket) -> dict[str, Any]:
    return {field: getattr(ticket, field) for field in _SUMMARY} | {"updated": last_update(ticket).isoformat()}


def detail(ticket: Ticket) -> dict[str, Any]:
    return summary(ticket) | {
        "description": ticket.description, "error_message": ticket.error_message, "since": ticket.since,
        "impact": ticket.impact, "urgency": ticket.urgency, "reopen_count": ticket.reopen_count,
        "category": ticket.category, "cause_code": ticket.cause_code, "resolution_code": ticket.resolution_code,
        "solution": ticket.solution, "satisfaction": ticket.satisfaction_rating,
        "log": [{"at": e.at.isoformat(), "author": e.author, "kind": e.kind, "body": e.body} for e in ticket.log],
        "history": [{"at": h.at.isoformat(), "actor": h.actor, "field": h.field, "old": h.old, "new": h.new,
                     "reason": h.reason} for h in ticket.history],
    }


def run(args: argparse.Namespace) -> int:
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
