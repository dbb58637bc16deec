"""One search of the client's KB that found nothing confident (migration 0019). The query is what level 1 searched
with, the user's words, masked of secrets as every stored message is; the best article, if any, says how close the
KB came. (conversation_id, query) is unique: the same words searched again in one conversation are one miss."""

from datetime import datetime

from sqlalchemy import Float, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from servicedesk.models import Base, UTCDateTime, utcnow


class KbMiss(Base):
    __tablename__ = "kb_misses"
    __table_args__ = (UniqueConstraint("conversation_id", "query_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    conversation_id: Mapped[str] = mapped_column(String(200))
    query: Mapped[str] = mapped_column(Text)
    query_key: Mapped[str] = mapped_column(String(64))  # sha256 of the folded query: the unique key
    language: Mapped[str] = mapped_column(String(8))
    best_doc: Mapped[str | None] = mapped_column(String(120))  # the KB's best, below confidence
    best_score: Mapped[float | None] = mapped_column(Float)
