"""Command line of the people directory of one client (its database found through the catalogue).

    python -m servicedesk people import-csv FILE --client SLUG [--dry-run]
    python -m servicedesk people import-ldap --client SLUG [--email ADDRESS] [--dry-run]
    python -m servicedesk people show ADDRESS --client SLUG

import-csv reads the file servicedesk/people/csv_file.py describes; import-ldap the server the client's settings
name (`directory.ldap`, servicedesk/settings/directory.py), the whole search or, with --email, that one person.
Both print the counts and each refused entry, and exit 0 when every entry went in, 2 when some were refused (the
others are stored), 1 when the file or the server could not be read, or another import of the directory is running.
Each import is recorded as a run (servicedesk/people/sync.py), as the console's "last sync" shows; --dry-run stores
nothing.
"""

import argparse
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from servicedesk.clients.registry import open_catalogue
from servicedesk.database import unit_of_work
from servicedesk.errors import ServiceDeskError
from servicedesk.people.csv_file import read_people
from servicedesk.people.importing import import_people
from servicedesk.people.ldap_source import read_directory
from servicedesk.people.service import manager_of, person_by_email
from servicedesk.people.sync import Reader, run_import
from servicedesk.settings.current import desk_of


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    people = subparsers.add_parser("people", help="the client's people directory: who is whose manager")
    commands = people.add_subparsers(dest="people_command", required=True)
    csv = commands.add_parser("import-csv", help="the directory from a CSV file (email,name,language,manager,…)")
    csv.add_argument("file", type=Path)
    ldap = commands.add_parser("import-ldap", help="the directory from the LDAP server of the client's settings")
    ldap.add_argument("--email", help="read this one person again, leave everyone else as they are")
    for command in (csv, ldap):
        command.add_argument("--client", required=True)
        command.add_argument("--dry-run", action="store_true", help="read and check everything, store nothing")
    show = commands.add_parser("show", help="one person and their managers up the line")
    show.add_argument("email")
    show.add_argument("--client", required=True)


def run(args: argparse.Namespace) -> int:
    try:
        with open_catalogue() as (_, registry):
            sessions = registry.session_factory(args.client)
            if args.people_command == "show":
                with sessions() as session:
                    return _show(session, args.email)
            with sessions() as session:
                source, read, whole = _source(session, args)
            if args.dry_run:
                with unit_of_work(sessions, dry_run=True) as session:
                    report = import_people(db_session=session, entries=read(), source=source, whole=whole)
            else:
                result = run_import(sessions=sessions, source=source, read=read, trigger="cli", actor="cli",
                                    whole=whole)
                if result is None:
                    print("error: another import of this directory is running; try again once it ended",
                          file=sys.stderr)
                    return 1
                if result.report is None:
                    print(f"error: {result.message}", file=sys.stderr)
                    return 1
                report = result.report
    except ServiceDeskError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    unit = "line" if source == "csv" else "entry"
    print(report.summary(unit) + ("\n(dry run: nothing stored)" if args.dry_run else ""))
    return 2 if report.errors else 0


def _source(session: Session, args: argparse.Namespace) -> tuple[str, Reader, bool]:
    """The source to import, how to read it, and whether it is the whole of it."""
    if args.people_command == "import-csv":
        path: Path = args.file
        return "csv", lambda: read_people(path), True
    ldap = desk_of(db_session=session).settings.directory.ldap
    if ldap is None:
        print(f"error: the settings of {args.client} name no LDAP server (directory.ldap)", file=sys.stderr)
        raise SystemExit(1)
    email: str | None = args.email
    return "ldap", lambda: read_directory(ldap, email=email), email is None


def _show(session: Session, email: str) -> int:
    person = person_by_email(db_session=session, email=email)
    if person is None:
        print(f"{email}: not in the directory", file=sys.stderr)
        return 1
    seen = set()
    while person is not None and person.email not in seen:
        seen.add(person.email)
        chats = " ".join(person.chat_id_values)
        print(f"{'  ' * (len(seen) - 1)}{person.email}  {person.name}  {person.language or '-'}  {chats}".rstrip())
        person = manager_of(db_session=session, user=person.email)
    return 0
