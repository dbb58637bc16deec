from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicedesk.calendar import BusinessCalendar

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
HOUR = timedelta(hours=1)
OFFICE = ((time(9), time(18)),)


def office(timezone: str = "Europe/Paris", holidays: frozenset[date] = frozenset()) -> BusinessCalendar:
    """09:00-18:00 Monday to Friday."""
    return BusinessCalendar(timezone, dict.fromkeys(range(5), OFFICE), holidays)


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def in_order(*moments: datetime) -> list[datetime]:
    """Sorted on the real timeline: Python compares two datetimes of the same zone on their wall clocks."""
    return sorted(moments, key=lambda moment: moment.astimezone(UTC))


def same_instant(first: datetime, second: datetime) -> bool:
    """`==` between zones is always False for a repeated (fold) wall time (PEP 495): compare in UTC."""
    return first.astimezone(UTC) == second.astimezone(UTC)


def real(start: datetime, end: datetime) -> timedelta:
    """Real elapsed time; `end - start` within one zone would be wall-clock arithmetic, wrong across DST."""
    return end.astimezone(UTC) - start.astimezone(UTC)


# --- Examples ----------------------------------------------------------------------------------------------------


def test_four_hours_from_friday_17_end_monday_noon() -> None:
    deadline = office().add(paris(2026, 6, 5, 17), 4 * HOUR)
    assert deadline == paris(2026, 6, 8, 12)
    assert deadline.tzinfo is UTC


def test_lunch_break_is_not_counted() -> None:
    calendar = BusinessCalendar("Europe/Paris", {0: ((time(9), time(12, 30)), (time(13, 30), time(18)))})
    assert calendar.add(paris(2026, 6, 1, 11), 3 * HOUR) == paris(2026, 6, 1, 15)
    assert calendar.elapsed(paris(2026, 6, 1, 12), paris(2026, 6, 1, 14)) == HOUR
    assert not calendar.is_open(paris(2026, 6, 1, 13))
    assert calendar.next_open(paris(2026, 6, 1, 12, 30)) == paris(2026, 6, 1, 13, 30)


def test_a_holiday_in_the_middle_is_skipped() -> None:
    calendar = office(holidays=frozenset({date(2026, 7, 14)}))  # a Tuesday
    assert calendar.add(paris(2026, 7, 13, 17), 2 * HOUR) == paris(2026, 7, 15, 10)
    assert calendar.elapsed(paris(2026, 7, 13, 9), paris(2026, 7, 15, 9)) == 9 * HOUR
    assert not calendar.is_open(paris(2026, 7, 14, 10))


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (paris(2026, 6, 1, 10), paris(2026, 6, 1, 11)),  # inside a window
        (paris(2026, 6, 1, 9), paris(2026, 6, 1, 10)),  # at the opening
        (paris(2026, 6, 1, 7), paris(2026, 6, 1, 10)),  # before the opening
        (paris(2026, 6, 1, 18), paris(2026, 6, 2, 10)),  # at the closing: windows are half-open
        (paris(2026, 6, 6, 12), paris(2026, 6, 8, 10)),  # on a Saturday
        (paris(2026, 6, 5, 17, 30), paris(2026, 6, 8, 9, 30)),  # across the weekend
    ],
)
def test_start_inside_or_outside_a_window(start: datetime, expected: datetime) -> None:
    assert office().add(start, HOUR) == expected


def test_a_deadline_on_a_closing_time_is_that_closing_time() -> None:
    assert office().add(paris(2026, 6, 5, 17), HOUR) == paris(2026, 6, 5, 18)


def test_zero_duration_returns_start_even_when_closed() -> None:
    assert office().add(paris(2026, 6, 6, 12), timedelta()) == paris(2026, 6, 6, 12)


