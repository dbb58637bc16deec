"""A remote session asked on a ticket: one row from the consent question to the session's end.

The states, in order (servicedesk.remote.service moves a row along them):

    asked ──▶ consented ──▶ invited ──▶ joined ──▶ ended
      │                        │           (a technician's sessions on the device are logged on the ticket)
      └──▶ refused             └──▶ expired (the invitation ran out, or the ticket was closed, before a device came)

A provider with no server (the session code of Quick Assist, RustDesk) goes asked ──▶ consented ──▶ joined:
the user's code is what the technician joins with.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from servicedesk.models import Base, UTCDateTime, utcnow

ASKED, REFUSED, CONSENTED, INVITED, JOINED, ENDED, EXPIRED = (
    "asked", "refused", "consented", "invited", "joined", "ended", "expired")
LIVE = (ASKED, CONSENTED, INVITED, JOINED)  # a ticket has at most one of these at a time


class RemoteSession(Base):
    __tablename__ = "remote_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    provider: Mapped[str] = mapped_column(String(20))  # meshcentral, code
    tool: Mapped[str] = mapped_column(String(60))  # what the user is told to use: "MeshCentral", "Quick Assist"
    state: Mapped[str] = mapped_column(String(12), default=ASKED, index=True)
    requested_by: Mapped[str] = mapped_column(String(200))  # the agent's actor id ("console:alice")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The requester's word, as they gave it (their id, and when): nothing is sent to their machine before it.
    answered_by: Mapped[str | None] = mapped_column(String(200))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The provider's side: the invitation the user opens, the device group it joins, the devices already there
    # when it was made (a device new since then is the user's), the device and its link for the technician.
    invitation_url: Mapped[str | None] = mapped_column(Text)
    invitation_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    group_ref: Mapped[str | None] = mapped_column(String(200))
    devices_before: Mapped[list] = mapped_column(JSON, default=list)
    device_ref: Mapped[str | None] = mapped_column(String(200))
    device_name: Mapped[str | None] = mapped_column(String(200))
    device_link: Mapped[str | None] = mapped_column(Text)
    session_code: Mapped[str | None] = mapped_column(String(120))  # code provider: what the user read out
    events_seen: Mapped[list] = mapped_column(JSON, default=list)  # the provider's session events already logged
    last_error: Mapped[str | None] = mapped_column(String(300))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
