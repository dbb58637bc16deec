"""One row per message the model was unsure about, with what it guessed and the turns that led to it.

The prediction is stored as Rasa gave it (the intent may be `nlu_fallback`; the ranking still holds the
model's real guesses), so that an editor sees why the message was kept. (conversation_id, message_key)
is unique: a webhook retried by a channel, or two action-server replicas, cannot keep a message twice.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from servicedesk.models import Base, UTCDateTime, utcnow

PENDING, LABELLED, DISCARDED = "pending", "labelled", "discarded"


class UnsureMessage(Base):
    __tablename__ = "nlu_inbox"
    __table_args__ = (UniqueConstraint("conversation_id", "message_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(200))  # Rasa's sender id
    message_key: Mapped[str] = mapped_column(String(200))  # Rasa's message_id, else "ts:<timestamp>"
    text: Mapped[str] = mapped_column(Text)
    intent: Mapped[str] = mapped_column(String(100))  # as predicted, "nlu_fallback" included
    confidence: Mapped[float] = mapped_column(Float)
    ranking: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{"name", "confidence"}], best first
    language: Mapped[str] = mapped_column(String(8))  # fr, en or other
    excerpt: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # [{"speaker", "text"}], oldest first
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kept_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default=PENDING, index=True)
    labelled_intent: Mapped[str | None] = mapped_column(String(100))
    reviewed_by: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
