"""The directory's scheduled and by-hand imports (servicedesk/people/sync.py): the schedule as a pure rule, then
runs on SQLite and PostgreSQL — one at a time whoever starts them, counted, a failure recorded and retried sooner,
a dead run taken over — and the supervisor's pass that runs them (servicedesk/operations.py)."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.errors import DirectoryUnreachable
from servicedesk.people import sync
from servicedesk.people.importing import Entry
from servicedesk.people.models import DirectorySync, Person
from servicedesk.settings.directory import DEFAULT_SYNC, Directory, LdapDirectory

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
LDAP = LdapDirectory(url="ldap://127.0.0.1:1", base_dn="dc=acme,dc=example")
STAFF = [Entry(1, "chloe@acme.example", "Chloé"),
         Entry(2, "bob@acme.example", "Bob", manager_email="chloe@acme.example")]


def at(moment: datetime):
    return lambda: moment


def runs(session_factory) -> list[tuple[str, str, str, int, bool | None]]:
    with session_factory() as session:
        return [(run.trigger, run.source, run.outcome, run.created, run.running)
                for run in session.scalars(select(DirectorySync).order_by(DirectorySync.id))]


# The schedule, a pure rule.

def test_never_run_is_due_at_once_then_every_interval_after_the_last_start() -> None:
    assert sync.next_due(every=6 * HOUR, last_started=None, last_outcome=None, now=NOW) == NOW
    assert sync.next_due(every=6 * HOUR, last_started=NOW, last_outcome="done", now=NOW) == NOW + 6 * HOUR
    assert sync.next_due(every=6 * HOUR, last_started=NOW, last_outcome="partial", now=NOW) == NOW + 6 * HOUR


def test_a_failed_or_abandoned_run_is_tried_again_sooner_but_never_more_often_than_the_interval() -> None:
    for outcome in ("failed", "abandoned"):
        assert sync.next_due(every=6 * HOUR, last_started=NOW, last_outcome=outcome, now=NOW) == \
            NOW + sync.RETRY_AFTER
    assert sync.next_due(every=timedelta(minutes=15), last_started=NOW, last_outcome="failed", now=NOW) == \
        NOW + timedelta(minutes=15)


def test_off_is_never() -> None:
    assert sync.next_due(every=None, last_started=None, last_outcome=None, now=NOW) is None


@pytest.mark.parametrize(("written", "every"), [(None, DEFAULT_SYNC), ("30m", timedelta(minutes=30)),
                                                ("6h", 6 * HOUR), ("1d", timedelta(days=1)), ("off", None)])
def test_the_interval_is_the_clients_setting_six_hours_by_default(written, every) -> None:
    directory = Directory.model_validate({} if written is None else {"sync_every": written})
    assert directory.sync_every == every
    assert Directory.model_validate(directory.model_dump()).sync_every == every  # written back as read


@pytest.mark.parametrize("written", ["5m", "10", "6 hours", "-1h", 6])
def test_an_interval_too_short_or_unreadable_is_refused(written) -> None:
    with pytest.raises(ValueError, match="sync_every"):
        Directory.model_validate({"sync_every": written})


# Runs on a real database.

def test_a_run_imports_and_records_its_counts(session_factory) -> None:
    result = sync.run_import(sessions=session_factory, source="csv", read=lambda: STAFF, trigger="cli", actor="cli",
                             clock=at(NOW))
    assert (result.outcome, result.report.created) == ("done", 2)
    assert result.line() == "people directory from csv: created 2, updated 0, unchanged 0, deactivated 0, " \
                            "manager unknown 0, errors 0"
    assert runs(session_factory) == [("cli", "csv", "done", 2, None)]
    with session_factory() as session:
        assert session.scalar(select(Person.name).where(Person.email == "bob@acme.example")) == "Bob"


def test_a_run_with_refused_entries_is_partial_and_keeps_why(session_factory) -> None:
    result = sync.run_import(sessions=session_factory, source="csv", trigger="cli", actor="cli", clock=at(NOW),
                             read=lambda: [*STAFF, Entry(7, "not an address")])
    assert result.outcome == "partial"
    with session_factory() as session:
        run = session.scalars(select(DirectorySync)).one()
        assert (run.refused, run.created, run.message) == (1, 2, "7: not an e-mail address: 'not an address'")


def test_a_source_that_cannot_be_read_is_a_failed_run_and_the_directory_is_left_alone(session_factory) -> None:
    sync.run_import(sessions=session_factory, source="ldap", read=lambda: STAFF, trigger="schedule",
                    actor="supervisor", clock=at(NOW))

    def down() -> list[Entry]:
        raise DirectoryUnreachable(LDAP.url, "connection refused")

    result = sync.run_import(sessions=session_factory, source="ldap", read=down, trigger="console",
                             actor="console:lea", clock=at(NOW + HOUR))
    assert (result.outcome, result.report) == ("failed", None)
    assert "connection refused" in result.line()
    assert runs(session_factory)[-1] == ("console", "ldap", "failed", 0, None)
    with session_factory() as session:
        assert len(list(session.scalars(select(Person).where(Person.active)))) == 2


def test_one_run_at_a_time_whoever_starts_it(session_factory) -> None:
    """While a run reads its source, a second claim (the console's, another supervisor replica's) gives up; once
    the first has ended, a by-hand run may start again at once."""
    second: list[object] = []

    def read_while_another_asks() -> list[Entry]:
        second.append(sync.run_import(sessions=session_factory, source="ldap", read=lambda: STAFF,
                                      trigger="console", actor="console:lea", clock=at(NOW)))
        return STAFF

    first = sync.run_import(sessions=session_factory, source="ldap", read=read_while_another_asks,
                            trigger="schedule", actor="supervisor", clock=at(NOW))
    assert (first.outcome, second) == ("done", [None])
    assert sync.run_import(sessions=session_factory, source="ldap", read=lambda: STAFF, trigger="console",
                           actor="console:lea", clock=at(NOW)).outcome == "done"
    assert [run[:3] for run in runs(session_factory)] == [("schedule", "ldap", "done"), ("console", "ldap", "done")]


def test_a_run_whose_process_died_is_abandoned_after_an_hour_and_taken_over(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        session.add(DirectorySync(source="ldap", trigger="schedule", actor="supervisor", started_at=NOW,
                                  running=True, outcome="running"))
    too_soon = sync.run_import(sessions=session_factory, source="ldap", read=lambda: STAFF, trigger="console",
                               actor="console:lea", clock=at(NOW + 30 * timedelta(minutes=1)))
    assert too_soon is None
    taken = sync.run_import(sessions=session_factory, source="ldap", read=lambda: STAFF, trigger="console",
                            actor="console:lea", clock=at(NOW + sync.STALE + timedelta(seconds=1)))
    assert taken.outcome == "done"
    assert [run[2:] for run in runs(session_factory)] == [("abandoned", 0, None), ("done", 2, None)]


def test_the_schedule_runs_when_due_and_not_before(session_factory) -> None:
    directory = Directory(ldap=LDAP, sync_every=6 * HOUR)
    reads: list[datetime] = []

    def scheduled(moment: datetime):
        def read() -> list[Entry]:
            reads.append(moment)
            return STAFF

        return sync.run_import(sessions=session_factory, source="ldap", read=read, trigger="schedule",
                               actor="supervisor", every=directory.sync_every, clock=at(moment))

    assert scheduled(NOW).outcome == "done"
    assert scheduled(NOW + 5 * HOUR) is None  # not due: nothing read, no row left behind
    assert scheduled(NOW + 6 * HOUR).outcome == "done"
    assert reads == [NOW, NOW + 6 * HOUR]
    assert len(runs(session_factory)) == 2


def test_a_replica_that_found_it_due_gives_up_once_another_replica_ran_it(session_factory) -> None:
    """Replica B read "due" before replica A's run was committed; B's claim reads the schedule again after its own
    insert, sees A's run, and gives up without reading the source."""
    sync.run_import(sessions=session_factory, source="ldap", read=lambda: STAFF, trigger="schedule",
                    actor="supervisor", every=HOUR, clock=at(NOW))
    late = sync.run_import(sessions=session_factory, source="ldap", read=lambda: pytest.fail("read twice"),
                           trigger="schedule", actor="supervisor", every=HOUR, clock=at(NOW + timedelta(seconds=5)))
    assert late is None
    assert len(runs(session_factory)) == 1


