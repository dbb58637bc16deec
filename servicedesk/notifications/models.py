"""The notifications outbox of a client's database.

A row is written in the same transaction as the change it announces, so a change is never made
without its notice nor announced without being made. Channel adapters deliver rows at least once;
dedup_key makes writing idempotent, and delivered_at/attempts make delivery resumable.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from servicedesk.language import DEFAULT
from servicedesk.models import Base, UTCDateTime, utcnow


class Notification(Base):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    event: Mapped[str] = mapped_column(String(40))  # status_changed, assigned, escalated, sla_warning, ...
    audience: Mapped[str] = mapped_column(String(20))  # requester, group, manager, client_contact, everyone
    recipient: Mapped[str] = mapped_column(String(200))  # user id, group name or e-mail
    channel: Mapped[str | None] = mapped_column(String(40))  # where the requester talked to us
    language: Mapped[str] = mapped_column(String(8), default=DEFAULT)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Refused for good by its channel (an SMTP 5xx for its recipient or content): never tried again, last_error
    # says why. Neither delivered nor waiting.
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))
