"""The ticket table and its log: one row per request, one log row per message or change."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
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
    # Level-1 diagnosis (incidents) and the service-catalogue form (requests): free text as the user gave it.
    steps_to_reproduce: Mapped[str] = mapped_column(Text, default="")
    device: Mapped[str] = mapped_column(Text, default="")  # device and location
    requested_for: Mapped[str] = mapped_column(Text, default="")
    justification: Mapped[str] = mapped_column(Text, default="")
    needed_by: Mapped[str] = mapped_column(Text, default="")
    requester: Mapped[str] = mapped_column(String(200))
    # As a door verified it (None when it could not): the same person's tickets from any door.
    requester_email: Mapped[str | None] = mapped_column(String(254), index=True)
    channel: Mapped[str] = mapped_column(String(40))
    conversation_id: Mapped[str] = mapped_column(String(200), index=True)
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    # Workflow (servicedesk.tickets.lifecycle)
    pending_reason: Mapped[str | None] = mapped_column(String(20))
    supplier: Mapped[str | None] = mapped_column(String(120))  # who we wait for while pending on a third party
    group_name: Mapped[str | None] = mapped_column(String(120))  # the support group that owns it
    # The agent who has it in hand within that group (servicedesk.tickets.handling): an actor id as the history
    # writes it ("console:alice", "slack:T1:U1"), and the name a screen shows.
    assignee: Mapped[str | None] = mapped_column(String(200), index=True)
    assignee_name: Mapped[str | None] = mapped_column(String(200))
    level: Mapped[int] = mapped_column(default=1)  # 1 = service desk, 2 = level-2 group, 3 = experts
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)  # flagged for escalation (rule or by hand)
    major: Mapped[bool] = mapped_column(Boolean, default=False)
    reopen_count: Mapped[int] = mapped_column(default=0)
    reminder_count: Mapped[int] = mapped_column(default=0)  # "relances" from the requester
    closure_reminders: Mapped[int] = mapped_column(default=0)  # our requests to confirm the solution
    owned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Coded closure fields: mandatory to resolve, so that searches and reports work.
    category: Mapped[str | None] = mapped_column(String(60))
    cause_code: Mapped[str | None] = mapped_column(String(60))
    resolution_code: Mapped[str | None] = mapped_column(String(60))
    solution: Mapped[str | None] = mapped_column(Text)
    closed_by: Mapped[str | None] = mapped_column(String(20))  # requester, auto, agent
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    related_to_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))  # reopened too late: the old one
    satisfaction_rating: Mapped[int | None]
    satisfaction_comment: Mapped[str | None] = mapped_column(Text)
    # When the requester and free text were replaced (servicedesk.privacy): the counts and codes remain.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Tickets imported from a client's previous tool keep its reference, so that users who bring it are understood
    # (servicedesk.tickets.references); `external_system` says which tool ("servicenow", "glpi", "jira" or free).
    external_ref: Mapped[str | None] = mapped_column(String(60), unique=True, index=True)
    external_system: Mapped[str | None] = mapped_column(String(40))

    log: Mapped[list["LogEntry"]] = relationship(
        back_populates="ticket", order_by="LogEntry.id", cascade="all, delete-orphan"
    )
    history: Mapped[list["HistoryEntry"]] = relationship(
        back_populates="ticket", order_by="HistoryEntry.id", cascade="all, delete-orphan"
    )
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="ticket", order_by="Attachment.id", cascade="all, delete-orphan"
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


class HistoryEntry(Base):
    """One recorded change: who changed which field, when, from what to what, and why."""

    __tablename__ = "ticket_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(40))  # status, group, priority, problem, ...
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")

    ticket: Mapped[Ticket] = relationship(back_populates="history")


class Attachment(Base):
    """A trace file, screenshot or link given as evidence: kept apart from the log so agents find them."""

    __tablename__ = "ticket_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # link, file (a chat's URL), path, stored (servicedesk.uploads)
    reference: Mapped[str] = mapped_column(Text)  # the URL, the stored file's key, or the path given
    name: Mapped[str] = mapped_column(String(300), default="")
    content_type: Mapped[str | None] = mapped_column(String(100))  # a stored file's, as its content showed
    size: Mapped[int | None]  # a stored file's, in bytes
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ticket: Mapped[Ticket] = relationship(back_populates="attachments")
