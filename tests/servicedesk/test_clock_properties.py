"""Property tests for clocks: whatever the sequence of pauses, resumes and priority changes, a clock
counts exactly the business time it ran, and its deadline is where the remaining target ends."""

from datetime import UTC, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from servicedesk.calendar import BusinessCalendar
from servicedesk.sla import clocks
from servicedesk.sla.models import Clock

PARIS = BusinessCalendar("Europe/Paris", {d: ((time(9), time(12)), (time(13), time(18))) for d in range(5)},
                         frozenset({datetime(2027, 3, 29).date()}))
NIGHT_SHIFT = BusinessCalendar("America/New_York", {d: ((time(0), time(6)), (time(20), None)) for d in range(7)})
START = datetime(2027, 3, 22, 7, 0, tzinfo=UTC)  # a week that crosses the spring DST change in Europe

operations = st.lists(
    st.tuples(st.sampled_from(["pause", "start", "retarget"]), st.integers(1, 36 * 60),
              st.integers(1, 60).map(lambda hours: hours * 3600)),
    min_size=1, max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(ops=operations, calendar=st.sampled_from([PARIS, NIGHT_SHIFT]))
def test_spent_time_is_the_business_time_the_clock_ran(ops, calendar) -> None:
    clock = Clock(target_seconds=8 * 3600, spent_seconds=0.0, running_since=None, stopped_at=None)
    now = START
    clocks.start(clock, calendar, now)
    running_since: datetime | None = now
    expected = timedelta(0)
    for op, minutes_later, target in ops:
        now += timedelta(minutes=minutes_later)
        if op == "pause":
            if running_since is not None:
                expected += calendar.elapsed(running_since, now)
                running_since = None
            clocks.pause(clock, calendar, now)
        elif op == "start":
            if running_since is None:
                running_since = now
            clocks.start(clock, calendar, now)
        else:  # a priority change: new target, time kept
            if running_since is not None:
                expected += calendar.elapsed(running_since, now)
                running_since = now
            clocks.retarget(clock, calendar, now, target)
        running = calendar.elapsed(running_since, now) if running_since is not None else timedelta(0)
        assert clocks.spent(clock, calendar, now) == expected + running
        if clock.running_since is not None:
            # Planned when it last (re)started: the target less the time banked before that.
            remaining = max(timedelta(seconds=clock.target_seconds) - expected, timedelta(0))
            assert calendar.elapsed(clock.running_since, clock.deadline) == remaining
            assert clock.warn_at <= clock.deadline
        else:
            assert clock.deadline is None and clock.warn_at is None
