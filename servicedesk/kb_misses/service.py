"""Recording a search that found nothing, and reading them back. Functions take the caller's session and never
commit. The caller is level 1 (servicedesk/level1/known_fix.py's search, when its Found has no fix): one call there
is all it takes (README, "Editors' studio: the questions nobody answered"). The retention purge and a person's
erasure delete them with the conversation's other rows (servicedesk/privacy/)."""

import hashlib
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from servicedesk.kb_misses.models import KbMiss
from servicedesk.models import utcnow
from servicedesk.privacy.secrets import mask_secrets

MAX_QUERY = 2000


def record_miss(*, db_session: Session, conversation_id: str, query: str, language: str,
                best_doc: str | None = None, best_score: float | None = None,
                now: datetime | None = None) -> KbMiss | None:
    """Keep a search that found nothing confident; None for blank words or the same words again in that
    conversation (a retried webhook, a second action-server replica, a question asked twice)."""
    words = mask_secrets(" ".join(query.split())[:MAX_QUERY]).text
    if not words:
        return None
    key = hashlib.sha256(words.casefold().encode()).hexdigest()
    if db_session.scalar(select(KbMiss.id).where(KbMiss.conversation_id == conversation_id,
                                                 KbMiss.query_key == key)) is not None:
        return None
    miss = KbMiss(at=now or utcnow(), conversation_id=conversation_id, query=words, query_key=key,
                  language=language, best_doc=best_doc, best_score=best_score)
    try:
        with db_session.begin_nested():  # a twin replica may insert the same miss between check and insert
            db_session.add(miss)
    except IntegrityError:
        return None
    return miss


def misses_since(*, db_session: Session, since: datetime, limit: int) -> list[KbMiss]:
    """The newest misses since `since`, newest first."""
    return list(db_session.scalars(select(KbMiss).where(KbMiss.at >= since).order_by(KbMiss.at.desc()).limit(limit)))

