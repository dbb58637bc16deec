"""Business time on a client's calendar: the clock SLA targets (time to own, time to resolve) run on.

A calendar is weekly opening windows on the local wall clock, public holidays and an IANA time zone.
Because windows are read on the wall clock, the real time they cover follows daylight saving: a window
01:00-04:00 on the spring-forward night lasts 2 real hours, on the fall-back night 4.

The window rule, checked when a calendar is built:
- a window is (start, end) on one local day, half-open [start, end), with start < end;
- end None is the midnight that ends the day (24:00), so ((time(0), None),) is a full day;
- a day's windows are sorted and do not overlap (they may touch);
- a boundary falls at the first instant the local clock reads that time or later: in a fall-back
  overlap that is its first occurrence, in a spring-forward gap the instant of the jump.

Every computation turns one local day at a time into UTC intervals, never minute by minute, so a year
is a few hundred steps. Inputs must be aware datetimes; results are aware UTC datetimes.
"""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Window = tuple[time, time | None]

_DAY = timedelta(days=1)
_MICROSECOND = timedelta(microseconds=1)
_LAST_DAY = date.max - timedelta(days=2)  # so that converting a day's windows never overflows datetime
_DAYS_KEPT = 4096  # days of UTC windows a calendar keeps: eleven years
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class BusinessCalendar:
    """Opening hours of a client in its time zone; see the module docstring for the window rule."""

    timezone: str
    weekly: Mapping[int, tuple[Window, ...]]
    holidays: frozenset[date] = frozenset()
    _zone: ZoneInfo = field(init=False, repr=False, compare=False)
    # Each local day's windows once turned into UTC (_day): a queue asks the same few days for every clock.
    _days: dict[date, tuple[tuple[datetime, datetime], ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            zone = ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError) as error:
            raise ValueError(f"unknown time zone {self.timezone!r}") from error
        if not set(self.weekly) <= set(range(7)):
            raise ValueError(f"weekdays are 0 (Monday) to 6 (Sunday), got {sorted(self.weekly)!r}")
        weekly = {day: tuple(tuple(window) for window in self.weekly.get(day, ())) for day in range(7)}
        for day, windows in weekly.items():
            _check_windows(_WEEKDAYS[day], windows)
        holidays = frozenset(self.holidays)
        for holiday in holidays:
            if not isinstance(holiday, date) or isinstance(holiday, datetime):
                raise ValueError(f"a holiday is a date, got {holiday!r}")
        # Frozen: normalise once, so that equal calendars compare equal however they were written.
        object.__setattr__(self, "weekly", MappingProxyType(weekly))
        object.__setattr__(self, "holidays", holidays)
        object.__setattr__(self, "_zone", zone)
        object.__setattr__(self, "_days", {})

    def __hash__(self) -> int:
        return hash((self.timezone, tuple(self.weekly.items()), self.holidays))

    @classmethod
    def always_open(cls, timezone: str = "UTC") -> Self:
        """24/7 without holidays, for agreements (P1) whose clock never stops."""
        return cls(timezone, {day: ((time(0), None),) for day in range(7)})

    @classmethod
    def from_settings(cls, raw: Mapping[str, Any]) -> Self:
        """Read a client's settings: {"timezone": "Europe/Paris", "hours": {"mon": ["09:00-12:30", ...]},
        "holidays": ["2026-12-25", ...]}. Missing weekdays are closed; "00:00-24:00" is a full day.
        Unknown keys are refused, so that a typo ("holiday") cannot silently drop the holidays."""
        unknown = set(raw) - {"timezone", "hours", "holidays"}
        if unknown:
            raise ValueError(f"calendar: unknown settings {sorted(unknown)!r}")
        timezone = raw.get("timezone")
        if not isinstance(timezone, str):
            raise ValueError("calendar: 'timezone' is required (an IANA name such as 'Europe/Paris')")
        hours = raw.get("hours") or {}
        if not isinstance(hours, Mapping) or not set(hours) <= set(_WEEKDAYS):
            raise ValueError(f"calendar: 'hours' maps {', '.join(_WEEKDAYS)} to lists of 'HH:MM-HH:MM'")
        weekly: dict[int, tuple[Window, ...]] = {}
        for index, name in enumerate(_WEEKDAYS):
            ranges = hours.get(name) or []
            if not isinstance(ranges, list | tuple):
                raise ValueError(f"calendar: hours of {name} must be a list, got {ranges!r}")
            weekly[index] = tuple(_parse_range(text) for text in ranges)
        return cls(timezone, weekly, frozenset(_parse_holiday(value) for value in raw.get("holidays") or []))

    def is_open(self, moment: datetime) -> bool:
        moment = _utc(moment)
        local_day = moment.astimezone(self._zone).date()
        # The day before and after too: a fall-back at midnight can show yesterday's date in today's windows.
        days = (local_day - _DAY, local_day, local_day + _DAY)
        return any(opens <= moment < closes for day in days for opens, closes in self._day(day))

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Business time between two moments; zero when end is not after start."""
        start, end = _utc(start), _utc(end)
        total = timedelta()
        if end <= start:
            return total
        for opens, closes in self._intervals(start):
            if opens >= end:
                break
            total += min(closes, end) - opens
        return total

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The moment (UTC) when `duration` of business time has passed after start; start itself for zero.
        A deadline that lands on a closing time is that closing time, not the next opening."""
        start = _utc(start)
        if duration < timedelta():
            raise ValueError(f"a duration of business time cannot be negative: {duration!r}")
        if not duration:
            return start
        remaining = duration
        for opens, closes in self._intervals(start):
            if closes - opens >= remaining:
                return opens + remaining
            remaining -= closes - opens
        raise ValueError(f"the calendar has no business time after {start.isoformat()}")

    def next_open(self, moment: datetime) -> datetime:
        """The moment itself (UTC) when open, else the start of the next window: "the desk opens at ..."."""
        moment = _utc(moment)
        for opens, _ in self._intervals(moment):
            return opens
        raise ValueError(f"the calendar never opens after {moment.isoformat()}")

    def _intervals(self, since: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Open UTC intervals in order, the first clipped to `since`. Finite only through _LAST_DAY:
        without any window it stops at once, otherwise every run of holidays ends (they are a finite set)."""
        if not any(self.weekly.values()):
            return
        day = since.astimezone(self._zone).date() - _DAY
        while day <= _LAST_DAY:
            for opens, closes in self._day(day):
                if closes > since:
                    yield max(opens, since), closes
            day += _DAY

    def _day(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The UTC intervals of one local day; a window wholly inside a spring-forward gap is empty and skipped.
        Kept once computed, up to _DAYS_KEPT days (then forgotten all at once: a few ms to compute again)."""
        found = self._days.get(day)
        if found is not None:
            return found
        intervals: list[tuple[datetime, datetime]] = []
        if day not in self.holidays:
            for start, end in self.weekly[day.weekday()]:
                opens, closes = self._instant(day, start), self._instant(day, end)
                if opens < closes:
                    intervals.append((opens, closes))
        if len(self._days) >= _DAYS_KEPT:
            self._days.clear()
        self._days[day] = found = tuple(intervals)
        return found

    def _instant(self, day: date, at: time | None) -> datetime:
        """The first UTC instant at which the local clock reads `day` `at` or later (None: the next midnight)."""
        local = datetime.combine(day + _DAY, time()) if at is None else datetime.combine(day, at)
        moment = local.replace(tzinfo=self._zone).astimezone(UTC)  # fold=0: the first occurrence in an overlap
        if moment.astimezone(self._zone).replace(tzinfo=None) == local:
            return moment
        # In a spring-forward gap the clock never reads `local`: the two folds bracket the jump; find it.
        low, high = sorted((local.replace(tzinfo=self._zone, fold=1).astimezone(UTC), moment))
        while high - low > _MICROSECOND:
            middle = low + (high - low) / 2
            if middle.astimezone(self._zone).replace(tzinfo=None) >= local:
                high = middle
            else:
                low = middle
        return high


def _check_windows(day: str, windows: tuple[tuple[time | None, ...], ...]) -> None:
    floor: time | None = time.min  # the earliest a window may start; None once a window reached midnight
    for window in windows:
        if len(window) != 2:
            raise ValueError(f"{day}: a window is (start, end), got {window!r}")
        start, end = window
        if not isinstance(start, time) or start.tzinfo is not None:
            raise ValueError(f"{day}: a window starts at a naive time, got {start!r}")
        if end is not None and (not isinstance(end, time) or end.tzinfo is not None):
            raise ValueError(f"{day}: a window ends at a naive time or None (midnight), got {end!r}")
        if end is not None and end <= start:
            raise ValueError(f"{day}: window {start}-{end} ends before it starts")
        if floor is None or start < floor:
            raise ValueError(f"{day}: windows must be sorted and must not overlap, got {windows!r}")
        floor = end


def _parse_range(text: object) -> Window:
    match = _RANGE.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"calendar: opening hours {text!r} are not 'HH:MM-HH:MM'")
    start_hour, start_minute, end_hour, end_minute = (int(group) for group in match.groups())
    try:
        start = time(start_hour, start_minute)
        end = None if (end_hour, end_minute) == (24, 0) else time(end_hour, end_minute)
    except ValueError as error:
        raise ValueError(f"calendar: opening hours {text!r}: {error}") from error
    return start, end


def _parse_holiday(value: object) -> date:
    """An ISO date string, or a date as YAML already parses an unquoted 2026-12-25."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    problem = f"calendar: holiday {value!r} is not a date (YYYY-MM-DD)"
    if not isinstance(value, str):
        raise ValueError(problem)
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(problem) from error


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: business time needs a time zone")
    return moment.astimezone(UTC)
