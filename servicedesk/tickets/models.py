"""The ticket table and its log: one row per request, one log row per message or change."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.models import Base, UTCDateTime, utcnow


class Ticket(Base):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Filled right after the insert, from the id; unique so a number always names one ticket.
    number: Mapped[str | None] = mapped_column(String(16), unique=True)
    type: Mapped[str] = mapped_column(String(20))  # ITIL type: incident, service_request, problem
    origin: Mapped[str] = mapped_column(String(30))  # the qualification: one of the six request types
    status: Mapped[str] = mapped_column(String(20), default="new")
    priority: Mapped[str] = mapped_column(String(2))
    impact: Mapped[int]
    urgency: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    service: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    error_message: Mapped[str] = mapped_column(Text, default="")
    since: Mapped[str] = mapped_column(Text, default="")
    requester: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(40))
    conversation_id: Mapped[str] = mapped_column(String(200), index=True)
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    log: Mapped[list["LogEntry"]] = relationship(
        back_populates="ticket", order_by="LogEntry.id", cascade="all, delete-orphan"
    )


class LogEntry(Base):
    """One thing that happened to a ticket: a user message, a bot reply, a change."""

    __tablename__ = "ticket_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author_kind: Mapped[str] = mapped_column(String(20))  # requester, bot, agent, system
    author: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # message, created, followup, ...
    body: Mapped[str] = mapped_column(Text)

    ticket: Mapped[Ticket] = relationship(back_populates="log")
