"""Writing to the outbox and reading what is due; delivery itself belongs to the channel adapters."""

from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from servicedesk.models import utcnow
from servicedesk.notifications.models import Notification

_MAX_BACKOFF = timedelta(hours=1)


def notify(*, db_session: Session, dedup_key: str, event: str, audience: str, recipient: str, language: str,
           ticket_id: int | None = None, channel: str | None = None,
           payload: dict[str, Any] | None = None) -> Notification | None:
    """Queue a notification once: a second call with the same key returns None and adds nothing. `language` is
    the recipient's as the caller knows it (the ticket's, else the client's): the outbox has no default."""
    existing = db_session.scalar(select(Notification).where(Notification.dedup_key == dedup_key))
    if existing is not None:
        return None
    notification = Notification(dedup_key=dedup_key, event=event, audience=audience, recipient=recipient,
                                ticket_id=ticket_id, channel=channel, language=language, payload=payload or {})
    db_session.add(notification)
    return notification


def get_due(*, db_session: Session, now: datetime | None = None, limit: int = 100,
            audiences: Collection[str] | None = None, after: int | None = None,
            claim: bool = False) -> list[Notification]:
    """Undelivered notifications whose next attempt has come, oldest first; only these audiences when given
    (a deliverer reads only what it can deliver, so the rest never churns), after this id when given.

    claim=True locks the rows for the transaction and skips those another transaction holds (FOR UPDATE
    SKIP LOCKED on PostgreSQL): two deliverers never send the same row. SQLite has no row locks and
    ignores it; its one deliverer needs none."""
    query = select(Notification).where(Notification.delivered_at.is_(None), Notification.failed_at.is_(None),
                                       Notification.next_attempt_at <= (now or utcnow()))
    if audiences is not None:
        query = query.where(Notification.audience.in_(list(audiences)))
    if after is not None:
        query = query.where(Notification.id > after)
    query = query.order_by(Notification.id).limit(limit)
    if claim:
        query = query.with_for_update(skip_locked=True)
    return list(db_session.scalars(query))


def mark_delivered(*, db_session: Session, notification: Notification, now: datetime | None = None,
                   note: str | None = None) -> None:
    """Done for good; `note` says why when nothing could be sent (no channel reaches the recipient)."""
    notification.delivered_at = now or utcnow()
    notification.attempts += 1
    if note is not None:
        notification.last_error = note[:500]


def mark_undeliverable(*, db_session: Session, notification: Notification, error: str,
                       now: datetime | None = None) -> None:
    """Refused for good (a mail server's 5xx for this recipient or this mail): trying again would be refused
    again, so the row leaves the queue with the reason, where the people who run the desk read it."""
    notification.attempts += 1
    notification.last_error = error[:500]
    notification.failed_at = now or utcnow()


def mark_failed(*, db_session: Session, notification: Notification, error: str, retry_after: float | None = None,
                now: datetime | None = None) -> None:
    """Try again later: after the channel's Retry-After when it gave one, else exponential backoff."""
    notification.attempts += 1
    notification.last_error = error[:500]
    delay = timedelta(seconds=retry_after) if retry_after is not None else min(
        timedelta(seconds=2 ** notification.attempts), _MAX_BACKOFF)
    notification.next_attempt_at = (now or utcnow()) + delay


class Backlog(NamedTuple):
    pending: int  # undelivered, due or waiting for their next attempt
    oldest_age: timedelta  # since the oldest of them was queued; zero when none


def backlog(*, db_session: Session, now: datetime | None = None) -> Backlog:
    """How much of the outbox waits, and for how long: what the people who run the desk watch (a channel down
    shows as a growing age long before a user complains)."""
    pending, oldest = db_session.execute(
        select(func.count(Notification.id), func.min(Notification.created_at))
        .where(Notification.delivered_at.is_(None), Notification.failed_at.is_(None))).one()
    if oldest is None:
        return Backlog(0, timedelta(0))
    if oldest.tzinfo is None:  # an aggregate's value may come back naive: the column stores UTC
        oldest = oldest.replace(tzinfo=UTC)
    return Backlog(pending, max((now or utcnow()) - oldest, timedelta(0)))
