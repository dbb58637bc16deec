"""The period a report page asks for: the last 7 or 30 days (today included), or custom days, both included and
read in the client's time zone, as `python -m servicedesk report` reads them (servicedesk/reports/cli.py), so that
a day is the day the client lived, not a UTC one."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CHOICES = ("7", "30", "custom")
LONGEST = timedelta(days=366)  # a year: the report reads every ticket of the period


class UnreadablePeriod(ValueError):
    """Custom days missing, not days, in the wrong order, or over a year apart."""


@dataclass(frozen=True)
class Period:
    choice: str  # one of CHOICES
    first: date
    last: date  # included
    zone: ZoneInfo

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(0), tzinfo=self.zone)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=self.zone)

    def query(self) -> str:
        """The period as the page's own URL says it, for the CSV link."""
        return f"period={self.choice}&from={self.first.isoformat()}&to={self.last.isoformat()}"


def period_of(choice: str | None, first: str | None, last: str | None, *, today: date, zone: ZoneInfo) -> Period:
    """The period asked for; the last 30 days by default. UnreadablePeriod for custom days that cannot be one."""
    if choice in ("7", "30"):
        return Period(choice, today - timedelta(days=int(choice) - 1), today, zone)
    if choice != "custom":
        return Period("30", today - timedelta(days=29), today, zone)
    try:
        start, end = date.fromisoformat(first or ""), date.fromisoformat(last or "")
    except ValueError:
        raise UnreadablePeriod("not days") from None
    if end < start or end - start >= LONGEST:
        raise UnreadablePeriod("out of order or too long")
    return Period("custom", start, end, zone)
