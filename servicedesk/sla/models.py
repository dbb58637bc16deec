"""The clocks running on each ticket and the events they fired (each fires once)."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from servicedesk.models import Base, UTCDateTime, utcnow


class Clock(Base):
    """One target of one agreement on one ticket, counted in business time on a calendar.

    Business time already counted is kept in spent_seconds whenever the clock pauses or its target
    changes, so a priority change or a pause never loses or double-counts time.
    """

    __tablename__ = "sla_clocks"
    __table_args__ = (UniqueConstraint("ticket_id", "agreement", "metric"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    agreement: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(3))  # SLA, OLA, UC
    metric: Mapped[str] = mapped_column(String(20))  # tto, ttr, keep_in_loop
    calendar: Mapped[str] = mapped_column(String(60))
    group_name: Mapped[str | None] = mapped_column(String(120))  # OLA: the group it binds
    supplier: Mapped[str | None] = mapped_column(String(120))  # UC: the supplier it binds
    target_seconds: Mapped[int]
    spent_seconds: Mapped[float] = mapped_column(default=0.0)
    running_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    warn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClockEvent(Base):
    """A warning or breach that fired. The unique constraint makes firing idempotent, across
    restarts and between two supervisors racing on the same clock."""

    __tablename__ = "sla_clock_events"
    __table_args__ = (UniqueConstraint("clock_id", "kind", "cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clock_id: Mapped[int] = mapped_column(ForeignKey("sla_clocks.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # warning, breach
    cycle: Mapped[int] = mapped_column(BigInteger, default=0)  # keep-in-loop: the deadline reached (epoch s)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
