"""The files a reply by e-mail carries (a screenshot, a log), kept on its ticket as a file sent from Slack, Teams or
the upload page is: servicedesk.uploads.service.keep_file checks its kind by content and its size, scans it, stores
it and writes the attachment row, or writes the refusal on the ticket's log for the agent to see.

A reply's own text and HTML bodies are not files; its attachments and inline images are, at most
servicedesk.uploads.checks.MAX_FILES of them (the rest refused on the log). A small image the HTML body embeds
(an inline part with a Content-ID under SIGNATURE_IMAGE bytes) is the sender's signature logo, which every mail
of theirs carries, and is left out; a screenshot pasted into the body is larger and kept. Where the doors have no
file store configured, the files are said on the log as not kept rather than silently dropped.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from typing import cast

from sqlalchemy.orm import Session

from servicedesk.errors import FileRefused
from servicedesk.models import utcnow
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import LogLine, add_log
from servicedesk.uploads import checks, config, scanning, store
from servicedesk.uploads.scanning import Scanner
from servicedesk.uploads.service import keep_file
from servicedesk.uploads.store import FileStore

SIGNATURE_IMAGE = 16 * 1024


@dataclass(frozen=True)
class ReplyFiles:
    """Where a reply's files go, and how large one may be (RELAIS_UPLOAD_MAX_MB, as for the upload page)."""

    store: FileStore
    scanner: Scanner
    max_bytes: int = checks.MAX_BYTES


def from_environment() -> ReplyFiles:
    """The upload page's store, scanner and size limit (servicedesk.uploads: config, store, scanning)."""
    return ReplyFiles(store.from_environment(), scanning.from_environment(), config.from_environment().max_bytes)


def attached_files(message: EmailMessage) -> list[tuple[str, bytes]]:
    """(name, bytes) of each file of the mail, wherever the mail client nested it (mixed, related, alternative
    parts), in order; its text and HTML bodies, a forwarded mail's insides and signature logos are left out."""
    bodies = {id(part) for part in (message.get_body(("plain",)), message.get_body(("html",))) if part is not None}
    files = []
    for part in _leaves(message):
        if id(part) in bodies:
            continue
        named = part.get_filename() is not None or part.get_content_disposition() == "attachment"
        if part.get_content_maintype() == "text" and not named:
            continue  # another rendering of the body
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            continue
        embedded = part.get_content_disposition() != "attachment" and part.get("Content-ID") is not None
        if embedded and part.get_content_maintype() == "image" and len(data) < SIGNATURE_IMAGE:
            continue
        files.append((part.get_filename() or "", data))
    return files


def _leaves(part: EmailMessage) -> Iterator[EmailMessage]:
    if part.get_content_maintype() == "message":
        return  # a forwarded mail: its files are its sender's, not this reply's
    if part.is_multipart():
        for sub in part.iter_parts():
            yield from _leaves(cast(EmailMessage, sub))
    else:
        yield part


def keep(*, db_session: Session, client: str, ticket: Ticket, sender: str, files: list[tuple[str, bytes]],
         where: ReplyFiles | None) -> tuple[int, int]:
    """Each file onto the ticket, or its refusal onto its log; (kept, refused)."""
    if not files:
        return 0, 0
    if where is None:
        add_log(db_session=db_session, ticket=ticket, kind="file_refused", line=LogLine(
            "system", sender, f"{len(files)} attached file(s) not kept: the doors have no file store", utcnow()))
        return 0, len(files)
    kept, over = 0, files[checks.MAX_FILES:]
    if over:
        too_many = FileRefused("too_many", name="", count=len(files), max=checks.MAX_FILES)
        add_log(db_session=db_session, ticket=ticket, kind="file_refused", line=LogLine(
            "system", sender, f"file refused: {too_many}; not kept: {', '.join(n or '?' for n, _ in over)}", utcnow()))
    for name, data in files[:checks.MAX_FILES]:
        try:
            keep_file(db_session=db_session, client=client, ticket=ticket, name=name, data=data, added_by=sender,
                      store=where.store, scanner=where.scanner, max_bytes=where.max_bytes)
            kept += 1
        except FileRefused:  # on the ticket's log already, with why
            pass
    return kept, len(files) - kept