def test_next_open_and_is_open() -> None:
    calendar = office()
    assert calendar.is_open(paris(2026, 6, 1, 9)) and not calendar.is_open(paris(2026, 6, 1, 18))
    assert calendar.next_open(paris(2026, 6, 1, 10)) == paris(2026, 6, 1, 10)
    assert calendar.next_open(paris(2026, 6, 5, 18)) == paris(2026, 6, 8, 9)
    assert calendar.next_open(paris(2026, 6, 5, 18)).tzinfo is UTC


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (paris(2026, 3, 28, 12), paris(2026, 3, 30, 12)),  # spring forward: 47 real hours
        (paris(2026, 10, 24, 12), paris(2026, 10, 26, 12)),  # fall back: 49 real hours
        (utc(2026, 10, 25, 0, 30).astimezone(PARIS), utc(2026, 10, 25, 1, 30).astimezone(PARIS)),  # 02:30 twice
        (paris(2026, 1, 1), paris(2027, 1, 1)),
    ],
)
def test_always_open_is_wall_clock_arithmetic(start: datetime, end: datetime) -> None:
    calendar = BusinessCalendar.always_open("Europe/Paris")
    assert calendar.elapsed(start, end) == real(start, end)
    assert same_instant(calendar.add(start, real(start, end)), end)
    assert calendar.is_open(start)
    assert same_instant(calendar.next_open(start), start)


def test_always_open_defaults_to_utc() -> None:
    assert BusinessCalendar.always_open().timezone == "UTC"


def sundays(*windows: tuple[time, time | None]) -> BusinessCalendar:
    return BusinessCalendar("Europe/Paris", {6: windows})


SPRING = (utc(2026, 3, 28), utc(2026, 3, 30))  # Paris jumps from 02:00 to 03:00 on Sunday 29 (01:00 UTC)
AUTUMN = (utc(2026, 10, 24), utc(2026, 10, 26))  # Paris goes back from 03:00 to 02:00 on Sunday 25 (01:00 UTC)


@pytest.mark.parametrize(
    ("window", "spring", "autumn"),
    [
        ((time(1), time(4)), 2 * HOUR, 4 * HOUR),
        ((time(0), None), 23 * HOUR, 25 * HOUR),
        ((time(2, 30), time(4)), HOUR, timedelta(hours=2, minutes=30)),
        ((time(2, 10), time(2, 50)), timedelta(), timedelta(minutes=40)),  # wholly in the gap: never open
        ((time(5), time(6)), HOUR, HOUR),
    ],
)
def test_daylight_saving_nights(window: tuple[time, time | None], spring: timedelta, autumn: timedelta) -> None:
    calendar = sundays(window)
    assert calendar.elapsed(*SPRING) == spring
    assert calendar.elapsed(*AUTUMN) == autumn


def test_a_window_starting_in_the_gap_opens_at_the_jump() -> None:
    calendar = sundays((time(2, 30), time(4)))
    assert calendar.next_open(SPRING[0]) == utc(2026, 3, 29, 1)  # 03:00 CEST
    assert not calendar.is_open(utc(2026, 3, 29, 0, 59))
    assert calendar.is_open(utc(2026, 3, 29, 1))


def test_in_the_overlap_a_boundary_is_the_first_occurrence() -> None:
    calendar = sundays((time(2, 15), time(2, 45)))
    assert calendar.is_open(utc(2026, 10, 25, 0, 30))  # 02:30 CEST
    assert not calendar.is_open(utc(2026, 10, 25, 1, 30))  # 02:30 CET, the second time
    assert calendar.add(AUTUMN[0], 30 * timedelta(minutes=1)) == utc(2026, 10, 25, 0, 45)


def test_a_working_week_after_the_change_is_45_hours() -> None:
    assert office().elapsed(paris(2026, 3, 30), paris(2026, 4, 4)) == 45 * HOUR


