"""Running the desk: loading client settings, bootstrapping the demo clients, and the supervisor loop.

    python -m servicedesk settings load --client SLUG [--file PATH]   validate and store a settings version
    python -m servicedesk bootstrap                                    demo clients from data/clients/*/ (idempotent)
    python -m servicedesk migrate                                      catalogue and every client database upgraded
    python -m servicedesk supervise [--once] [--interval SECONDS]      SLA warnings/breaches, escalations,
                                                                       keep-in-loop, auto-close, for every client,
                                                                       the hourly purge of personal data and the
                                                                       scheduled import of LDAP directories
"""

import argparse
import signal
import sys
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from servicedesk.approvals import supervisor as approvals_supervisor
from servicedesk.clients import service as clients
from servicedesk.clients.registry import ClientDatabases, open_catalogue
from servicedesk.database import migrate, unit_of_work
from servicedesk.errors import ClientUnknown, InvalidSettings, NoSettingsLoaded, ServiceDeskError
from servicedesk.models import utcnow
from servicedesk.operations_metrics import PassWatch
from servicedesk.people.sync import scheduled_sync
from servicedesk.privacy import tracker as tracker_store
from servicedesk.privacy.retention import purge_if_due
from servicedesk.privacy.tracker import TrackerStore
from servicedesk.settings.current import desk_of, load_into
from servicedesk.settings.directory import Directory
from servicedesk.settings.loader import CLIENTS_ROOT, load_file
from servicedesk.sla.supervisor import run_once
from servicedesk.tickets.closing import run_auto_close
from servicedesk.uploads.defaults import files
from servicedesk.uploads.sweep import after_removal

DEFAULT_REST_CLIENT = "demo"


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    settings = subparsers.add_parser("settings", help="client settings (versioned YAML)")
    commands = settings.add_subparsers(dest="settings_command", required=True)
    load = commands.add_parser("load", help="validate a settings file and make it the version in force")
    load.add_argument("--client", required=True)
    load.add_argument("--file", type=Path, help="default: data/clients/CLIENT/settings.yml")
    subparsers.add_parser("bootstrap", help="create the demo clients and load their settings (idempotent)")
    supervise = subparsers.add_parser("supervise", help="the SLA supervisor, for every client")
    supervise.add_argument("--once", action="store_true", help="one pass, then exit")
    supervise.add_argument("--interval", type=float, default=30.0, help="seconds between passes")


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "settings":
            path = args.file or CLIENTS_ROOT / args.client / "settings.yml"
            with open_catalogue() as (_, registry):
                print(load_settings(registry, args.client, path))
        elif args.command == "bootstrap":
            print("\n".join(bootstrap()))
        else:
            supervise(once=args.once, interval=args.interval)
    except ServiceDeskError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def load_settings(registry: ClientDatabases, slug: str, path: Path) -> str:
    with unit_of_work(registry.session_factory(slug)) as session:
        version, stored = load_into(db_session=session, text=path.read_text(encoding="utf-8"), origin=str(path))
    return f"{slug}: settings {version} {'now in force' if stored else 'already loaded'}"


def bootstrap(root: Path = CLIENTS_ROOT) -> list[str]:
    """Every client folder with a settings.yml becomes a client with its database and settings; the REST
    door (terminal chat, tests) is bound to the demo client."""
    lines = []
    with open_catalogue() as (catalogue, registry):
        for path in sorted(root.glob("*/settings.yml")):
            settings = load_file(path)
            slug = settings.client.slug
            with unit_of_work(catalogue) as session:
                try:
                    client = clients.get_by_slug(db_session=session, slug=slug)
                    migrate(client.database_url)  # an existing client gets the schema of this version
                except ClientUnknown:
                    client = clients.create(db_session=session, slug=slug, name=settings.client.name,
                                            contact_email=settings.client.contact_email)
                    lines.append(f"{slug}: client created")
                if slug == DEFAULT_REST_CLIENT:
                    clients.bind_channel(db_session=session, client=client, kind="rest", external_id="default")
                for door in settings.chat.doors:
                    clients.bind_channel(db_session=session, client=client, kind=door.kind, external_id=door.id)
            lines.append(load_settings(registry, slug, path))
    return lines


