"""The upload use cases, the same for every adapter: offer a link (the bot in the chat, an agent from the console or
the REST API), open it (the doors' page), keep what it brings, and keep a file a chat door received (Slack, Teams).

    offer_upload    a one-time link for the ticket's requester: its row, a log line, and for an agent's offer the
                    requester's notice (event "upload_offer") in their channel; the bot says it in its own reply
    open_link       what a signed link opens: its ticket, if the link is unused, the requester's, the ticket open
    receive_upload  the files a link brought: each checked, scanned and kept, or refused and logged; the link is
                    spent once a file is kept (all refused: the user may try again with another file)
    keep_file       one file onto a ticket, by any door: the checks, the scan, the store, the attachment row

Files are written to the store before the transaction commits: a failed commit leaves an orphan file, never a
row naming no file. A refusal (too large, not a kind the desk takes, infected) is a log line on the ticket, so that
the agent sees what the user tried to send.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.errors import FileRefused, TicketNotFound, UploadRefused
from servicedesk.models import utcnow
from servicedesk.notifications.service import notify
from servicedesk.tickets.lifecycle import OPEN
from servicedesk.tickets.models import Attachment, Ticket
from servicedesk.tickets.service import LogLine, add_log, get_by_number
from servicedesk.uploads import checks, links
from servicedesk.uploads.models import UploadLink
from servicedesk.uploads.scanning import Scanner
from servicedesk.uploads.store import FileStore, StoredFileMissing, new_key

logger = logging.getLogger(__name__)

LIFETIME = timedelta(hours=24)  # long enough to find the file tomorrow morning, short enough to forget
STORED = "stored"  # Attachment.kind of a file in the store (servicedesk.uploads.store)
EVENT = "upload_offer"  # the requester's notice when an agent offers the link


@dataclass(frozen=True)
class UploadOffer:
    url: str
    number: str
    expires_at: datetime
    language: str

    @property
    def fields(self) -> dict[str, str]:
        """What the offer's sentence is filled with (a level-1 Reply's fields, a notice's payload)."""
        return {"number": self.number, "url": self.url, "expires_at": self.expires_at.isoformat()}


@dataclass
class UploadResult:
    kept: list[Attachment] = field(default_factory=list)
    refused: list[FileRefused] = field(default_factory=list)


def offer_upload(*, db_session: Session, client: str, ticket: Ticket, offered_by: str, secret: str, base_url: str,
                 requester: str | None = None, notify_requester: bool = False, lifetime: timedelta = LIFETIME,
                 now: datetime | None = None) -> UploadOffer:
    """A link for the ticket's requester to send files to it. `requester`, when the caller knows who asks (the
    bot), must be the ticket's: anyone else's ticket reads as one that does not exist."""
    now = now or utcnow()
    if requester is not None and requester != ticket.requester:
        raise TicketNotFound(ticket.number or "")
    if ticket.status not in OPEN:
        raise UploadRefused("closed")
    expires = now + lifetime
    grant = links.UploadGrant(client=client, number=ticket.number or "", requester=ticket.requester,
                              nonce=links.new_nonce(), expires=int(expires.timestamp()), language=ticket.language)
    url = links.url(base_url, links.sign(grant, secret))
    db_session.add(UploadLink(nonce=grant.nonce, ticket_id=ticket.id, requester=ticket.requester,
                              offered_by=offered_by, created_at=now, expires_at=grant.expires_at))
    kind = "bot" if offered_by == "bot" else "agent"
    add_log(db_session=db_session, ticket=ticket, kind="upload_offered",
            line=LogLine(kind, offered_by, f"upload link offered, valid until {grant.expires_at:%Y-%m-%d %H:%M} UTC",
                         now))
    offer = UploadOffer(url=url, number=grant.number, expires_at=grant.expires_at, language=ticket.language)
    if notify_requester:
        notify(db_session=db_session, dedup_key=f"{EVENT}:{ticket.id}:{grant.nonce}", event=EVENT,
               audience="requester", recipient=ticket.requester, ticket_id=ticket.id, channel=ticket.channel,
               language=ticket.language,
               payload=offer.fields)
    return offer


