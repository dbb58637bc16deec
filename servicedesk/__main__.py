"""Command line of the ticketing domain.

    python -m servicedesk migrate              the catalogue and every client database to the latest schema
    python -m servicedesk revision -m MESSAGE  write a new client-database migration from the models (developers;
                                               autogenerates against RELAIS_DATABASE_URL, a scratch database)
    python -m servicedesk clients create|list|bind ...   the client catalogue (one database per client)
    python -m servicedesk accounts add|list|grant|password|disable|enable|first-admin ...   the desk's agent
                                               accounts for the console, see servicedesk/accounts/cli.py
    python -m servicedesk tickets list|show ... --client SLUG [--json]
    python -m servicedesk tickets import FILE --client SLUG [--system S] [--dry-run]   see servicedesk/tickets/cli.py
    python -m servicedesk settings load | bootstrap | supervise      see servicedesk/operations.py
    python -m servicedesk report --client SLUG --from DAY --to DAY [--json] [--html FILE]
    python -m servicedesk privacy export|erase|purge --client SLUG ...   see servicedesk/privacy/cli.py
    python -m servicedesk people import-csv|import-ldap|show --client SLUG ...   see servicedesk/people/cli.py
"""

import argparse

from servicedesk import operations
from servicedesk.accounts import cli as accounts_cli
from servicedesk.clients import cli as clients_cli
from servicedesk.database import MIGRATIONS, database_url, make_engine
from servicedesk.people import cli as people_cli
from servicedesk.privacy import cli as privacy_cli
from servicedesk.reports import cli as reports_cli
from servicedesk.tickets import cli as tickets_cli


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m servicedesk")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="upgrade the catalogue and every client database to the latest revision")
    revision = sub.add_parser("revision", help="autogenerate a migration")
    revision.add_argument("-m", "--message", required=True)
    revision.add_argument("--rev-id")
    clients_cli.register(sub)
    accounts_cli.register(sub)
    tickets_cli.register(sub)
    operations.register(sub)
    reports_cli.register(sub)
    privacy_cli.register(sub)
    people_cli.register(sub)
    args = parser.parse_args(argv)
    if args.command == "report":
        raise SystemExit(reports_cli.run(args))
    if args.command in ("settings", "bootstrap", "supervise"):
        raise SystemExit(operations.run(args))
    if args.command == "clients":
        raise SystemExit(clients_cli.run(args))
    if args.command == "accounts":
        raise SystemExit(accounts_cli.run(args))
    if args.command == "tickets":
        raise SystemExit(tickets_cli.run(args))
    if args.command == "privacy":
        raise SystemExit(privacy_cli.run(args))
    if args.command == "people":
        raise SystemExit(people_cli.run(args))

    if args.command == "migrate":
        print("\n".join(operations.migrate_all()))
        return
    from alembic import command  # here: the other commands, and their tests' subprocesses, start without it
    from alembic.config import Config

    config = Config()  # revision: compare the models with a scratch database at the latest schema
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = make_engine(database_url())
    command.revision(config, message=args.message, autogenerate=True, rev_id=args.rev_id)


if __name__ == "__main__":
    main()
