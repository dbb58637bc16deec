"""The SMTP endpoint replies come in by (aiosmtpd, on the doors' event loop, loopback by default): the desk's mail
server forwards to it whatever reaches the support address and its +t.… tags (README, "E-mail").

A reply finds its ticket by a signed reference only (bot/mail/tags.py): the tag of the address it was sent to,
else an In-Reply-To or References id of one of our mails. A subject naming a ticket is not enough. The mail is
then refused at the end of DATA with 550, and logged, when it names no ticket of ours, when the ticket does not
exist, or when its sender (the From address) may not write on it (servicedesk.mail_replies.may_write): it
bounces back to its sender, and nothing of it is stored. Otherwise its words, quoted history and signature
stripped and any secret masked, are journalled, then added to the ticket's log (with, from the requester, their
answer to "is it fixed?" or their rating: servicedesk.mail_replies.answer), and its attached files kept on the
ticket as the chat doors' are (bot/mail/attachments.py); a failure in between answers
451, and the mail server's retry finishes the job without doubling it. A reply of a pending approver that opens
with their decision ("approve", "non, pas de budget") decides the approval (bot/approvals/replies.py) instead.
Automatic replies (out of office) are accepted and dropped (RFC 3834's Auto-Submitted), so that two robots never
write to each other on a ticket.

Whether From is really who sent the mail is for the desk's mail server to check (SPF, DKIM, DMARC) before it
forwards: this endpoint trusts it as it trusts no one else, which is why it listens on loopback by default.
"""

import asyncio
import hashlib
import logging
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses
from typing import Any

from aiosmtpd.smtp import SMTP

from bot.approvals.replies import decide_by_reply
from bot.directory import Directory
from bot.mail import attachments
from bot.mail.replies import reply_text
from bot.mail.tags import TicketRef, from_addresses, from_thread_ids
from servicedesk import mail_replies
from servicedesk.errors import ServiceDeskError
from servicedesk.privacy.secrets import mask_secrets
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import get_by_number

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024  # a reply with its attachments; more is refused by the protocol (552)
ACCEPTED = "250 2.0.0 Added to the ticket"
IGNORED = "250 2.0.0 Accepted"
NO_TICKET = "550 5.7.1 This mail answers no ticket of this service desk"
REFUSED = "550 5.7.1 This sender may not write on this ticket"
LATER = "451 4.3.0 Try again later"


@dataclass(frozen=True)
class _Reply:
    ref: TicketRef
    sender: str
    key: str  # the journal's key: the reply's Message-ID
    text: str
    files: list[tuple[str, bytes]]  # its attachments (bot/mail/attachments.py)