def open_link(*, db_session: Session, grant: links.UploadGrant) -> tuple[Ticket, UploadLink]:
    """The ticket and row of a link whose signature was checked (links.verify); UploadRefused if it was used, if
    its row names another ticket or requester than it says, or if the ticket is no longer open."""
    link = db_session.scalar(select(UploadLink).where(UploadLink.nonce == grant.nonce))
    if link is None:
        raise UploadRefused("forged", grant=grant)
    try:
        ticket = get_by_number(db_session=db_session, number=grant.number)
    except TicketNotFound:
        raise UploadRefused("forged", grant=grant) from None
    if link.ticket_id != ticket.id or not (link.requester == grant.requester == ticket.requester):
        raise UploadRefused("forged", grant=grant)
    if link.used_at is not None:
        raise UploadRefused("used", grant=grant)
    if ticket.status not in OPEN:
        raise UploadRefused("closed", grant=grant)
    return ticket, link


def receive_upload(*, db_session: Session, grant: links.UploadGrant, files: list[tuple[str, bytes]],
                   store: FileStore, scanner: Scanner, max_bytes: int = checks.MAX_BYTES,
                   now: datetime | None = None) -> UploadResult:
    """Keep what the link brought (at most checks.MAX_FILES files); the link is spent once one is kept."""
    now = now or utcnow()
    ticket, link = open_link(db_session=db_session, grant=grant)
    if not files:
        raise FileRefused("empty", name="")
    if len(files) > checks.MAX_FILES:
        raise FileRefused("too_many", name="", count=len(files), max=checks.MAX_FILES)
    result = UploadResult()
    for name, data in files:
        try:
            result.kept.append(keep_file(db_session=db_session, client=grant.client, ticket=ticket, name=name,
                                         data=data, added_by=grant.requester, store=store, scanner=scanner,
                                         max_bytes=max_bytes, now=now))
        except FileRefused as refused:
            result.refused.append(refused)
    if result.kept:
        link.used_at = now
    return result


def keep_file(*, db_session: Session, client: str, ticket: Ticket, name: str, data: bytes, added_by: str,
              store: FileStore, scanner: Scanner, max_bytes: int = checks.MAX_BYTES,
              now: datetime | None = None) -> Attachment:
    """One file on the ticket, or FileRefused with the refusal in the ticket's log."""
    now = now or utcnow()
    try:
        checked = checks.check(name, data, max_bytes=max_bytes)
        verdict = scanner.scan(data)
        if not verdict.clean:
            raise FileRefused("infected" if verdict.scanned else "unscanned", name=checked.name,
                              signature=verdict.signature)
        key = new_key(client, ticket.number or "")
        try:
            store.put(client=client, key=key, data=data, content_type=checked.content_type)
        except Exception as error:
            logger.error("could not store %s for %s: %s", checked.name, ticket.number, error)
            raise FileRefused("unavailable", name=checked.name) from error
    except FileRefused as refused:
        add_log(db_session=db_session, ticket=ticket, kind="file_refused",
                line=LogLine("system", added_by, f"file refused: {refused}", now))
        raise
    attachment = Attachment(kind=STORED, reference=key, name=checked.name, added_by=added_by, added_at=now,
                            content_type=checked.content_type, size=checked.size)
    ticket.attachments.append(attachment)
    add_log(db_session=db_session, ticket=ticket, kind="file_added",
            line=LogLine("requester" if added_by == ticket.requester else "system", added_by,
                         f"file received: {checked.name} ({checked.size} bytes)", now))
    return attachment


def read_file(*, store: FileStore, client: str, attachment: Attachment) -> bytes:
    """The bytes of a stored attachment (the caller checked who may read it); StoredFileMissing if gone."""
    if attachment.kind != STORED:
        raise StoredFileMissing(attachment.reference)
    return store.get(client=client, key=attachment.reference)


def stored_file(*, ticket: Ticket, attachment_id: int, store: FileStore, client: str) -> tuple[Attachment, bytes]:
    """One of the ticket's stored files and its bytes, for a reader the caller checked; StoredFileMissing for an
    id that is not one of this ticket's stored files, as for a file the store lost."""
    attachment = next((a for a in ticket.attachments if a.id == attachment_id and a.kind == STORED), None)
    if attachment is None:
        raise StoredFileMissing(str(attachment_id))
    return attachment, read_file(store=store, client=client, attachment=attachment)
