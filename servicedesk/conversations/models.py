"""The conversations tables of a client's database."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedesk.models import Base, UTCDateTime, utcnow
from servicedesk.tickets.models import Ticket


class Conversation(Base):
    """One conversation of one channel (a Slack DM or thread, a Teams chat, a web chat session) and the
    address its channel needs to write into it later: agent replies and notifications arrive long after
    the user's message that told us where they are."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # Rasa's sender id
    channel: Mapped[str] = mapped_column(String(20))  # slack, teams, webchat
    requester: Mapped[str] = mapped_column(String(200), index=True)  # the user, across their conversations
    address: Mapped[dict] = mapped_column(JSON, default=dict)
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class InboundMessage(Base):
    """Every message a user sent, written before it goes anywhere: a crash, a Rasa outage or a channel
    retry loses nothing and answers nothing twice (the (channel, event_key) pair is unique)."""

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("channel", "event_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    event_key: Mapped[str] = mapped_column(String(200))  # the channel's own id of the delivery
    conversation_key: Mapped[str] = mapped_column(String(200), index=True)
    requester: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    data: Mapped[dict] = mapped_column(JSON, default=dict)  # button payload, files
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # answered, to_agent, failed, limited, too_long; kept, replaying, replayed (servicedesk.conversations.replays,
    # whose replayer looks for the kept ones every few seconds: hence the index)
    outcome: Mapped[str | None] = mapped_column(String(20), index=True)
    error: Mapped[str | None] = mapped_column(String(500))


class Takeover(Base):
    """A conversation handed to level 2: waiting for an agent, taken by one, then ended (handed back to
    the bot, or the ticket resolved). At most one is active per conversation."""

    __tablename__ = "takeovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    conversation_key: Mapped[str] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(20), default="waiting", index=True)  # waiting, taken, ended
    reason: Mapped[str] = mapped_column(Text, default="")
    requested_by: Mapped[str] = mapped_column(String(200))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    agent: Mapped[str | None] = mapped_column(String(200))  # the agent's channel id, e.g. slack:T1:U9
    agent_name: Mapped[str | None] = mapped_column(String(200))
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(20))  # handed_back, resolved
    card: Mapped[dict] = mapped_column(JSON, default=dict)  # where the agents' card was posted
    card_key: Mapped[str | None] = mapped_column(String(200), unique=True)  # "<channel>:<ts>", thread lookup

    ticket: Mapped[Ticket] = relationship()