def test_same_utc_moment_new_york_and_paris() -> None:
    # 10 March 2026: New York already on summer time (UTC-4), Paris not yet (UTC+1).
    moment = utc(2026, 3, 10, 14)  # 15:00 in Paris, 10:00 in New York
    paris_desk, new_york_desk = office("Europe/Paris"), office("America/New_York")
    assert paris_desk.add(moment, 8 * HOUR) == paris(2026, 3, 11, 14)
    assert new_york_desk.add(moment, 8 * HOUR) == datetime(2026, 3, 10, 18, tzinfo=NEW_YORK)
    early = utc(2026, 3, 10, 8, 30)
    assert paris_desk.is_open(early) and not new_york_desk.is_open(early)
    assert new_york_desk.next_open(early) == utc(2026, 3, 10, 13)


def test_five_hundred_business_hours() -> None:
    # 55 days of 9 hours are 11 weeks; the remaining 5 hours end at 14:00 on the 12th Monday.
    assert office().add(paris(2026, 1, 5, 9), 500 * HOUR) == paris(2026, 3, 23, 14)


def test_a_year_of_business_time() -> None:
    weekdays = sum(1 for n in range(365) if (date(2026, 1, 1) + timedelta(n)).weekday() < 5)
    assert office().elapsed(paris(2026, 1, 1), paris(2027, 1, 1)) == weekdays * 9 * HOUR


def test_years_of_holidays_are_crossed() -> None:
    holidays = frozenset(date(2026, 1, 1) + timedelta(n) for n in range(5 * 365 + 1))  # through 2030-12-31
    assert office(holidays=holidays).add(paris(2026, 1, 1), HOUR) == paris(2031, 1, 1, 10)


def test_a_calendar_that_never_opens_refuses_to_add() -> None:
    closed = BusinessCalendar("Europe/Paris", {})
    with pytest.raises(ValueError, match="no business time"):
        closed.add(paris(2026, 1, 1), HOUR)
    with pytest.raises(ValueError, match="never opens"):
        closed.next_open(paris(2026, 1, 1))
    assert closed.elapsed(paris(2026, 1, 1), paris(2027, 1, 1)) == timedelta()
    assert not closed.is_open(paris(2026, 1, 1))


def test_naive_datetimes_and_negative_durations_are_refused() -> None:
    naive, aware = datetime(2026, 6, 1, 10), paris(2026, 6, 1, 10)
    calendar = office()
    for call in (
        lambda: calendar.is_open(naive),
        lambda: calendar.next_open(naive),
        lambda: calendar.add(naive, HOUR),
        lambda: calendar.elapsed(naive, aware),
        lambda: calendar.elapsed(aware, naive),
        lambda: calendar.add(aware, -HOUR),
    ):
        with pytest.raises(ValueError):
            call()


@pytest.mark.parametrize(
    ("timezone", "weekly", "holidays"),
    [
        ("Mars/Olympus", {0: OFFICE}, frozenset()),
        ("", {0: OFFICE}, frozenset()),
        ("Europe/Paris", {7: OFFICE}, frozenset()),
        ("Europe/Paris", {0: ((time(18), time(9)),)}, frozenset()),
        ("Europe/Paris", {0: ((time(9), time(9)),)}, frozenset()),
        ("Europe/Paris", {0: ((time(13), time(18)), (time(9), time(12)))}, frozenset()),
        ("Europe/Paris", {0: ((time(9), time(13)), (time(12), time(18)))}, frozenset()),
        ("Europe/Paris", {0: ((time(9), None), (time(20), time(21)))}, frozenset()),
        ("Europe/Paris", {0: ((time(9), time(12, tzinfo=UTC)),)}, frozenset()),
        ("Europe/Paris", {0: ((time(9),),)}, frozenset()),
        ("Europe/Paris", {0: OFFICE}, frozenset({datetime(2026, 1, 1)})),
    ],
)
def test_invalid_calendars_are_refused(timezone: str, weekly: dict, holidays: frozenset) -> None:
    with pytest.raises(ValueError):
        BusinessCalendar(timezone, weekly, holidays)


