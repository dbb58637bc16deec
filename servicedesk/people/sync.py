"""Importing the directory as a run: one at a time per client, recorded with its counts, on a schedule or by hand.

    schedule   the SLA supervisor's pass (servicedesk/operations.py), every `directory.sync_every` of the client's
               settings (6h by default; off: only by hand), when they name an LDAP directory
    console    a lead's or an admin's "Sync now" (console/routes/people.py)
    cli        python -m servicedesk people import-csv / import-ldap (servicedesk/people/cli.py)

A run is three transactions, so that no lock of the client's database is held while its LDAP server answers:

1. the claim: a run still "running" after STALE (its process died) is marked abandoned; the new run's row is
   inserted with running=True, which is unique, so a claim while another import runs fails on the constraint and
   gives up; for a scheduled run the schedule is read only *after* that insert, so a replica that found the
   directory due before another replica's run was committed sees that run now, and gives up (rolled back)
   rather than import twice;
2. the read of the source, outside any transaction;
3. the import (servicedesk.people.importing) and the run's counts in one transaction; or, when the read or the
   import failed, the run marked failed with why.

`next_due` is the schedule as a pure rule: every `sync_every` after the last run began, sooner (RETRY_AFTER) after
one that failed.
"""

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from servicedesk.database import unit_of_work
from servicedesk.errors import ServiceDeskError
from servicedesk.models import utcnow
from servicedesk.people.importing import DirectoryReport, Entry, import_people
from servicedesk.people.ldap_source import read_directory
from servicedesk.people.models import DirectorySync
from servicedesk.settings.directory import Directory

STALE = timedelta(hours=1)  # a run "running" this long died with its process (an LDAP read times out in minutes)
RETRY_AFTER = timedelta(minutes=15)  # after a failed run, the schedule tries again this soon (or at sync_every)
FAILED = ("failed", "abandoned")

Reader = Callable[[], list[Entry]]


@dataclass(frozen=True)
class SyncResult:
    """What a run did: its row's id, its outcome (done, partial: some entries refused, failed) and counts."""

    run_id: int
    source: str
    outcome: str
    report: DirectoryReport | None
    message: str = ""

    def line(self) -> str:
        """The run in one line, for the supervisor's log and the command line."""
        if self.report is None:
            return f"people directory from {self.source}: failed ({self.message})"
        return f"people directory from {self.source}: " + self.report.summary().split("\n", 1)[0]


def next_due(*, every: timedelta | None, last_started: datetime | None, last_outcome: str | None,
             now: datetime) -> datetime | None:
    """When the schedule imports the directory again: None never (sync_every off), `now` when it never did."""
    if every is None:
        return None
    if last_started is None:
        return now
    return last_started + (min(every, RETRY_AFTER) if last_outcome in FAILED else every)


def latest(*, db_session: Session, source: str | None = None, finished: bool = False,
           other_than: int | None = None) -> DirectorySync | None:
    """The newest run (of `source`; that ended, with `finished`; other than the run `other_than`)."""
    query = select(DirectorySync).order_by(DirectorySync.started_at.desc(), DirectorySync.id.desc()).limit(1)
    if source is not None:
        query = query.where(DirectorySync.source == source)
    if finished:
        query = query.where(DirectorySync.running.is_(None))
    if other_than is not None:
        query = query.where(DirectorySync.id != other_than)
    return db_session.scalar(query)


def run_import(*, sessions: sessionmaker[Session], source: str, read: Reader, trigger: str, actor: str,
               whole: bool = True, every: timedelta | None = None,
               clock: Callable[[], datetime] = utcnow) -> SyncResult | None:
    """Read `source` and import it as one run; None when another run of this directory is running, or (`every`
    given: a scheduled run) when it is not due any more. A failed read or import is recorded and returned."""
    run_id = _claim(sessions, source=source, trigger=trigger, actor=actor, now=clock(), every=every)
    if run_id is None:
        return None
    try:
        entries = read()
        with unit_of_work(sessions) as session:
            report = import_people(db_session=session, entries=entries, source=source, whole=whole)
            _ended(session.get_one(DirectorySync, run_id), clock(), "partial" if report.errors else "done",
                   report=report)
    except ServiceDeskError as error:  # the source could not be read (DirectoryUnreachable, InvalidImportFile)
        _fail(sessions, run_id, clock(), str(error))
        return SyncResult(run_id, source, "failed", None, str(error))
    except Exception as error:  # a database that failed the import: recorded, then raised for the caller's log
        _fail(sessions, run_id, clock(), f"{type(error).__name__}: {error}")
        raise
    return SyncResult(run_id, source, "partial" if report.errors else "done", report)


