"""The report's period picker: the last 7 or 30 days end today, included; custom days are both included, in the
client's time zone; what cannot be a period is refused."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from console.report_period import UnreadablePeriod, period_of

PARIS = ZoneInfo("Europe/Paris")
TODAY = date(2026, 12, 3)


def test_the_last_seven_days_end_today_midnight_in_the_clients_time() -> None:
    period = period_of("7", None, None, today=TODAY, zone=PARIS)
    assert (period.first, period.last) == (date(2026, 11, 27), TODAY)
    assert period.start.astimezone(UTC) == datetime(2026, 11, 26, 23, 0, tzinfo=UTC)
    assert period.end.astimezone(UTC) == datetime(2026, 12, 3, 23, 0, tzinfo=UTC)
    assert period.query() == "period=7&from=2026-11-27&to=2026-12-03"


@pytest.mark.parametrize("choice", [None, "", "30", "365", "<script>"])
def test_thirty_days_by_default(choice) -> None:
    period = period_of(choice, "2020-01-01", "2020-01-02", today=TODAY, zone=PARIS)
    assert (period.choice, period.first, period.last) == ("30", date(2026, 11, 4), TODAY)


def test_custom_days_are_both_included() -> None:
    period = period_of("custom", "2026-11-01", "2026-11-30", today=TODAY, zone=PARIS)
    assert (period.start.day, period.end.month, period.end.day) == (1, 12, 1)
    assert period_of("custom", "2026-11-05", "2026-11-05", today=TODAY, zone=PARIS).first == date(2026, 11, 5)


@pytest.mark.parametrize(("first", "last"), [("", "2026-11-30"), ("2026-11-31", "2026-12-01"), ("yesterday", "x"),
                                              ("2026-11-30", "2026-11-01"), ("2025-01-01", "2026-01-02")])
def test_what_cannot_be_a_period_is_refused(first, last) -> None:
    with pytest.raises(UnreadablePeriod):
        period_of("custom", first, last, today=TODAY, zone=PARIS)