def test_touching_windows_are_allowed() -> None:
    calendar = BusinessCalendar("UTC", {0: ((time(9), time(12)), (time(12), time(18)))})
    assert calendar.elapsed(utc(2026, 6, 1), utc(2026, 6, 2)) == 9 * HOUR


SETTINGS = {
    "timezone": "Europe/Paris",
    "hours": {
        "mon": ["09:00-12:30", "13:30-18:00"],
        "tue": ["9:00 - 18:00"],
        "sat": [],
        "sun": ["00:00-24:00"],
    },
    "holidays": ["2026-12-25", date(2026, 1, 1)],  # YAML reads an unquoted date as a date
}


def test_from_settings() -> None:
    calendar = BusinessCalendar.from_settings(SETTINGS)
    assert calendar == BusinessCalendar(
        "Europe/Paris",
        {0: ((time(9), time(12, 30)), (time(13, 30), time(18))), 1: OFFICE, 6: ((time(0), None),)},
        frozenset({date(2026, 12, 25), date(2026, 1, 1)}),
    )
    assert hash(calendar) == hash(BusinessCalendar.from_settings(SETTINGS))
    assert calendar.weekly[2] == ()
    assert calendar.elapsed(paris(2026, 6, 7), paris(2026, 6, 8)) == 24 * HOUR


