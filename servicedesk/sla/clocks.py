"""Clock arithmetic: start, pause, resume, retarget and stop, in business time.

Pure functions over a Clock row and its BusinessCalendar; the caller decides when (policy.py) and
owns the transaction. A running clock always carries its deadline and its 75% warning time, so the
supervisor finds due clocks with one indexed query instead of recomputing every clock.
"""

from datetime import datetime, timedelta

from servicedesk.calendar import BusinessCalendar
from servicedesk.sla.models import Clock

WARNING_SHARE = 0.75


def spent(clock: Clock, calendar: BusinessCalendar, now: datetime) -> timedelta:
    """Business time counted so far, the running stretch included."""
    total = timedelta(seconds=clock.spent_seconds)
    if clock.running_since is not None:
        total += calendar.elapsed(clock.running_since, now)
    return total


def progress(clock: Clock, calendar: BusinessCalendar, now: datetime) -> float:
    """Share of the target used: 0.75 is the warning, 1.0 the breach."""
    return spent(clock, calendar, now) / timedelta(seconds=clock.target_seconds)


def start(clock: Clock, calendar: BusinessCalendar, now: datetime) -> None:
    """Run the clock from now (resume it if it was paused); a stopped clock stays stopped."""
    if clock.stopped_at is not None or clock.running_since is not None:
        return
    clock.running_since = now
    _plan(clock, calendar, now)


def pause(clock: Clock, calendar: BusinessCalendar, now: datetime) -> None:
    """Bank the running stretch and stop counting (pending on the requester, resolved...)."""
    if clock.running_since is None:
        return
    clock.spent_seconds = spent(clock, calendar, now).total_seconds()
    clock.running_since = None
    clock.deadline = clock.warn_at = None


def retarget(clock: Clock, calendar: BusinessCalendar, now: datetime, target_seconds: int,
             new_calendar: BusinessCalendar | None = None, new_calendar_name: str | None = None) -> None:
    """A new target (priority or agreement changed): time already spent and paused is kept; the rest
    is counted on the new target's calendar (a P1 may run 24/7 where a P3 follows office hours)."""
    running = clock.running_since is not None
    pause(clock, calendar, now)
    clock.target_seconds = target_seconds
    if new_calendar_name is not None:
        clock.calendar = new_calendar_name
    if running:
        start(clock, new_calendar or calendar, now)


def restart(clock: Clock, calendar: BusinessCalendar, now: datetime) -> None:
    """Count again from zero (keep-in-loop: the requester just heard from us)."""
    clock.spent_seconds = 0.0
    clock.running_since = None
    clock.stopped_at = None
    start(clock, calendar, now)


def stop(clock: Clock, calendar: BusinessCalendar, now: datetime) -> None:
    """The target is met (or no longer applies): bank the time and never run again."""
    pause(clock, calendar, now)
    clock.stopped_at = now


def breached(clock: Clock, calendar: BusinessCalendar, now: datetime) -> bool:
    return spent(clock, calendar, now) > timedelta(seconds=clock.target_seconds)


def _plan(clock: Clock, calendar: BusinessCalendar, now: datetime) -> None:
    target = timedelta(seconds=clock.target_seconds)
    already = timedelta(seconds=clock.spent_seconds)
    clock.deadline = calendar.add(now, max(target - already, timedelta(0)))
    clock.warn_at = calendar.add(now, max(target * WARNING_SHARE - already, timedelta(0)))
