"""Answering, once Rasa is back, what users said while it could not answer (servicedesk.conversations.replays):
each kept message of a conversation in the order its user wrote, exactly once whichever doors replica does it, its
replies queued in the outbox and delivered into the user's conversation like any notice.

Before a kept message is sent, Rasa's tracker is asked whether it got it already (bot/rasa_client.py's
MESSAGE_KEY on the user event): a turn that went through before the outage (the doors died waiting for it, Rasa
timed out) is not run again, its replies are delivered as Rasa gave them; a turn whose action died after opening
a ticket is not run again either, the user is told the ticket. Otherwise the message goes to Rasa as it would
have then, and an empty answer means Rasa still cannot answer: the row is kept for the next attempt.

The replayer runs every `interval` seconds while something waits (longer, up to `longest`, while Rasa keeps
failing), when woken (the relay wakes it when Rasa answers again), and before each new message of a
conversation that has kept ones (Relay calls `conversation`), so that the new one is never answered first.
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.directory import Directory, client_language
from bot.errors import RasaUnavailable
from bot.messages import BotMessage, as_dict
from bot.rasa_client import RasaClient
from bot.texts import say
from servicedesk.conversations import replays
from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import InboundMessage
from servicedesk.identity import claims
from servicedesk.language import Language, language_of
from telemetry import logs
from telemetry.metrics import REPLIES

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Kept:
    """A claimed row, read in its worker thread: what Rasa gets again and what the doors say with it."""

    id: int
    conversation: str
    channel: str
    requester: str
    text: str
    who: dict[str, str | None]
    language: Language


class StillDown(RasaUnavailable):
    """Rasa could not answer a replayed message: the pass stops, the rows stay kept (and the relay keeps a new
    message of that conversation behind them). `empty`: Rasa took the turn and answered nothing (the action server
    is down), which leaves one more user event in its tracker: the next attempts come less often."""

    def __init__(self, message: str, *, empty: bool = False) -> None:
        super().__init__(message)
        self.empty = empty


class Replayer:
    def __init__(self, directory: Directory, rasa: RasaClient, *, door_secret: str = "",
                 wake: Callable[[], None] | None = None, interval: float = 3.0, longest: float = 30.0) -> None:
        self.directory = directory
        self.rasa = rasa
        self.door_secret = door_secret
        self.wake_delivery: Callable[[], None] = wake or (lambda: None)  # the replies are in the outbox
        self.interval, self.longest = interval, longest
        self._woken = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._locks: dict[tuple[str, str], tuple[asyncio.Lock, int]] = {}  # per conversation, and its users

    def wake(self) -> None:
        """Replay now (Rasa just answered someone). Callable from any thread."""
        loop = self._loop
        if loop is None:
            return
        with contextlib.suppress(RuntimeError):  # the loop is closed: nothing left to replay
            loop.call_soon_threadsafe(self._woken.set)

    async def run_forever(self) -> None:
        self._loop = asyncio.get_running_loop()
        wait = self.interval
        while True:
            self._woken.clear()
            try:
                await self.run_once()
                wait = self.interval
            except StillDown as down:
                wait = min(wait * 2, self.longest) if down.empty else self.interval
            except Exception:
                logger.exception("replay pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._woken.wait(), wait)

    async def run_once(self) -> int:
        """Every client's waiting conversations, while Rasa answers; the number of messages replayed. Raises
        StillDown when Rasa fails on one (the others would fail the same)."""
        done = 0
        for client in await asyncio.to_thread(self.directory.clients):
            waiting = await asyncio.to_thread(self._waiting, client)
            if waiting and not await self.rasa.alive():
                raise StillDown("Rasa does not answer")
            for conversation in waiting:
                done += await self.conversation(client, conversation)
        return done

    async def conversation(self, client: str, conversation: str) -> int:
        """Replay the conversation's kept messages in order; how many. StillDown when Rasa still cannot answer.
        One replay of a conversation at a time in this process (the relay's and the pass's wait for each other);
        across replicas the journal's claims keep the order (servicedesk.conversations.replays)."""
        key = (client, conversation)
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                done = 0
                with logs.about(conversation=conversation, client=client):
                    while (kept := await asyncio.to_thread(self._claim, client, conversation)) is not None:
                        await self._replay(client, kept)
                        done += 1
                return done
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    async def _replay(self, client: str, kept: _Kept) -> None:
        try:
            replies = await self.rasa.turn_of(kept.conversation, kept.id)
            if replies == []:  # the turn reached the actions and died: did it open a ticket first?
                number = await asyncio.to_thread(self._ticket_since, client, kept.id)
                replies = [BotMessage(text=say("replayed_on_ticket", kept.language, number=number),
                                      author="system")] if number else None
            if replies is None:
                replies = await self.rasa.send(conversation=kept.conversation, text=kept.text, channel=kept.channel,
                                               metadata=self._claims(client, kept), message_id=kept.id)
            if not replies:
                raise StillDown("Rasa answered nothing: an action failed mid-turn", empty=True)
        except RasaUnavailable as error:
            await asyncio.to_thread(self._release, client, kept.id, str(error))
            logger.warning("message %s still kept: %s", kept.id, error)
            raise StillDown(str(error), empty=getattr(error, "empty", False)) from error
        await asyncio.to_thread(self._replayed, client, kept, replies)
        logger.info("message %s replayed: %d replies queued", kept.id, len(replies))
        self.wake_delivery()

    def _claims(self, client: str, kept: _Kept) -> dict[str, str]:
        """Signed now, as the relay signs a new message: the claims of its first turn are stale by now."""
        if not self.door_secret:
            return {}
        who = kept.who
        return {claims.METADATA_KEY: claims.sign(claims.DoorClaims(
            client=client, requester=kept.requester, channel=kept.channel, conversation=kept.conversation,
            email=who.get("email"), directory_id=who.get("directory_id"), user_name=who.get("user_name")),
            self.door_secret)}

    # --- in a worker thread: the database ----------------------------------------------------------

    def _waiting(self, client: str) -> list[str]:
        with self.directory.sessions(client)() as session:
            return replays.waiting(db_session=session)

    def _claim(self, client: str, conversation: str) -> _Kept | None:
        """The conversation's next message, claimed; one of a conversation an agent now has goes to their log."""
        while True:
            with self.directory.unit_of_work(client) as session:
                message = replays.next_of(db_session=session, conversation_key=conversation)
                if message is None or not replays.claim(db_session=session, message_id=message.id):
                    return None
                if replays.for_agent(db_session=session, message=message):
                    continue  # committed as the block ends: the next one
                known = conversations.get(db_session=session, key=conversation)
                language = language_of(known.language if known else None, client_language(session))
                data = dict(message.data or {})
                return _Kept(message.id, conversation, message.channel, message.requester,
                             str(data.get("sent") or message.text), dict(data.get("who") or {}), language)

    def _ticket_since(self, client: str, message_id: int) -> str | None:
        with self.directory.sessions(client)() as session:
            message = session.get(InboundMessage, message_id)
            ticket = replays.ticket_since(db_session=session, message=message) if message else None
            return ticket.number if ticket is not None else None

    def _release(self, client: str, message_id: int, error: str) -> None:
        with self.directory.unit_of_work(client) as session:
            replays.release(db_session=session, message_id=message_id, error=error)

    def _replayed(self, client: str, kept: _Kept, replies: list[BotMessage]) -> None:
        REPLIES.labels(replays.REPLAYED).inc()
        with self.directory.unit_of_work(client) as session:
            message = session.get(InboundMessage, kept.id)
            if message is not None:
                replays.replayed(db_session=session, message=message, replies=[as_dict(r) for r in replies],
                                 language=kept.language)