def migrate_all() -> list[str]:
    """The catalogue and every client database (active or not) to the latest schema, after an upgrade."""
    with open_catalogue() as (catalogue, _), catalogue() as session:
        everyone = clients.get_all(db_session=session, active_only=False)
        for client in everyone:
            migrate(client.database_url)
        return [f"{client.slug}: database at the latest schema" for client in everyone]


def supervise_once(catalogue: sessionmaker[Session], registry: ClientDatabases,
                   now: datetime | None = None, tracker: TrackerStore | None = None) -> list[str]:
    """One pass over every active client; a client without settings is reported, not fatal. Then each client's
    personal data past its retention is purged, at most hourly, in a transaction of its own: a purge that fails
    (the tracker store down, say) is reported and leaves the SLA events of the pass committed."""
    lines = []
    with catalogue() as session:
        slugs = [c.slug for c in clients.get_all(db_session=session)]
    for slug in slugs:
        moment = now or utcnow()
        try:
            with unit_of_work(registry.session_factory(slug)) as session:
                desk = desk_of(db_session=session)
                fired = run_once(db_session=session, rules=desk, now=moment)
                fired += run_auto_close(db_session=session, agreements=desk, calendar=desk.business_calendar,
                                        rules=desk.auto_close, now=moment)
                fired += approvals_supervisor.run_once(db_session=session, desk=desk, now=moment)
        except NoSettingsLoaded as error:
            lines.append(f"{slug}: skipped ({error})")
            continue
        except InvalidSettings as error:
            lines.append(f"{slug}: skipped ({error.problems[0]})")
            continue
        lines.extend(f"{slug}: {line}" for line in fired)
        lines.extend(f"{slug}: {line}" for line in _directory_sync(registry, slug, desk.settings.directory, now))
        try:
            with unit_of_work(registry.session_factory(slug)) as session:
                purged = purge_if_due(db_session=session, now=moment, retention=desk.retention, tracker=tracker)
        except SQLAlchemyError as error:
            lines.append(f"{slug}: personal data purge failed, retried next pass ({type(error).__name__})")
            continue
        done = {name: count for name, count in (purged or {}).items() if count and name != "more"}
        if done.get("attachments"):  # their files, in the store the purge's transaction can't reach
            done["stored files"] = after_removal(sessions=registry.session_factory(slug), client=slug, counts=done,
                                                 store=files(), now=moment)
        if done:
            lines.append(f"{slug}: past retention, " + ", ".join(f"{name.replace('_', ' ')} {count}"
                                                                 for name, count in done.items()))
    return lines


def _directory_sync(registry: ClientDatabases, slug: str, directory: Directory, now: datetime | None) -> list[str]:
    """The client's LDAP directory imported again when its `sync_every` says so (one run across replicas: see
    servicedesk/people/sync.py), in transactions of its own after the SLA events; a failure is a line, not fatal."""
    try:
        result = scheduled_sync(sessions=registry.session_factory(slug), directory=directory,
                                clock=utcnow if now is None else lambda: now)
    except SQLAlchemyError as error:
        return [f"people directory sync failed, retried later ({type(error).__name__})"]
    return [] if result is None else [result.line()]


def supervise(*, once: bool, interval: float) -> None:
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    tracker = tracker_store.from_environment()
    watch = PassWatch(interval)  # /metrics and /health on RELAIS_METRICS_PORT when set
    with open_catalogue() as (catalogue, registry):
        print(f"supervisor running every {interval:.0f} s", flush=True)
        try:
            while not stopping:
                with watch.timed(catalogue, registry) as lines:
                    lines += supervise_once(catalogue, registry, tracker=tracker)
                for line in lines:
                    print(line, flush=True)
                if once:
                    return
                deadline = time.monotonic() + interval
                while not stopping and time.monotonic() < deadline:
                    time.sleep(0.2)
        finally:
            watch.close()
