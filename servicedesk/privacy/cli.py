"""Command line of a client's personal data (servicedesk.privacy), for the desk's administrators.

    python -m servicedesk privacy export --client SLUG --person P [--out FILE] [--actor NAME]
    python -m servicedesk privacy erase --client SLUG --person P --actor NAME
    python -m servicedesk privacy purge --client SLUG [--now ISO-8601]

A person is a requester id ("slack:T1:U1") or an e-mail address. Each command is one transaction of the client's
database and one row of its privacy ledger, the actor recorded as "cli:NAME" (export: the system user unless
--actor); the export is printed or written, and an erasure's counts printed, only once committed. The purge is the
supervisor's, run now whatever the hour (--now: as if at that moment; a time without offset is UTC). Rasa's
tracker store is reached when the environment names it (servicedesk.privacy.tracker).
"""

import argparse
import getpass
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from servicedesk.clients.registry import open_catalogue
from servicedesk.database import unit_of_work
from servicedesk.errors import InvalidSettings, ServiceDeskError
from servicedesk.models import utcnow
from servicedesk.privacy import tracker
from servicedesk.privacy.retention import purge_expired
from servicedesk.privacy.subject import erase_person, export_person
from servicedesk.settings.current import desk_of
from servicedesk.uploads.defaults import files
from servicedesk.uploads.sweep import GRACE, after_removal


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    privacy = subparsers.add_parser("privacy", help="one person's data (export, erase) and the retention purge")
    commands = privacy.add_subparsers(dest="privacy_command", required=True)
    export = commands.add_parser("export", help="everything the client's database holds on a person, as JSON")
    export.add_argument("--client", required=True)
    export.add_argument("--person", required=True, help="a requester id or an e-mail address")
    export.add_argument("--out", type=Path, help="write the JSON here instead of printing it")
    export.add_argument("--actor", default=getpass.getuser(), help="who asks (default: the system user)")
    erase = commands.add_parser("erase", help="erase a person: conversations deleted, tickets anonymised")
    erase.add_argument("--client", required=True)
    erase.add_argument("--person", required=True, help="a requester id or an e-mail address")
    erase.add_argument("--actor", required=True, help="who asks, recorded in the privacy ledger")
    purge = commands.add_parser("purge", help="delete and anonymise what the client's retention no longer allows")
    purge.add_argument("--client", required=True)
    purge.add_argument("--now", type=_moment, help="purge as if at this ISO 8601 moment (default: now)")


def run(args: argparse.Namespace) -> int:
    store = tracker.from_environment()
    try:
        with open_catalogue() as (_, registry), unit_of_work(registry.session_factory(args.client)) as session:
            if args.privacy_command == "export":
                result = export_person(db_session=session, person=args.person, actor=f"cli:{args.actor}",
                                       tracker=store)
            elif args.privacy_command == "erase":
                result = erase_person(db_session=session, person=args.person, actor=f"cli:{args.actor}",
                                      tracker=store)
            else:
                retention = desk_of(db_session=session).retention
                result = purge_expired(db_session=session, now=args.now or utcnow(), retention=retention,
                                       tracker=store, actor="cli")
        if args.privacy_command != "export":  # the files the anonymised tickets had, once that is committed
            with open_catalogue() as (_, registry):
                after_removal(sessions=registry.session_factory(args.client), client=args.client, counts=result,
                              store=files(), now=utcnow(),
                              grace=timedelta(0) if args.privacy_command == "erase" else GRACE)
    except InvalidSettings as error:
        print(f"error: {error.problems[0]}", file=sys.stderr)
        return 1
    except ServiceDeskError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    text = json.dumps(result, ensure_ascii=False, indent=2)
    if getattr(args, "out", None):
        args.out.write_text(text + "\n", encoding="utf-8")
        print(f"{args.person}: exported to {args.out}")
    else:
        print(text)
    return 0


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
