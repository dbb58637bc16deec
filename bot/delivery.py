"""Delivering every client's notification outbox through the doors: a notice to a requester in the channel
they talk in (a Slack DM, their Teams chat, their web chat), the handoff card and notices to the level-2
agents' channel, announcements to the client's announcement channel with their updates in its thread.

At least once, never twice after a success. Each row is claimed in its own transaction (FOR UPDATE SKIP
LOCKED on PostgreSQL, so two replicas of the doors never hold the same row), sent, and marked delivered in
that same transaction; a crash between the send and the commit sends it again, nothing more. A channel
that fails or rate-limits leaves the row due, retried with backoff (after Slack's Retry-After on a 429).
SQLite has no row locks: there one pass runs at a time in this process, and one process delivers.

Only the audiences a door reaches are read: requester, agents, group, everyone; with the e-mail door
(bot/mail/, an SMTP server configured) managers and the client's contact too, whose recipients are e-mail
addresses, and a requester no chat door reaches whose address is an e-mail (an imported ticket's requester, the
ticket's verified e-mail) is written to there. Without it those rows wait in the outbox, as they always did.
"""

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot import live_notices, notices
from bot.approvals.delivery import ApprovalQuestions
from bot.directory import Directory
from bot.errors import ChannelRefused, ChannelUnavailable, RasaUnavailable, explain
from bot.mail.compose import MailNotice
from bot.mail.outlet import MailOutlet
from bot.messages import BotMessage, Button
from bot.outlets import AgentDesk, Outlet, Place
from bot.rasa_client import RasaClient
from bot.remote.links import RemoteLinks
from bot.texts import say
from servicedesk.announcements import service as announcements
from servicedesk.conversations import service as conversations
from servicedesk.language import language_of
from servicedesk.notifications import service as outbox
from servicedesk.notifications.models import Notification
from servicedesk.tickets.models import Ticket
from telemetry import logs

logger = logging.getLogger(__name__)

AUDIENCES = ("requester", "agents", "group", "everyone")
MAIL_AUDIENCES = ("manager", "client_contact")  # read only when there is an e-mail door
APPROVER = "approver"  # read only when the doors sign approvals (bot/approvals/delivery.py)
BATCH = 200  # rows per client and pass: a big backlog cannot starve the other clients
WAIT_FOR_EARLIER = 5.0  # seconds before an announcement's follow-up looks again for its thread


@dataclass(frozen=True)
class _Job:
    """What a notification asks of the doors, read while its row is held."""

    kind: str  # requester, message, conversation, channel, agents, takeover, card, mail, skip, wait, broken
    text: str = ""
    message: BotMessage | None = None  # conversation: a takeover step's (bot.live_notices); message: an approver's
    rasa: str | None = None  # conversation: "pause" or "resume" the dialogue once the notice is out
    buttons: tuple[Button, ...] = ()  # requester: the answers a question offers ("is it fixed?", the rating)
    note: str = ""  # why it is skipped, waits or is broken
    place: Place | None = None  # requester: where the user last talked
    team: str | None = None  # channel: the announcement channel's workspace and id
    channel: str | None = None
    thread: dict[str, Any] | None = field(default=None, hash=False)  # the announcement's thread, if posted
    post_as: str | None = None  # record the first post of the announcement under this recipient
    announcement_id: int | None = None
    takeover_id: int | None = None
    conversation: str | None = None  # takeover: the Rasa conversation to pause
    mail: MailNotice | None = None  # mail: what the e-mail door sends


