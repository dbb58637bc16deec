"""The one path every user message takes, whatever its door: journal it, then either pass it to the
agent who has the conversation or ask Rasa, and hand the replies back to the door.

The journal comes first, in its own transaction: if Rasa, the agents' channel or this process fails
after it, the message is kept; a channel's retry of the same delivery finds it journalled and gets no
second answer (and opens no second ticket). A message Rasa could not answer (down, too slow, or an
empty answer: an action died mid-turn, for every turn of level 1 says something) is kept for the replayer
(bot/replayer.py), which answers it once Rasa is back; the conversation's kept messages are replayed
before a new one goes to Rasa, so that it is answered in the order its user wrote.

Abuse has limits (bot/limits.py): a message of a conversation over its rate, or longer than
MAX_MESSAGE_CHARS, is journalled like any other (and logged on the ticket when an agent has the
conversation), then goes no further; the door gets a `Limited` with the polite answer.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, TypeVar

from sqlalchemy.exc import InterfaceError, OperationalError

from bot.directory import Directory, client_language
from bot.errors import NoAgentDesk, RasaUnavailable
from bot.limits import MAX_MESSAGE_CHARS, RateLimits, wait
from bot.messages import BotMessage, Limited
from bot.outlets import AgentDesk
from bot.rasa_client import RasaClient
from bot.replayer import Replayer
from bot.texts import detect_language, say
from servicedesk.conversations import replays
from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import InboundMessage
from servicedesk.identity import claims
from servicedesk.language import Language, language_of
from servicedesk.privacy.secrets import mask_secrets
from servicedesk.tickets.service import attach, latest_open_ticket
from telemetry import logs
from telemetry.metrics import DUPLICATES, MESSAGES, RASA_SECONDS, REPLIES, REPLY_SECONDS

logger = logging.getLogger(__name__)
T = TypeVar("T")
DB_PATIENCE = (0.5, 1.0, 2.0, 4.0)  # seconds between tries of a turn's bookkeeping while the database restarts


async def patiently(step: Callable[[], Awaitable[T]]) -> T:
    """A step of a turn under way, tried again while the database is unreachable (a restart takes seconds):
    failing now would answer 500 once the message is journalled, and the channel's retry would find it a
    duplicate and get nothing until a replay (bot/replayer.py) answers it minutes later."""
    for pause in DB_PATIENCE:
        try:
            return await step()
        except (OperationalError, InterfaceError) as error:
            logger.warning("database unreachable, trying again in %.1f s: %s", pause, error)
            await asyncio.sleep(pause)
    return await step()


@dataclass(frozen=True)
class Inbound:
    client: str
    channel: str  # slack, teams, webchat
    conversation: str  # the conversation key: Rasa's sender id
    requester: str  # the user, stable across their conversations
    event_key: str  # the channel's id of this delivery: the same on a retry
    text: str  # what the user typed, or the payload of the button they clicked
    address: dict[str, Any] = field(default_factory=dict, hash=False)
    shown: str | None = None  # the clicked button's title: what the user "said", for logs and agents
    files: tuple[dict[str, str], ...] = ()  # {"name", "url"}: attached to the conversation's ticket
    user_name: str | None = None
    email: str | None = None  # as the door verified it: the same person across doors
    directory_id: str | None = None  # the user's id in the client's directory (Entra ID object id, OIDC sub)


class FileKeeper(Protocol):
    """What keeps a chat's files in the client's store once they are on the ticket as links
    (bot.uploads.chat_files.ChatFiles): in the background, so that no answer waits for a download."""

    def keep_later(self, inbound: Inbound) -> None: ...


@dataclass(frozen=True)
class _Journalled:
    message_id: int
    takeover_id: int | None
    language: Language  # what the bot's own sentences are said in: the conversation's, else the client's
    attached: bool  # the files went to an open ticket (else they are passed on to Rasa as links)
    resume: bool = False  # the conversation's takeover just ended with its ticket: Rasa listens again


class Relay:
    def __init__(self, directory: Directory, rasa: RasaClient, agents: AgentDesk | None = None,
                 on_change: Callable[[], None] | None = None, *, door_secret: str = "",
                 limits: RateLimits | None = None, files: FileKeeper | None = None,
                 replayer: Replayer | None = None) -> None:
        self.directory = directory
        self.files = files  # None: a chat's files stay the links they were attached as
        self.rasa = rasa
        self.limits = limits  # None: no rates (the size limit holds all the same)
        self.door_secret = door_secret  # signs what the door asserts (servicedesk.identity.claims)
        self.agents = agents
        self.replayer = replayer  # None: a kept message waits for whoever replays the journal
        self.on_change: Callable[[], None] = on_change or (lambda: None)  # wakes the delivery of the outbox

    async def handle(self, inbound: Inbound) -> list[BotMessage] | None:
        """The replies for the user, [] when an agent has the conversation, None for a duplicate, a
        `Limited` for a message kept but not passed on.

        Secrets the user typed (a password, a one-time code, a key) are masked before anything is stored or
        passed on — journal, ticket log, agent, Rasa's tracker — and the user is told never to send one."""
        with logs.about(conversation=inbound.conversation, client=inbound.client):  # on every line of this turn
            return await self._turn(inbound)

    async def _turn(self, inbound: Inbound) -> list[BotMessage] | None:
        started = time.perf_counter()
        masked = mask_secrets(inbound.text)
        shown = mask_secrets(inbound.shown) if inbound.shown else None
        found = masked.found or (shown is not None and shown.found)
        if found:
            logger.info("masked %s in a message of %s", ", ".join(masked.kinds) or "a secret", inbound.conversation)
            inbound = replace(inbound, text=masked.text, shown=shown.text if shown is not None else None)
        journalled = await asyncio.to_thread(self._journal, inbound)
        if journalled is None:
            logger.info("duplicate delivery %s:%s ignored", inbound.channel, inbound.event_key)
            DUPLICATES.labels(inbound.channel).inc()
            return None
        MESSAGES.labels(inbound.channel).inc()
        if journalled.attached and self.files is not None:
            self.files.keep_later(inbound)
        replies = await self._handle(inbound, journalled)
        REPLY_SECONDS.labels(inbound.channel).observe(time.perf_counter() - started)
        if found:
            # Said in the language the bot answers in (the actions keep the conversation's), read from its
            # replies: a short line with a product name in it ("mdp … Outlook refuse") fools a detector.
            answered = " ".join(reply.text or "" for reply in replies)
            language = detect_language(answered) or detect_language(inbound.text) or journalled.language
            replies.insert(0, BotMessage(text=say("secret_masked", language), author="system"))
        return replies

    async def _handle(self, inbound: Inbound, journalled: _Journalled) -> list[BotMessage]:
        if journalled.resume:
            try:
                await self.rasa.resume(inbound.conversation)
            except RasaUnavailable:
                logger.warning("could not resume %s in Rasa", inbound.conversation)
        limited = await self._limited(inbound, journalled)
        if limited is not None:
            return limited
        if journalled.takeover_id is not None:
            return await self._to_agent(inbound, journalled)
        text = inbound.text
        if inbound.files and not journalled.attached:
            text = " ".join([text, *(f["url"] for f in inbound.files)]).strip()
        metadata = self._claims(inbound)
        try:
            if self.replayer is not None:  # the conversation's kept messages first, or this one waits with them
                replayer = self.replayer
                await patiently(lambda: replayer.conversation(inbound.client, inbound.conversation))
            with RASA_SECONDS.time():
                replies = await self.rasa.send(conversation=inbound.conversation, text=text, channel=inbound.channel,
                                               metadata=metadata, message_id=journalled.message_id)
            if not replies:
                raise RasaUnavailable("Rasa answered nothing: an action failed mid-turn")
        except RasaUnavailable as error:
            logger.error("Rasa unavailable: %s", error)
            why = str(error)
            await patiently(lambda: asyncio.to_thread(self._kept, inbound.client, journalled.message_id, why, text))
            return [BotMessage(text=say("rasa_down", journalled.language), author="system")]
        await patiently(lambda: asyncio.to_thread(self._handled, inbound.client, journalled.message_id, "answered",
                                                  None))
        self.on_change()  # an action may have queued notices or asked for an agent
        if self.replayer is not None:
            self.replayer.wake()  # Rasa answers: what other conversations kept can be answered too
        return replies

    def _claims(self, inbound: Inbound) -> dict[str, Any]:
        """What this door asserts about the message, signed: all the actions will believe of it. Without a
        secret (tests of the doors alone) nothing is asserted, and Rasa treats the message as nobody's."""
        if not self.door_secret:
            return {}
        return {claims.METADATA_KEY: claims.sign(claims.DoorClaims(
            client=inbound.client, requester=inbound.requester, channel=inbound.channel,
            conversation=inbound.conversation, email=inbound.email, directory_id=inbound.directory_id,
            user_name=inbound.user_name), self.door_secret)}

    async def _limited(self, inbound: Inbound, journalled: _Journalled) -> Limited | None:
        """Whether this message stops here: its conversation writes faster than its rate (counted on every
        message, over-long ones too, so a flood of them is a flood), or it is too long to read. It stays in
        the journal with that outcome, and in the ticket's log when an agent has the conversation."""
        language = journalled.language
        verdict = await asyncio.to_thread(self.limits.conversation, inbound.conversation) if self.limits else None
        if verdict is not None and not verdict.allowed:
            key = "rate_limited" if journalled.takeover_id is None else "rate_limited_to_agent"
            text = say(key, language, wait=wait(verdict.retry_after, language))
            limited = Limited([BotMessage(text=text, author="system")], reason="limited",
                              retry_after=verdict.retry_after, first=verdict.first)
        elif len(inbound.text) > MAX_MESSAGE_CHARS:
            text = say("too_long", language, length=len(inbound.text), max=MAX_MESSAGE_CHARS)
            limited = Limited([BotMessage(text=text, author="system")], reason="too_long")
        else:
            return None
        logger.info("%s message of %s kept, not passed on", limited.reason, inbound.conversation)
        await asyncio.to_thread(self._handled, inbound.client, journalled.message_id, limited.reason, None)
        return limited

    async def _to_agent(self, inbound: Inbound, journalled: _Journalled) -> list[BotMessage]:
        assert journalled.takeover_id is not None
        said = inbound.shown or inbound.text
        if inbound.files:
            said = "\n".join([said, *(f"📎 {f.get('name') or f['url']}: {f['url']}" for f in inbound.files)]).strip()
        try:
            if self.agents is None:
                raise NoAgentDesk
            await self.agents.relay_to_agent(inbound.client, journalled.takeover_id, said,
                                             inbound.user_name or inbound.requester)
        except Exception as error:  # noqa: BLE001 - kept in the journal and the ticket's log either way
            logger.error("could not relay to the agent: %s", error)
            await asyncio.to_thread(self._handled, inbound.client, journalled.message_id, "failed", str(error))
            # The agents' channel is unreachable: the message is in the ticket's log, where the agent will
            # read it; the user must not be left wondering whether it arrived.
            return [BotMessage(text=say("waiting_for_agent", journalled.language), author="system")]
        await asyncio.to_thread(self._handled, inbound.client, journalled.message_id, "to_agent", None)
        return []

    def _journal(self, inbound: Inbound) -> _Journalled | None:
        with self.directory.unit_of_work(inbound.client) as session:
            message = conversations.journal(
                db_session=session, channel=inbound.channel, event_key=inbound.event_key,
                conversation_key=inbound.conversation, requester=inbound.requester, text=inbound.text,
                data={"shown": inbound.shown, "files": list(inbound.files), "who": {
                    "email": inbound.email, "directory_id": inbound.directory_id, "user_name": inbound.user_name}})
            if message is None:
                return None
            # The conversation keeps the language its user last wrote a sentence in: a short "ok" or a click
            # keeps it, and the doors' own messages and announcements to this user follow it.
            conversation = conversations.remember(db_session=session, key=inbound.conversation,
                                                  channel=inbound.channel, requester=inbound.requester,
                                                  address=inbound.address,
                                                  language=detect_language(inbound.shown or inbound.text))
            default = client_language(session)
            language = language_of(conversation.language, default)
            takeover = conversations.active_takeover(db_session=session, conversation_key=inbound.conversation)
            resume = takeover is not None and conversations.end_with_ticket(db_session=session, takeover=takeover)
            if resume:
                takeover = None
            ticket = takeover.ticket if takeover is not None else latest_open_ticket(
                db_session=session, conversation_id=inbound.conversation)
            if takeover is not None:
                conversations.log_message(db_session=session, takeover=takeover, author_kind="requester",
                                          author=inbound.requester, text=inbound.shown or inbound.text)
                language = language_of(takeover.ticket.language, default)
            attached = False
            if ticket is not None and inbound.files:
                for file in inbound.files:
                    attach(ticket=ticket, reference=file["url"], added_by=inbound.requester,
                           name=file.get("name", ""), kind="file")
                attached = True
            session.flush()
            return _Journalled(message.id, takeover.id if takeover else None, language, attached, resume)

    def _kept(self, client: str, message_id: int, error: str, sent: str) -> None:
        with self.directory.unit_of_work(client) as session:
            message = session.get(InboundMessage, message_id)
            if message is not None:
                replays.keep(message=message, error=error, sent=sent)
        REPLIES.labels(replays.KEPT).inc()

    def _handled(self, client: str, message_id: int, outcome: str, error: str | None) -> None:
        with self.directory.unit_of_work(client) as session:
            message = session.get(InboundMessage, message_id)
            if message is not None:
                conversations.handled(message=message, outcome=outcome, error=error)
        REPLIES.labels(outcome).inc()  # every turn ends here, whatever its outcome (once, when it is kept)