def sync_ldap(*, sessions: sessionmaker[Session], directory: Directory, trigger: str, actor: str,
              scheduled: bool = False, environ: Mapping[str, str] = os.environ,
              clock: Callable[[], datetime] = utcnow) -> SyncResult | None:
    """The whole LDAP directory of the client's settings imported as one run (see run_import); `scheduled`: only
    if `directory.sync_every` says it is due."""
    ldap = directory.ldap
    if ldap is None:
        raise ValueError("the settings name no LDAP directory")  # callers check directory.ldap first
    return run_import(sessions=sessions, source="ldap", read=lambda: read_directory(ldap, environ=environ),
                      trigger=trigger, actor=actor, every=directory.sync_every if scheduled else None, clock=clock)


def scheduled_sync(*, sessions: sessionmaker[Session], directory: Directory, environ: Mapping[str, str] = os.environ,
                   clock: Callable[[], datetime] = utcnow) -> SyncResult | None:
    """The supervisor's pass: the client's LDAP directory imported when its schedule says so; None when the
    settings name none, the schedule is off, it is not due, or another run holds it. Cheap when not due: one
    read, no row written."""
    if directory.ldap is None or directory.sync_every is None:
        return None
    now = clock()
    with sessions() as session:
        last = latest(db_session=session, source="ldap")
        due = next_due(every=directory.sync_every, last_started=last.started_at if last else None,
                       last_outcome=last.outcome if last else None, now=now)
    if due is None or due > now:
        return None
    return sync_ldap(sessions=sessions, directory=directory, trigger="schedule", actor="supervisor",
                     scheduled=True, environ=environ, clock=clock)


class _NotDue(Exception):
    """A scheduled claim that found, after its insert, a run another replica began meanwhile: rolled back."""


def _claim(sessions: sessionmaker[Session], *, source: str, trigger: str, actor: str, now: datetime,
           every: timedelta | None) -> int | None:
    try:
        with unit_of_work(sessions) as session:
            session.execute(update(DirectorySync)
                            .where(DirectorySync.running.is_(True), DirectorySync.started_at < now - STALE)
                            .values(running=None, outcome="abandoned", finished_at=now,
                                    message="still running after an hour: its process ended"))
            run = DirectorySync(source=source, trigger=trigger, actor=actor, started_at=now, running=True,
                                outcome="running")
            session.add(run)
            session.flush()  # IntegrityError here: another import of this directory is running
            if every is not None:
                last = latest(db_session=session, source=source, other_than=run.id)
                due = next_due(every=every, last_started=last.started_at if last else None,
                               last_outcome=last.outcome if last else None, now=now)
                if due is None or due > now:
                    raise _NotDue
            return run.id
    except (IntegrityError, _NotDue):
        return None


def _ended(run: DirectorySync, now: datetime, outcome: str, *, report: DirectoryReport | None = None,
           message: str = "") -> None:
    run.running, run.outcome, run.finished_at = None, outcome, now
    if report is not None:
        run.created, run.updated, run.unchanged = report.created, report.updated, report.unchanged
        run.deactivated, run.without_manager, run.refused = report.deactivated, report.without_manager, \
            len(report.errors)
        message = "\n".join(f"{error.position}: {error.message}" for error in report.errors[:50])
    run.message = message[:4000]


def _fail(sessions: sessionmaker[Session], run_id: int, now: datetime, message: str) -> None:
    with unit_of_work(sessions) as session:
        _ended(session.get_one(DirectorySync, run_id), now, "failed", message=message)