class _Claim:
    """A due row held by an open transaction until it is marked (then committed) or released."""

    def __init__(self, session: Session, notification: Notification, job: _Job) -> None:
        self.session, self.notification, self.job = session, notification, job

    def delivered(self, reference: dict[str, Any] | None, note: str | None, now: datetime | None) -> None:
        job = self.job
        if job.post_as and job.announcement_id is not None and reference:
            if job.place is not None:  # a user's post: remember which door it is in
                reference = {**reference, "door": job.place.channel}
            announcements.record_post(db_session=self.session, announcement_id=job.announcement_id,
                                      recipient=job.post_as, reference=reference, now=now)
        outbox.mark_delivered(db_session=self.session, notification=self.notification, now=now, note=note)
        self._commit()

    def failed(self, error: str, retry_after: float | None, now: datetime | None) -> None:
        outbox.mark_failed(db_session=self.session, notification=self.notification, error=error,
                           retry_after=retry_after, now=now)
        self._commit()

    def undeliverable(self, error: str, now: datetime | None) -> None:
        outbox.mark_undeliverable(db_session=self.session, notification=self.notification, error=error, now=now)
        self._commit()

    def release(self) -> None:
        self.session.close()  # rolls back whatever was not committed: the row is due again

    def _commit(self) -> None:
        try:
            self.session.commit()
        finally:
            self.session.close()


