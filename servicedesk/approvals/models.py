"""The approvals table (servicedesk/migrations/versions/0015_approvals.py): one row per approver step of a
ticket, asked, maybe reminded and escalated, then decided once.

Approvers are e-mail addresses, lowercase: the key the people directory and every door's verified identity
share. `nonce` is what a decision link or button is signed over: a token made for another row (an earlier
step, another ticket) names another nonce and decides nothing.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from servicedesk.models import Base, UTCDateTime, utcnow

PENDING, APPROVED, REJECTED, WITHDRAWN = "pending", "approved", "rejected", "withdrawn"


class Approval(Base):
    __tablename__ = "approvals"
    __table_args__ = (UniqueConstraint("ticket_id", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    item: Mapped[str] = mapped_column(String(60))  # the catalogue item's code
    step: Mapped[int]  # 1, 2...: the steps of the item's policy, in sequence
    approver_kind: Mapped[str] = mapped_column(String(120))  # "manager" or an approver group's name
    approvers: Mapped[list] = mapped_column(JSON, default=list)  # the addresses that may decide, lowercase
    status: Mapped[str] = mapped_column(String(20), default=PENDING, index=True)
    nonce: Mapped[str] = mapped_column(String(32))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    escalate_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_to: Mapped[list] = mapped_column(JSON, default=list)
    decided_by: Mapped[str | None] = mapped_column(String(254))
    decided_via: Mapped[str | None] = mapped_column(String(20))  # slack, teams, email, console
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
