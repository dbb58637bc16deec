"""Writing and reading the privacy ledger (servicedesk.privacy.models): every export, erasure and purge leaves a
row. Functions never commit: the row lands in the same transaction as what it records, or not at all."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from servicedesk.models import utcnow
from servicedesk.privacy.models import PURGE, PrivacyRequest


def record(*, db_session: Session, kind: str, actor: str, counts: dict[str, Any], person: str | None = None,
           now: datetime | None = None) -> PrivacyRequest:
    """Record one export, erasure or purge."""
    row = PrivacyRequest(kind=kind, person=person, actor=actor, at=now or utcnow(), counts=counts)
    db_session.add(row)
    db_session.flush()
    return row


def last(*, db_session: Session, kind: str) -> PrivacyRequest | None:
    """The latest request of that kind: the supervisor purges again only an hour after the last purge."""
    query = select(PrivacyRequest).where(PrivacyRequest.kind == kind)
    return db_session.scalar(query.order_by(PrivacyRequest.at.desc(), PrivacyRequest.id.desc()).limit(1))


def naming(*, db_session: Session, people: Iterable[str]) -> list[PrivacyRequest]:
    """The requests that named one of these identifiers: part of what an export shows a person."""
    wanted = sorted({person.lower() for person in people})
    return list(db_session.scalars(select(PrivacyRequest).where(func.lower(PrivacyRequest.person).in_(wanted))
                                   .order_by(PrivacyRequest.id)))


def drop_empty_purges(*, db_session: Session, before: datetime) -> int:
    """Forget the hourly purges that found nothing, once they are older than the retention: the ledger keeps
    what was done, not every hour nothing was."""
    purges = db_session.scalars(select(PrivacyRequest).where(PrivacyRequest.kind == PURGE,
                                                             PrivacyRequest.at < before))
    empty = [row.id for row in purges if not any(value for key, value in row.counts.items() if key != "more")]
    if empty:
        db_session.execute(delete(PrivacyRequest).where(PrivacyRequest.id.in_(empty)))
    return len(empty)
