"""Writing to web-chat users: what arrives after the page's own request (an agent's reply, "an agent
joined", a notification) waits in a per-conversation backlog that the page's event stream follows.

The backlog is in this process's memory, bounded, with ids the page sends back when it reconnects
(Last-Event-ID), so a page closed for a while gets what it missed once reopened. Several replicas of the
doors' process would need it in a shared store (Redis streams) instead; one process needs nothing more.
Ids carry the process's epoch: after a restart the page's old id names no entry, and it gets the whole
(new) backlog instead of a part.
"""

import asyncio
import itertools
import threading
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.messages import BotMessage
from bot.outlets import Place

CHANNEL = "webchat"
BACKLOG = 200  # messages kept per conversation
CONVERSATIONS = 10_000  # conversations kept, the least recently written to forgotten first


def as_json(message: BotMessage) -> dict[str, Any]:
    """A message as the page reads it."""
    return {"text": message.text, "buttons": [{"title": b.title, "payload": b.payload} for b in message.buttons],
            "image": message.image, "author": message.author, "author_name": message.author_name}


@dataclass(frozen=True)
class Entry:
    id: str  # "<epoch>.<sequence>": what the page sends back as Last-Event-ID
    sequence: int
    message: dict[str, Any]


@dataclass
class _Backlog:
    entries: deque[Entry] = field(default_factory=lambda: deque(maxlen=BACKLOG))
    waiters: set[asyncio.Future[None]] = field(default_factory=set)


class WebchatOutlet:
    """The Outlet of the "webchat" channel. Thread-safe: a message written from another thread or event loop
    wakes the streams in theirs."""

    channel = CHANNEL

    def __init__(self, *, backlog: int = BACKLOG, conversations: int = CONVERSATIONS) -> None:
        self.epoch = format(time.time_ns(), "x")
        self._sequence = itertools.count(1)
        self._size = backlog
        self._limit = conversations
        self._backlogs: OrderedDict[str, _Backlog] = OrderedDict()
        self._lock = threading.Lock()

    async def send(self, place: Place, messages: Sequence[BotMessage]) -> None:
        """Never fails: the message waits for the page, open or not."""
        self.publish(place.conversation, messages)

    async def notify(self, place: Place, messages: Sequence[BotMessage],
                     thread: dict[str, Any] | None = None) -> dict[str, Any]:
        """The web chat has no threads nor private side: into the conversation itself."""
        entries = self.publish(place.conversation, messages)
        return {"conversation": place.conversation, "id": entries[0].id if entries else None}

    def publish(self, conversation: str, messages: Sequence[BotMessage]) -> list[Entry]:
        with self._lock:
            backlog = self._backlogs.get(conversation)
            if backlog is None:
                backlog = self._backlogs[conversation] = _Backlog(deque(maxlen=self._size))
                if len(self._backlogs) > self._limit:
                    self._forget_oldest()
            self._backlogs.move_to_end(conversation)
            entries = []
            for message in messages:
                sequence = next(self._sequence)
                entries.append(Entry(f"{self.epoch}.{sequence}", sequence, as_json(message)))
            backlog.entries.extend(entries)
            waiters, backlog.waiters = backlog.waiters, set()
        for waiter in waiters:
            waiter.get_loop().call_soon_threadsafe(_wake, waiter)
        return entries

    def backlog(self, conversation: str, after: str | None = None) -> list[Entry]:
        """What the page has not seen: entries after the id it names (all of them for an id of another epoch)."""
        cursor = self._cursor(after)
        with self._lock:
            backlog = self._backlogs.get(conversation)
            return [] if backlog is None else [e for e in backlog.entries if e.sequence > cursor]

    async def follow(self, conversation: str, after: str | None = None) -> AsyncIterator[Entry]:
        """The backlog after `after`, then each new entry as it is written; ends when the caller stops."""
        cursor = self._cursor(after)
        loop = asyncio.get_running_loop()
        try:
            while True:
                with self._lock:
                    backlog = self._backlogs.get(conversation)
                    if backlog is None:
                        backlog = self._backlogs[conversation] = _Backlog(deque(maxlen=self._size))
                    entries = [e for e in backlog.entries if e.sequence > cursor]
                    waiter = None
                    if not entries:
                        waiter = loop.create_future()
                        backlog.waiters.add(waiter)
                if waiter is not None:
                    try:
                        await waiter
                    finally:
                        with self._lock:
                            backlog.waiters.discard(waiter)
                    continue
                for entry in entries:
                    cursor = entry.sequence
                    yield entry
        finally:
            with self._lock:  # a page that came and went without a message leaves nothing behind
                backlog = self._backlogs.get(conversation)
                if backlog is not None and not backlog.entries and not backlog.waiters:
                    del self._backlogs[conversation]

    def _cursor(self, after: str | None) -> int:
        epoch, _, sequence = (after or "").partition(".")
        if epoch != self.epoch or not sequence.isdigit():
            return 0
        return int(sequence)

    def _forget_oldest(self) -> None:
        """Forget the least recently written conversation no page is following (called with the lock held);
        followed ones are live pages and all kept."""
        for key, backlog in self._backlogs.items():
            if not backlog.waiters:
                del self._backlogs[key]
                return


def _wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)
