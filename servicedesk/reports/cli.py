"""Command line for a client's service-desk report.

    python -m servicedesk report --client SLUG --from YYYY-MM-DD --to YYYY-MM-DD [--json] [--html FILE]

Both days are included (--from 2026-11-01 --to 2026-11-30 is November) and read in the client's
time zone: its business calendar's when its settings are loaded, else RELAIS_TIMEZONE (Paris by
default), so that a month is the month the client lived, not a UTC one. Without --json a summary
is printed.
"""

import argparse
import os
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from servicedesk.calendar import BusinessCalendar
from servicedesk.clients.registry import open_catalogue
from servicedesk.clients.service import get_by_slug
from servicedesk.errors import InvalidSettings, NoSettingsLoaded, ServiceDeskError
from servicedesk.reports.metrics import compute
from servicedesk.reports.render import to_html, to_json, to_text
from servicedesk.settings.current import desk_of

DEFAULT_TIMEZONE = "Europe/Paris"


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    report = subparsers.add_parser("report", help="a client's service-desk figures for a period")
    report.add_argument("--client", required=True)
    report.add_argument("--from", dest="from_day", required=True, type=_day, metavar="YYYY-MM-DD",
                        help="first day of the period")
    report.add_argument("--to", dest="to_day", required=True, type=_day, metavar="YYYY-MM-DD",
                        help="last day of the period (included)")
    report.add_argument("--json", action="store_true", help="print the report as JSON")
    report.add_argument("--html", type=Path, metavar="FILE", help="write the report as a standalone HTML page")


def run(args: argparse.Namespace) -> int:
    if args.to_day < args.from_day:
        print(f"error: --to {args.to_day} is before --from {args.from_day}", file=sys.stderr)
        return 1
    try:
        with open_catalogue() as (catalogue, registry):
            with catalogue() as session:
                client_name = get_by_slug(db_session=session, slug=args.client).name
            with registry.session_factory(args.client)() as session:
                calendar = _business_calendar(session)
                timezone = calendar.timezone if calendar else os.environ.get("RELAIS_TIMEZONE", DEFAULT_TIMEZONE)
                start = _midnight(args.from_day, timezone)
                end = _midnight(args.to_day + timedelta(days=1), timezone)
                report = compute(db_session=session, start=start, end=end, calendar=calendar)
        if args.html:
            args.html.write_text(to_html(report, client_name, timezone=timezone), encoding="utf-8")
    except (ServiceDeskError, OSError, ZoneInfoNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(to_json(report) if args.json else to_text(report, client_name, timezone=timezone))
    if args.html and not args.json:
        print(f"HTML report written to {args.html}")
    return 0


def _business_calendar(session: Session) -> BusinessCalendar | None:
    """The client's desk calendar, or None before its settings are loaded (the figures that need it stay empty)."""
    try:
        return desk_of(db_session=session).business_calendar
    except (NoSettingsLoaded, InvalidSettings):
        return None


def _midnight(day: date, timezone: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(timezone))


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a day (YYYY-MM-DD): {text!r}") from error
