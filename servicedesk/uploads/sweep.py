"""Stored files no ticket names any more are forgotten: what the personal-data purge and an erasure leave behind.

Anonymising a ticket removes its attachment rows (servicedesk.privacy.anonymise) in the client's database; the
bytes are in the file store, which that transaction can't reach. After it committed, the caller (the supervisor's
purge, the privacy command line, the REST API's erasure) calls forget_unattached: every file of the client's store
that no stored attachment names is deleted. A file written in the last hour is spared: its row may be in a
transaction not yet committed (servicedesk.uploads.service writes the store first).
"""

from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from servicedesk.database import unit_of_work
from servicedesk.tickets.models import Attachment
from servicedesk.uploads.service import STORED
from servicedesk.uploads.store import FileStore

GRACE = timedelta(hours=1)


def forget_unattached(*, db_session: Session, client: str, store: FileStore, now: datetime,
                      grace: timedelta = GRACE) -> int:
    """Delete the client's stored files no attachment row names; how many were deleted."""
    named = set(db_session.scalars(select(Attachment.reference).where(Attachment.kind == STORED)))
    forgotten = 0
    for key, written in list(store.keys(client=client)):
        if key not in named and written < now - grace:
            store.delete(client=client, key=key)
            forgotten += 1
    return forgotten


def after_removal(*, sessions: sessionmaker[Session], client: str, counts: Mapping[str, object], store: FileStore,
                  now: datetime, grace: timedelta = GRACE) -> int:
    """Once a purge or an erasure committed: the files it left without a row forgotten, if it removed any rows
    (`counts["attachments"]`); an erasure passes grace=0, so that nothing of the person waits for the next pass."""
    if not counts.get("attachments"):
        return 0
    with unit_of_work(sessions) as session:
        return forget_unattached(db_session=session, client=client, store=store, now=now, grace=grace)
