"""Use cases on the NLU inbox. Functions take the caller's session and never commit: the caller owns the
transaction (the action keeps a message in its own short one; the review tool labels a message and edits the
training file inside one, so that a refused edit leaves the message pending)."""

import os
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from servicedesk.database import changed_rows
from servicedesk.errors import AlreadyReviewed, InboxMessageNotFound
from servicedesk.models import utcnow
from servicedesk.nlu_inbox.models import DISCARDED, LABELLED, PENDING, UnsureMessage

THRESHOLD_VARIABLE = "RELAIS_NLU_REVIEW_THRESHOLD"
DEFAULT_REVIEW_THRESHOLD = 0.7
FALLBACK_INTENT = "nlu_fallback"
RANKING_SIZE = 5
# A longer message is no sentence to train on; its beginning is enough for an editor to discard it.
MAX_TEXT_LENGTH = 2000
MAX_TURN_LENGTH = 500


def review_threshold() -> float:
    """The confidence under which a message goes to the inbox, from RELAIS_NLU_REVIEW_THRESHOLD.

    Higher than the FallbackClassifier's threshold on purpose: the messages the bot still answered, but
    barely, are the ones whose labelling improves it most.
    """
    raw = os.environ.get(THRESHOLD_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_REVIEW_THRESHOLD
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{THRESHOLD_VARIABLE} must be a number between 0 and 1, not {raw!r}") from None
    if not 0 <= value <= 1:
        raise ValueError(f"{THRESHOLD_VARIABLE} must be between 0 and 1, not {value}")
    return value


def is_unsure(*, intent: str | None, confidence: float | None, threshold: float) -> bool:
    """Whether a prediction deserves an editor's look: the fallback took over, or the model hesitated."""
    if not intent or intent == FALLBACK_INTENT or confidence is None:
        return True
    return confidence < threshold


def keep(*, db_session: Session, conversation_id: str, message_key: str, text: str, intent: str | None,
         confidence: float | None, ranking: Sequence[dict[str, Any]], language: str,
         excerpt: Sequence[dict[str, str]], received_at: datetime | None = None,
         threshold: float | None = None) -> UnsureMessage | None:
    """Put a message in the inbox if the model was unsure about it.

    None when it was sure enough, when the text is blank (nothing to label), or when that message of that
    conversation is already there: a channel retrying its webhook, or a second action-server replica, must
    not make an editor label the same words twice.
    """
    limit = review_threshold() if threshold is None else threshold
    if not text.strip() or not is_unsure(intent=intent, confidence=confidence, threshold=limit):
        return None
    if get_by_message(db_session=db_session, conversation_id=conversation_id, message_key=message_key) is not None:
        return None
    message = UnsureMessage(
        conversation_id=conversation_id, message_key=message_key, text=text[:MAX_TEXT_LENGTH],
        intent=intent or "", confidence=float(confidence or 0.0), ranking=_ranking(ranking), language=language,
        excerpt=[{"speaker": turn["speaker"], "text": turn["text"][:MAX_TURN_LENGTH]} for turn in excerpt],
        received_at=received_at or utcnow(), status=PENDING,
    )
    try:
        with db_session.begin_nested():  # a twin replica may insert the same message between check and insert
            db_session.add(message)
    except IntegrityError:
        return None
    return message


def get(*, db_session: Session, message_id: int) -> UnsureMessage:
    """One inbox message by id; InboxMessageNotFound when there is none."""
    message = db_session.get(UnsureMessage, message_id)
    if message is None:
        raise InboxMessageNotFound(message_id)
    return message


def get_by_message(*, db_session: Session, conversation_id: str, message_key: str) -> UnsureMessage | None:
    """The inbox row of one user message, if it was kept."""
    return db_session.scalar(select(UnsureMessage).where(UnsureMessage.conversation_id == conversation_id,
                                                         UnsureMessage.message_key == message_key))


def pending(*, db_session: Session, limit: int | None = None) -> list[UnsureMessage]:
    """Messages waiting for an editor, oldest first (the order they were said in)."""
    query = select(UnsureMessage).where(UnsureMessage.status == PENDING).order_by(UnsureMessage.id)
    if limit is not None:
        query = query.limit(limit)
    return list(db_session.scalars(query))


def label(*, db_session: Session, message_id: int, intent: str, reviewer: str,
          now: datetime | None = None) -> UnsureMessage:
    """Record the intent an editor gave a pending message; AlreadyReviewed if another editor was first."""
    if not intent.strip():
        raise ValueError("a label needs an intent")
    return _review(db_session=db_session, message_id=message_id, status=LABELLED, intent=intent.strip(),
                   reviewer=reviewer, now=now)


def discard(*, db_session: Session, message_id: int, reviewer: str, now: datetime | None = None) -> UnsureMessage:
    """Set a pending message aside for good (noise, personal data, nothing to learn from)."""
    return _review(db_session=db_session, message_id=message_id, status=DISCARDED, intent=None,
                   reviewer=reviewer, now=now)


def _review(*, db_session: Session, message_id: int, status: str, intent: str | None, reviewer: str,
            now: datetime | None) -> UnsureMessage:
    # A conditional UPDATE rather than read-then-write: two editors reviewing the same inbox at once
    # cannot both win, on SQLite as on PostgreSQL.
    changed = changed_rows(
        db_session,
        update(UnsureMessage)
        .where(UnsureMessage.id == message_id, UnsureMessage.status == PENDING)
        .values(status=status, labelled_intent=intent, reviewed_by=reviewer, reviewed_at=now or utcnow())
        .execution_options(synchronize_session=False))
    message = get(db_session=db_session, message_id=message_id)
    if not changed:
        raise AlreadyReviewed(message_id, message.status)
    db_session.refresh(message)
    return message


def _ranking(ranking: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The best guesses as plain {"name", "confidence"} pairs (Rasa adds ids an editor has no use for)."""
    return [{"name": str(entry.get("name")), "confidence": float(entry.get("confidence") or 0.0)}
            for entry in list(ranking)[:RANKING_SIZE]]