def test_from_settings_without_hours_or_holidays_is_closed() -> None:
    assert BusinessCalendar.from_settings({"timezone": "UTC"}) == BusinessCalendar("UTC", {})


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"hours": {}}, "timezone"),
        ({"timezone": "Mars/Olympus"}, "time zone"),
        ({"timezone": "UTC", "holiday": []}, "unknown settings"),
        ({"timezone": "UTC", "hours": {"monday": ["09:00-18:00"]}}, "hours"),
        ({"timezone": "UTC", "hours": ["09:00-18:00"]}, "hours"),
        ({"timezone": "UTC", "hours": {"mon": "09:00-18:00"}}, "list"),
        ({"timezone": "UTC", "hours": {"mon": ["9h-18h"]}}, "HH:MM"),
        ({"timezone": "UTC", "hours": {"mon": [900]}}, "HH:MM"),
        ({"timezone": "UTC", "hours": {"mon": ["09:00-25:00"]}}, "hour"),
        ({"timezone": "UTC", "hours": {"mon": ["09:60-18:00"]}}, "minute"),
        ({"timezone": "UTC", "hours": {"mon": ["24:00-24:00"]}}, "hour"),
        ({"timezone": "UTC", "hours": {"mon": ["18:00-09:00"]}}, "before it starts"),
        ({"timezone": "UTC", "hours": {"mon": ["09:00-13:00", "12:00-18:00"]}}, "overlap"),
        ({"timezone": "UTC", "holidays": ["25/12/2026"]}, "holiday"),
        ({"timezone": "UTC", "holidays": [20261225]}, "holiday"),
    ],
)
def test_from_settings_errors(raw: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        BusinessCalendar.from_settings(raw)


# --- Properties --------------------------------------------------------------------------------------------------

ZONES = ["UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata"]
# Near daylight-saving changes of those zones, so that random spans often cross a gap or an overlap.
CHANGES = [utc(2026, 3, 8, 7), utc(2026, 3, 29, 1), utc(2026, 4, 5), utc(2026, 9, 6, 4), utc(2026, 10, 25, 1)]
PROPERTIES = settings(max_examples=200, deadline=None)


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    weekly = {}
    for day in range(7):
        # Quarter hours from 00:00 to 24:00, paired into sorted windows; 96 is the closing midnight.
        cuts = sorted(draw(st.sets(st.integers(0, 96), max_size=6)))
        pairs = zip(cuts[::2], cuts[1::2], strict=False)
        weekly[day] = tuple((time(a // 4, a % 4 * 15), None if b == 96 else time(b // 4, b % 4 * 15)) for a, b in pairs)
    if not any(weekly.values()):
        weekly[0] = OFFICE
    holidays = draw(st.frozensets(st.dates(date(2025, 12, 1), date(2026, 12, 31)), max_size=40))
    return BusinessCalendar(draw(st.sampled_from(ZONES)), weekly, holidays)


uniform_moments = st.datetimes(datetime(2026, 1, 1), datetime(2026, 12, 31), timezones=st.just(UTC))
near_changes = st.builds(
    lambda change, offset: change + offset,
    st.sampled_from(CHANGES),
    st.timedeltas(timedelta(days=-3), timedelta(days=3)),
)
moments = st.builds(
    lambda moment, zone: moment.astimezone(ZoneInfo(zone)),  # aware, in any zone, with either fold
    st.one_of(uniform_moments, near_changes),
    st.sampled_from(ZONES),
)
durations = st.timedeltas(timedelta(), timedelta(hours=200))


@PROPERTIES
@given(calendars(), moments, durations)
def test_elapsed_undoes_add(calendar: BusinessCalendar, start: datetime, duration: timedelta) -> None:
    deadline = calendar.add(start, duration)
    assert deadline.tzinfo is UTC
    assert deadline >= start
    assert calendar.elapsed(start, deadline) == duration


@PROPERTIES
@given(calendars(), moments, durations, durations)
def test_add_is_monotonic(calendar: BusinessCalendar, start: datetime, d1: timedelta, d2: timedelta) -> None:
    shorter, longer = sorted((d1, d2))
    assert calendar.add(start, shorter) <= calendar.add(start, longer)


@PROPERTIES
@given(calendars(), moments, moments, moments)
def test_elapsed_is_additive_and_bounded(calendar: BusinessCalendar, x: datetime, y: datetime, z: datetime) -> None:
    a, b, c = in_order(x, y, z)
    assert calendar.elapsed(a, c) == calendar.elapsed(a, b) + calendar.elapsed(b, c)
    assert timedelta() <= calendar.elapsed(a, b) <= real(a, b)
    assert calendar.elapsed(b, a) == timedelta()


@PROPERTIES
@given(st.sampled_from(ZONES), moments, moments)
def test_always_open_elapsed_is_wall_clock(zone: str, a: datetime, b: datetime) -> None:
    a, b = in_order(a, b)
    calendar = BusinessCalendar.always_open(zone)
    assert calendar.elapsed(a, b) == real(a, b)
    assert same_instant(calendar.add(a, real(a, b)), b)


@PROPERTIES
@given(calendars(), moments, durations, st.timedeltas(timedelta(), timedelta(days=20)), durations)
def test_a_paused_clock(
    calendar: BusinessCalendar, start: datetime, d1: timedelta, pause: timedelta, d2: timedelta
) -> None:
    paused = calendar.add(start, d1)  # e.g. waiting for the user
    resumed = paused + pause
    deadline = calendar.add(resumed, d2)
    assert calendar.elapsed(start, paused) + calendar.elapsed(resumed, deadline) == d1 + d2
    assert calendar.elapsed(start, deadline) - calendar.elapsed(paused, resumed) == d1 + d2


@PROPERTIES
@given(calendars(), moments)
def test_is_open_and_next_open_agree_with_elapsed(calendar: BusinessCalendar, moment: datetime) -> None:
    tick = timedelta(microseconds=1)
    later = moment.astimezone(UTC) + tick  # not moment + tick: that is wall-clock arithmetic and drops the fold
    assert calendar.is_open(moment) == (calendar.elapsed(moment, later) == tick)
    opening = calendar.next_open(moment)
    assert opening >= moment and opening.tzinfo is UTC
    assert calendar.is_open(opening)
    assert calendar.elapsed(moment, opening) == timedelta()
    assert same_instant(opening, moment) == calendar.is_open(moment)
