"""Every table of a client's database, imported in one place so that Alembic and tests see them all."""

from servicedesk.models import Base
from servicedesk.notifications.models import Notification
from servicedesk.sla.models import Clock, ClockEvent
from servicedesk.tickets.models import HistoryEntry, LogEntry, Ticket

__all__ = ["Base", "Clock", "ClockEvent", "HistoryEntry", "LogEntry", "Notification", "Ticket"]