class ReplyHandler:
    """aiosmtpd's handler: each mail is judged at the end of DATA."""

    def __init__(self, directory: Directory, secret: str, *, files: attachments.ReplyFiles | None = None) -> None:
        self.directory = directory
        self.secret = secret
        self.files = files  # where a reply's attachments are kept; None: said on the ticket's log as not kept

    async def handle_DATA(self, server: SMTP, session: Any, envelope: Any) -> str:
        return await self.receive(bytes(envelope.content or b""), list(envelope.rcpt_tos))

    async def receive(self, raw: bytes, recipients: list[str]) -> str:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        senders = [address for _, address in getaddresses(message.get_all("From", [])) if "@" in address]
        subject = str(message.get("Subject", ""))
        if str(message.get("Auto-Submitted", "no")).strip().lower() != "no":
            logger.info("automatic mail from %s dropped: %r", senders, subject)
            return IGNORED
        ref = (from_addresses(recipients, self.secret)
               or from_thread_ids(str(message.get("In-Reply-To", "")), self.secret)
               or from_thread_ids(str(message.get("References", "")), self.secret))
        if ref is None or len(senders) != 1:
            logger.warning("mail from %s refused: no signed ticket reference (subject %r)", senders, subject)
            return NO_TICKET
        if ref.client not in await asyncio.to_thread(self.directory.clients):
            logger.warning("mail from %s refused: client %s is not ours", senders[0], ref.client)
            return NO_TICKET
        files = attachments.attached_files(message)
        text = mask_secrets(reply_text(message)).text or " ".join(f"[{name or '?'}]" for name, _ in files)
        reply = _Reply(ref, senders[0].strip(), _key(message, raw), text, files)
        try:
            return await asyncio.to_thread(self._store, reply)
        except Exception:
            logger.exception("reply from %s to %s not stored", reply.sender, ref.number)
            return LATER

    def _store(self, reply: _Reply) -> str:
        """Judge the sender, journal the reply (committed), then log it on the ticket (committed)."""
        with self.directory.unit_of_work(reply.ref.client) as session:
            ticket = self._ticket(session, reply.ref.number)
            try:
                desk = self.directory.desk(session)
                sees = desk.viewer_patterns(reply.sender)
            except ServiceDeskError:  # no settings in force: the requester alone
                desk, sees = None, ()
            if ticket is not None and desk is not None:  # an approver's "approve" / "non, ..." decides
                decided = decide_by_reply(db_session=session, desk=desk, ticket=ticket, sender=reply.sender,
                                          text=reply.text)
                if decided is not None:
                    return decided
            if ticket is None or not mail_replies.may_write(ticket=ticket, sender=reply.sender, sees=sees):
                logger.warning("reply from %s to %s of %s refused: no right to the ticket", reply.sender,
                               reply.ref.number, reply.ref.client)
                return REFUSED
            if not reply.text:
                logger.info("empty reply from %s to %s ignored", reply.sender, reply.ref.number)
                return IGNORED
            journalled = mail_replies.journal(db_session=session, message_id=reply.key, ticket=ticket,
                                              sender=reply.sender, text=reply.text)
            if journalled is None:
                logger.info("reply %s to %s delivered again: already logged", reply.key, reply.ref.number)
                return ACCEPTED
            session.flush()
            message_id = journalled.id
        with self.directory.unit_of_work(reply.ref.client) as session:
            ticket = get_by_number(db_session=session, number=reply.ref.number)
            mail_replies.log(db_session=session, message_id=message_id, ticket=ticket)
            attachments.keep(db_session=session, client=reply.ref.client, ticket=ticket, sender=reply.sender,
                             files=reply.files, where=self.files)
            answered = self._answer(session, ticket, reply)
        logger.info("reply from %s added to %s of %s%s", reply.sender, reply.ref.number, reply.ref.client,
                    f" ({answered})" if answered else "")
        return ACCEPTED

    def _answer(self, session: Any, ticket: Ticket, reply: _Reply) -> str | None:
        """The reply as the requester's word at closing ("is it fixed?", the rating), in a savepoint: a step the
        domain refuses (the settings gone, the ticket moved on) leaves the reply on the log and nothing half-done."""
        try:
            with session.begin_nested():
                return mail_replies.answer(db_session=session, ticket=ticket, sender=reply.sender, text=reply.text,
                                           desk=self.directory.desk(session))
        except ServiceDeskError as error:
            logger.warning("reply from %s to %s logged, not taken as an answer: %s", reply.sender,
                           reply.ref.number, error)
            return None

    @staticmethod
    def _ticket(session: Any, number: str) -> Ticket | None:
        try:
            return get_by_number(db_session=session, number=number)
        except ServiceDeskError:
            return None


def _key(message: EmailMessage, raw: bytes) -> str:
    """The reply's Message-ID, what a second delivery of it repeats; a digest of the mail when it has none."""
    given = str(message.get("Message-ID", "")).strip()
    return given if given and len(given) <= 200 else "sha256:" + hashlib.sha256(raw).hexdigest()


class ReplyEndpoint:
    """The SMTP server, started and stopped with the doors (bot/server.py)."""

    def __init__(self, handler: ReplyHandler, host: str, port: int) -> None:
        self.handler, self.host, self.port = handler, host, port
        self._server: asyncio.base_events.Server | None = None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: SMTP(self.handler, hostname="relais", data_size_limit=MAX_BYTES), self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]  # the one the system chose, for port 0
        logger.info("replies by e-mail: SMTP on %s:%s", self.host, self.port)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
