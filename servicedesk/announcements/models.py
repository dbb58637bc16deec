from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.models import Base, UTCDateTime, utcnow


class Announcement(Base):
    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # major_incident, planned_change
    title: Mapped[str] = mapped_column(String(200))  # in the client's language
    body: Mapped[str] = mapped_column(Text)
    # The same words in every language they were written in: language -> {"title": ..., "body": ...}
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)
    services: Mapped[list[str]] = mapped_column(JSON, default=list)
    targeted: Mapped[bool] = mapped_column(default=False)  # also to users of the affected services
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))  # the major incident or change
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    updates: Mapped[list["AnnouncementUpdate"]] = relationship(order_by="AnnouncementUpdate.id",
                                                               cascade="all, delete-orphan")

    def title_in(self, language: str) -> str:
        """The title in this language when it was written in it, else the client's."""
        return (self.translations or {}).get(language, {}).get("title") or self.title

    def body_in(self, language: str) -> str:
        return (self.translations or {}).get(language, {}).get("body") or self.body


class AnnouncementUpdate(Base):
    __tablename__ = "announcement_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    body: Mapped[str] = mapped_column(Text)  # in the client's language
    translations: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # language -> the same words
    final: Mapped[bool] = mapped_column(default=False)

    def body_in(self, language: str) -> str:
        return (self.translations or {}).get(language) or self.body


class AnnouncementPost(Base):
    """Where an announcement was posted (the announcement channel, or a user's DM), so that its updates and
    its end go in the same thread. The reference is the channel's own (opaque here)."""

    __tablename__ = "announcement_posts"
    __table_args__ = (UniqueConstraint("announcement_id", "recipient"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(200))  # "announcements" (the channel) or a requester
    reference: Mapped[dict] = mapped_column(JSON, default=dict)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