def test_two_supervisors_at_once_import_once(session_factory) -> None:
    """Two replicas' passes at the same moment, in threads: one run, one read of the source."""
    directory = Directory(ldap=LDAP, sync_every=HOUR)
    reads, results = [], []
    gate = threading.Barrier(2)

    def read() -> list[Entry]:
        reads.append(1)
        return STAFF

    def replica() -> None:
        gate.wait()
        results.append(sync.run_import(sessions=session_factory, source="ldap", read=read, trigger="schedule",
                                       actor="supervisor", every=directory.sync_every, clock=at(NOW)))

    threads = [threading.Thread(target=replica) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(reads) == 1 and sorted(result is None for result in results) == [False, True]
    assert len(runs(session_factory)) == 1


def test_the_supervisors_entry_point_needs_an_ldap_directory_and_a_schedule(session_factory, monkeypatch) -> None:
    monkeypatch.setattr(sync, "read_directory", lambda settings, environ: STAFF)
    for directory in (Directory(), Directory(ldap=LDAP, sync_every=None)):
        assert sync.scheduled_sync(sessions=session_factory, directory=directory, clock=at(NOW)) is None
    done = sync.scheduled_sync(sessions=session_factory, directory=Directory(ldap=LDAP), clock=at(NOW))
    assert done.line().startswith("people directory from ldap: created 2")
    assert sync.scheduled_sync(sessions=session_factory, directory=Directory(ldap=LDAP), clock=at(NOW + HOUR)) is None
    assert runs(session_factory) == [("schedule", "ldap", "done", 2, None)]
