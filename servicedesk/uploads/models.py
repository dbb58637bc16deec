"""The upload links a ticket was offered: one row per link, so that a link serves once and no more.

The link itself is signed (servicedesk.uploads.links): its row is not what makes it valid, only what makes it
spent. A link names its row by `nonce`, a random value nobody can guess from the ticket's number.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from servicedesk.models import Base, UTCDateTime, utcnow


class UploadLink(Base):
    __tablename__ = "upload_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    requester: Mapped[str] = mapped_column(String(200))  # whom it was offered to: nobody else may use it
    offered_by: Mapped[str] = mapped_column(String(200))  # "bot", "console:alice", "api:<key name>"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
