"""The privacy ledger of a client's database: one row per export, erasure or purge, so that the desk can show
what it handed over or deleted, when, for whom and at whose request.

An erasure's row keeps the identifier the request named: it is the proof that the erasure was done, and holds
nothing else about the person. A purge names nobody.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from servicedesk.conversations.models import InboundMessage
from servicedesk.models import Base, UTCDateTime, utcnow
from servicedesk.nlu_inbox.models import UnsureMessage
from servicedesk.notifications.models import Notification
from servicedesk.tickets.models import Ticket

EXPORT, ERASURE, PURGE = "export", "erasure", "purge"


class PrivacyRequest(Base):
    __tablename__ = "privacy_requests"
    __table_args__ = (Index("ix_privacy_requests_kind_at", "kind", "at"),)  # the supervisor's "last purge?"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # export, erasure, purge
    person: Mapped[str | None] = mapped_column(String(254))  # a requester id or an e-mail address; None: purge
    actor: Mapped[str] = mapped_column(String(200))  # who asked: "api:<key name>", an admin's name, "supervisor"
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # what was found, deleted or anonymised


# The purge finds rows by age; these indexes serve it alone, so they are declared beside it.
Index("ix_tickets_closed_at", Ticket.closed_at)
Index("ix_inbound_messages_received_at", InboundMessage.received_at)
Index("ix_nlu_inbox_received_at", UnsureMessage.received_at)
Index("ix_notifications_created_at", Notification.created_at)
