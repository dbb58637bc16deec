"""The web chat's backlog and event fan-out in Redis, for several replicas of the doors' process: a page
following its stream on one replica gets what any replica writes into its conversation (an agent's reply
relayed by another, a notice the other's delivery sent), and a page that reconnects to another replica
carries on from its Last-Event-ID.

Each conversation's backlog is a Redis stream (`<prefix>:webchat:<conversation>`), capped at BACKLOG
entries and forgotten KEPT seconds after its last write; its entry ids ("<ms>-<n>", the same on every
replica) are the page's Last-Event-ID. A write also publishes the conversation's key on one pub/sub
channel, which one task per process listens to and turns into a wake-up of that process's streams for that
conversation: one Redis connection per process for every open page, not one per page. A wake-up lost (Redis
restarted, the listener reconnecting) costs at most POLL seconds: a stream also reads its backlog that often.

A write Redis refuses is ChannelUnavailable, so the outbox tries the notice again later; a stream whose read
fails waits and reads again, the page's connection kept.
"""

import asyncio
import contextlib
import json
import logging
import re
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.errors import ChannelUnavailable
from bot.messages import BotMessage
from bot.outlets import Place
from bot.webchat.outlet import BACKLOG, CHANNEL, Entry, as_json

logger = logging.getLogger(__name__)

KEPT = 7 * 24 * 3600  # seconds a conversation's backlog outlives its last message
POLL = 10.0  # seconds a stream waits for a wake-up before it reads its backlog anyway
RETRY = 1.0  # seconds before a failed read or a lost listener tries again
_STREAM_ID = re.compile(r"^\d+-\d+$")


class SharedWebchatOutlet:
    """The Outlet of the "webchat" channel, its backlog in Redis; `follow` as WebchatOutlet's."""

    channel = CHANNEL

    def __init__(self, redis: Redis, *, prefix: str = "relais", backlog: int = BACKLOG, kept: int = KEPT,
                 poll: float = POLL) -> None:
        self.redis = redis
        self.prefix = prefix
        self.wakeups = f"{prefix}:webchat-wakeups"
        self._size, self._kept, self._poll = backlog, kept, poll
        self._followers: defaultdict[str, set[asyncio.Event]] = defaultdict(set)
        self._listener: asyncio.Task[None] | None = None

    async def send(self, place: Place, messages: Sequence[BotMessage]) -> None:
        await self.publish(place.conversation, messages)

    async def notify(self, place: Place, messages: Sequence[BotMessage],
                     thread: dict[str, Any] | None = None) -> dict[str, Any]:
        """The web chat has no threads nor private side: into the conversation itself."""
        entries = await self.publish(place.conversation, messages)
        return {"conversation": place.conversation, "id": entries[0].id if entries else None}

    async def publish(self, conversation: str, messages: Sequence[BotMessage]) -> list[Entry]:
        """Append to the conversation's stream and wake every replica's followers of it, in one round trip."""
        if not messages:
            return []
        key = self._key(conversation)
        bodies = [as_json(message) for message in messages]
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                for body in bodies:
                    pipe.xadd(key, {"m": json.dumps(body, ensure_ascii=False)}, maxlen=self._size, approximate=False)
                pipe.expire(key, self._kept)
                pipe.publish(self.wakeups, conversation)
                results = await pipe.execute()
        except RedisError as error:
            raise ChannelUnavailable(f"the web chat's backlog in Redis: {error}") from error
        ids = [_text(result) for result in results[:len(bodies)]]
        return [Entry(id_, _order(id_), body) for id_, body in zip(ids, bodies, strict=True)]

    async def backlog(self, conversation: str, after: str | None = None) -> list[Entry]:
        """What the page has not seen: entries after the id it names (all of them for an id of no stream)."""
        start = f"({after}" if after and _STREAM_ID.match(after) else "-"
        read = await self.redis.xrange(self._key(conversation), min=start, max="+")
        entries = []
        for id_, fields in read or []:  # redis-py's hint allows Nones no XRANGE answer has
            stream_id = _text(id_ or b"")
            entries.append(Entry(stream_id, _order(stream_id), json.loads((fields or {})[b"m"])))
        return entries

    async def follow(self, conversation: str, after: str | None = None) -> AsyncIterator[Entry]:
        """The backlog after `after`, then each new entry as any replica writes it; ends when the caller stops."""
        self._listen()
        woken = asyncio.Event()
        self._followers[conversation].add(woken)
        cursor = after
        try:
            while True:
                woken.clear()  # before the read: a write during it wakes the wait below at once
                try:
                    entries = await self.backlog(conversation, cursor)
                except RedisError as error:
                    logger.warning("web chat stream %s: Redis read failed (%s); again in %.0f s", conversation,
                                   error, RETRY)
                    await asyncio.sleep(RETRY)
                    continue
                for entry in entries:
                    cursor = entry.id
                    yield entry
                if not entries:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(woken.wait(), self._poll)
        finally:
            followers = self._followers[conversation]
            followers.discard(woken)
            if not followers:
                del self._followers[conversation]

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None

    def _key(self, conversation: str) -> str:
        return f"{self.prefix}:webchat:{conversation}"

    def _listen(self) -> None:
        """The process's one listener of wake-ups, started with the first stream (in the server's loop)."""
        if self._listener is None or self._listener.done():
            self._listener = asyncio.create_task(self._wake_followers(), name="webchat-wakeups")

    async def _wake_followers(self) -> None:
        while True:
            try:
                async with self.redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self.wakeups)
                    self._wake_all()  # what was written while no one listened is read now
                    async for message in pubsub.listen():
                        for woken in self._followers.get(_text(message["data"]), ()):
                            woken.set()
            except RedisError as error:
                logger.warning("web chat wake-ups: Redis lost (%s); listening again in %.0f s", error, RETRY)
                await asyncio.sleep(RETRY)

    def _wake_all(self) -> None:
        for followers in self._followers.values():
            for woken in followers:
                woken.set()


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _order(stream_id: str) -> int:
    """An entry's place in its stream as one number (Entry.sequence): its milliseconds, then its rank."""
    millis, _, rank = stream_id.partition("-")
    return int(millis) * 1_000_000 + int(rank)