class Delivery:
    def __init__(self, directory: Directory, outlets: dict[str, Outlet], agent_desk: AgentDesk, rasa: RasaClient,
                 *, interval: float, batch: int = BATCH, mail: MailOutlet | None = None,
                 links: RemoteLinks | None = None,
                 approvals: ApprovalQuestions | None = None) -> None:
        self.directory = directory
        self.mail = mail
        self.links = links  # a remote session's notices carry its page's signed link (bot/remote/links.py)
        self.approvals = approvals  # approvers' questions: buttons where they chat, else signed links by mail
        self.audiences = AUDIENCES + (MAIL_AUDIENCES if mail is not None else ()) + (
            (APPROVER,) if approvals is not None else ())
        self.outlets = outlets
        self.agent_desk = agent_desk
        self.rasa = rasa
        self.interval = interval
        self.batch = batch
        self._woken = asyncio.Event()
        self._pass = asyncio.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None

    def wake(self) -> None:
        """Deliver now rather than at the next interval (something was just queued). Callable from any thread."""
        loop = self._loop
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if loop is None or running is loop:
            self._woken.set()
        else:
            with contextlib.suppress(RuntimeError):  # the loop is closed: nothing left to wake
                loop.call_soon_threadsafe(self._woken.set)

    async def run_forever(self) -> None:
        """Pass after pass until cancelled; a failing pass is logged and the next one comes anyway."""
        self._loop = asyncio.get_running_loop()
        while True:
            self._woken.clear()
            try:
                await self.run_once()
            except Exception:
                logger.exception("delivery pass failed")
            # A cancellation that lands inside a send can come back as that channel's error (aiosmtplib's, say),
            # which the pass logs and keeps going: the doors' shutdown would then wait for this task forever.
            if (task := asyncio.current_task()) is not None and task.cancelling():
                raise asyncio.CancelledError
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._woken.wait(), self.interval)

    async def run_once(self, now: datetime | None = None) -> int:
        """One pass over every client's due rows; the number of rows done (sent, or with no one to send to)."""
        async with self._pass:
            done = 0
            for client in await asyncio.to_thread(self.directory.clients):
                try:
                    done += await self._deliver_client(client, now)
                except Exception:
                    logger.exception("delivery for client %s failed", client)
            return done

    async def _deliver_client(self, client: str, now: datetime | None) -> int:
        done, after = 0, 0
        for _ in range(self.batch):
            claim = await asyncio.to_thread(self._claim, client, now, after)
            if claim is None:
                break
            after = claim.notification.id
            number = (claim.notification.payload or {}).get("number")
            try:
                with logs.about(client=client, ticket=number if isinstance(number, str) else None):
                    done += await self._deliver(client, claim, now)  # its log lines name the client and ticket
            finally:
                await asyncio.to_thread(claim.release)
        return done

    async def _deliver(self, client: str, claim: _Claim, now: datetime | None) -> int:
        job, row = claim.job, claim.notification
        if job.kind == "wait":
            await asyncio.to_thread(claim.failed, job.note, WAIT_FOR_EARLIER, now)
            return 0
        try:
            reference = None if job.kind == "skip" else await self._send(client, job)
        except ChannelRefused as error:
            logger.error("notification %s (%s to %s) refused for good: %s", row.id, row.event, row.recipient, error)
            await asyncio.to_thread(claim.undeliverable, str(error), now)
            return 0
        except ChannelUnavailable as error:
            logger.warning("notification %s (%s to %s) not delivered: %s", row.id, row.event, row.recipient, error)
            if row.event == "agent_message" and row.attempts == 0:
                await self._tell_agents_undelivered(client, row, error)
            await asyncio.to_thread(claim.failed, str(error), error.retry_after, now)
            return 0
        except Exception as error:
            logger.exception("notification %s (%s to %s) failed", row.id, row.event, row.recipient)
            await asyncio.to_thread(claim.failed, f"{type(error).__name__}: {error}", None, now)
            return 0
        if job.kind == "skip":
            logger.info("notification %s (%s to %s) not sent: %s", row.id, row.event, row.recipient, job.note)
        await asyncio.to_thread(claim.delivered, reference, job.note or None, now)
        return 1

    async def _send(self, client: str, job: _Job) -> dict[str, Any] | None:
        messages = [BotMessage(text=job.text, buttons=job.buttons, author="system")]
        if job.kind == "takeover":
            if job.conversation:  # the bot goes quiet before an agent can see the card; both are idempotent
                await self.rasa.pause(job.conversation)
            await self.agent_desk.post_card(client, int(job.takeover_id or 0))
            return None
        if job.kind == "agents":
            await self.agent_desk.post_notice(client, job.text)
            return None
        if job.kind == "card":  # a step done in the console: the card reads as if it had been clicked
            await self.agent_desk.update_card(client, int(job.takeover_id or 0))
            return None
        if job.kind == "conversation" and job.place is not None and job.message is not None:
            # Into the conversation itself, as the takeover's steps always were; the dialogue is paused or
            # resumed first (both idempotent), so a reply the user sends on reading it finds the right party.
            await self._pause_or_resume(job.rasa, job.place.conversation)
            await self._outlet(job.place.channel).send(job.place, [job.message])
            return None
        if job.kind == "channel":
            post = getattr(self._outlet("slack"), "post_to_channel", None)
            if post is None:
                raise ChannelUnavailable("the slack door cannot post to a channel")
            thread_ts = str(job.thread["ts"]) if job.thread and job.thread.get("ts") else None
            return await post(job.team, job.channel, messages, thread_ts=thread_ts)
        if job.kind == "mail" and job.mail is not None:
            if self.mail is None:
                raise ChannelUnavailable("no e-mail door in this process")
            await self.mail.send(job.mail)
            return None
        if job.kind == "message" and job.place is not None and job.message is not None:
            return await self._outlet(job.place.channel).notify(job.place, [job.message])
        if job.kind == "requester" and job.place is not None:
            return await self._outlet(job.place.channel).notify(job.place, messages, thread=job.thread)
        raise RuntimeError(job.note or f"cannot deliver a {job.kind} job")

    async def _tell_agents_undelivered(self, client: str, row: Notification, error: ChannelUnavailable) -> None:
        """An agent's message the user's channel refused: said once in the card's thread (it is retried, and kept in
        the ticket's log), whichever tool the agent wrote it in."""
        language = language_of(row.language)
        text = say("agents.not_delivered", language, error=explain(error, language))
        try:
            await self.agent_desk.relay_to_agent(client, int((row.payload or {})["takeover_id"]), text, "Relais")
        except Exception:  # noqa: BLE001 - a warning about a warning: the log is enough
            logger.warning("could not tell the agents that notification %s was not delivered", row.id)

    async def _pause_or_resume(self, step: str | None, conversation: str) -> None:
        """The relay keeps the bot silent while a takeover is active anyway: a Rasa that is down does not hold up
        the user's notice, and is said in the log."""
        try:
            if step == "pause":
                await self.rasa.pause(conversation)
            elif step == "resume":
                await self.rasa.resume(conversation)
        except RasaUnavailable:
            logger.error("could not %s %s in Rasa", step, conversation)

    def _outlet(self, channel: str) -> Outlet:
        outlet = self.outlets.get(channel)
        if outlet is None:
            raise ChannelUnavailable(f"no {channel} door in this process")
        return outlet

    # --- in a worker thread: the database ----------------------------------------------------------

    def _claim(self, client: str, now: datetime | None, after: int) -> _Claim | None:
        """The next due row after `after`, held, with what it asks; None when there is none left."""
        session = self.directory.sessions(client)()
        try:
            rows = outbox.get_due(db_session=session, now=now, limit=1, audiences=self.audiences, after=after,
                                  claim=True)
            if not rows:
                session.close()
                return None
            try:
                job = self._plan(session, client, rows[0])
            except Exception as error:  # a row that cannot be read must not block the rows behind it
                logger.exception("notification %s cannot be prepared", rows[0].id)
                job = _Job(kind="broken", note=f"{type(error).__name__}: {error}")
            if session.get_bind().dialect.name != "postgresql":
                session.commit()  # no row locks to hold: keep no read snapshot open during the send
            return _Claim(session, rows[0], job)
        except BaseException:
            session.close()
            raise

    def _plan(self, session: Session, client: str, row: Notification) -> _Job:
        desk = self.directory.desk(session)
        zone = ZoneInfo(desk.business_calendar.timezone)
        payload = dict(row.payload or {})
        if row.audience == "agents" and row.event == "takeover_requested":
            return _Job(kind="takeover", takeover_id=int(payload["takeover_id"]),
                        conversation=payload.get("conversation"))
        if row.audience == "agents" and row.event == "takeover_changed":
            return _Job(kind="card", takeover_id=int(payload["takeover_id"]))
        if row.audience == "requester" and row.event in live_notices.EVENTS:
            return self._conversation_job(session, client, row)
        if row.audience in ("agents", "group"):
            return self._text_job(_Job(kind="agents"), notices.render(row, zone=zone))
        if row.audience == APPROVER:
            return self._approver_job(session, client, row)
        if row.audience in MAIL_AUDIENCES:
            return self._mail_job(session, client, row, row.recipient, zone)
        if announcements.waits_for_earlier(db_session=session, notification=row):
            return _Job(kind="wait", note="waiting for an earlier message of this announcement")
        announcement_id = payload.get("announcement_id")
        if row.audience == "everyone":
            room = desk.settings.chat.announcements
            if room is None:
                return _Job(kind="skip", note="no announcement channel (settings: chat.announcements)")
            job = _Job(kind="channel", team=room.slack_team, channel=room.channel)
            text = notices.render(row, language=desk.settings.client.language, zone=zone)
            return self._text_job(self._threaded(session, job, announcement_id, announcements.CHANNEL), text)
        conversation = (conversations.latest_of(db_session=session, requester=row.recipient, channel=row.channel)
                        if row.channel else None) or conversations.latest_of(db_session=session,
                                                                              requester=row.recipient)
        if conversation is None:
            address = self._mail_address(session, row)
            if address is not None:
                return self._mail_job(session, client, row, address, zone, self._readable(client, row))
            return _Job(kind="skip", note="no door: the requester never talked to us in Slack, Teams or web chat")
        place = Place.of(client, conversation)
        # An announcement is not about the user's ticket: it reads in the language they last spoke.
        language = (conversation.language or row.language) if announcement_id is not None else row.language
        answers = notices.buttons(row, language=language)
        job = self._threaded(session, _Job(kind="requester", place=place, buttons=answers), announcement_id,
                             row.recipient)
        return self._text_job(job, notices.render(self._readable(client, row), language=language, zone=zone))

    def _readable(self, client: str, row: Notification) -> notices.Notice:
        """The row as its reader reads it: with its remote session's page link when it is about one."""
        return self.links.readable(client, row) if self.links is not None else row

    def _approver_job(self, session: Session, client: str, row: Notification) -> _Job:
        """An approver's question: in their Slack or Teams conversation with the buttons, else by e-mail with the
        signed links (which waits, retried, while there is no e-mail door)."""
        assert self.approvals is not None
        question = self.approvals.question(session, client, row)
        if question is None:
            return _Job(kind="skip", note="the approval is decided or gone: nothing to ask")
        if question.conversation is not None and question.message is not None:
            return _Job(kind="message", place=Place.of(client, question.conversation), message=question.message)
        number = (row.payload or {}).get("number")
        notice = MailNotice(client=client, notice=row.id, to=question.address, language=language_of(row.language),
                            text=question.mail_text or "", number=str(number) if number else None,
                            invite_reply=False)
        return _Job(kind="mail", text=notice.text, mail=notice)

    def _mail_address(self, session: Session, row: Notification) -> str | None:
        """Where a requester no chat door reaches can be written to by e-mail: their id when it is an address
        (an imported ticket's requester), else the ticket's verified address; None without an e-mail door."""
        if self.mail is None:
            return None
        if _is_address(row.recipient):
            return row.recipient
        ticket = session.get(Ticket, row.ticket_id) if row.ticket_id is not None else None
        return ticket.requester_email if ticket is not None and ticket.requester_email else None

    @staticmethod
    def _mail_job(session: Session, client: str, row: Notification, address: str, zone: ZoneInfo,
                  readable: notices.Notice | None = None) -> _Job:
        """An e-mail of the notice's sentence, in the row's language, threaded under its ticket."""
        if not _is_address(address):
            return _Job(kind="skip", note=f"no door: {row.audience} {address!r} is not an e-mail address")
        number = (row.payload or {}).get("number")
        if not number and row.ticket_id is not None:
            ticket = session.get(Ticket, row.ticket_id)
            number = ticket.number if ticket is not None else None
        text = notices.render(readable or row, zone=zone)
        if not text:
            return _Job(kind="skip", note="nothing to say: the notice queued with it says it")
        notice = MailNotice(client=client, notice=row.id, to=address, language=language_of(row.language), text=text,
                            number=str(number) if number else None, invite_reply=row.audience == "requester")
        return _Job(kind="mail", text=text, mail=notice)

    @staticmethod
    def _conversation_job(session: Session, client: str, row: Notification) -> _Job:
        """A takeover step's notice, for the conversation the takeover is about (not the user's latest)."""
        payload = dict(row.payload or {})
        conversation = conversations.get(db_session=session, key=str(payload.get("conversation") or ""))
        if conversation is None:
            return _Job(kind="skip", note="the conversation has no known address")
        message = live_notices.message(row.event, payload, row.language)
        if not message.text:
            return _Job(kind="skip", note="nothing to say")
        return _Job(kind="conversation", place=Place.of(client, conversation), message=message,
                    rasa=payload.get("rasa"))

    @staticmethod
    def _threaded(session: Session, job: _Job, announcement_id: Any, recipient: str) -> _Job:
        """An announcement's message goes under its first post for this recipient, or becomes that post. A
        user's post is in the door they used then: a user now in another door gets follow-ups unthreaded."""
        if announcement_id is None:
            return job
        post = announcements.get_post(db_session=session, announcement_id=int(announcement_id), recipient=recipient)
        if post is None:
            return replace(job, announcement_id=int(announcement_id), post_as=recipient)
        door = post.reference.get("door")
        if job.place is not None and door not in (None, job.place.channel):
            return job
        return replace(job, announcement_id=int(announcement_id), thread=dict(post.reference))

    @staticmethod
    def _text_job(job: _Job, text: str | None) -> _Job:
        if not text:
            return _Job(kind="skip", note="nothing to say: the notice queued with it says it")
        return replace(job, text=text)


def _is_address(recipient: str) -> bool:
    """An e-mail address, not a chat user id ("slack:T1:U1") nor a group's name."""
    local, at, domain = recipient.strip().rpartition("@")
    return bool(at and local and "." in domain and ":" not in recipient and " " not in recipient.strip())
