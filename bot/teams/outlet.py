"""Writing to Teams users after their message's turn is over: agents' replies, notices about the handoff,
notifications. Teams lets a bot write into a conversation it was in (proactive messages) with the
conversation reference kept from the user's last message (servicedesk Conversation.address): the SDK's
continue_conversation opens a turn on it, and the messages are sent in that turn.

Every connector failure is ChannelUnavailable (with the connector's Retry-After on a 429): the outbox tries
again later.
"""

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import ResourceResponse

from bot.config import TeamsConfig
from bot.errors import ChannelUnavailable
from bot.messages import BotMessage
from bot.outlets import Place
from bot.teams import cards, places
from bot.teams.connector import adapter_for, connector_errors

CARDS_KEPT = 5000


class CardTexts(Protocol):
    """The text of the cards sent lately, by activity id: a clicked card is redrawn with its text and the
    choice, since Teams sends back only the clicked button's data. SentCards keeps them in this process
    (after a restart, or on another replica, an old card is redrawn with the choice alone);
    bot/teams/shared_cards.py in Redis, for every replica."""

    async def remember(self, responses: Sequence[ResourceResponse | None], messages: Sequence[BotMessage]) -> None:
        ...

    async def text_of(self, activity_id: str) -> str | None:
        ...


def card_texts(responses: Sequence[ResourceResponse | None], messages: Sequence[BotMessage]) -> dict[str, str]:
    """{activity id: text} of the messages sent with buttons: what a later click redraws."""
    return {response.id: cards.with_author(message) for response, message in zip(responses, messages, strict=False)
            if response is not None and response.id and message.buttons}


class SentCards:
    """CardTexts in this process's memory, the most recent CARDS_KEPT."""

    def __init__(self, size: int = CARDS_KEPT) -> None:
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    async def remember(self, responses: Sequence[ResourceResponse | None], messages: Sequence[BotMessage]) -> None:
        with self._lock:
            for activity_id, text in card_texts(responses, messages).items():
                self._texts[activity_id] = text
                self._texts.move_to_end(activity_id)
            while len(self._texts) > self._size:
                self._texts.popitem(last=False)

    async def text_of(self, activity_id: str) -> str | None:
        with self._lock:
            return self._texts.get(activity_id)


class TeamsOutlet:
    """The Outlet of the "teams" channel."""

    channel = places.CHANNEL

    def __init__(self, adapter: CloudAdapter, app_id: str, sent: CardTexts | None = None, *,
                 enabled: bool = True) -> None:
        self.adapter = adapter
        self.app_id = app_id
        self.sent: CardTexts = sent or SentCards()
        self.enabled = enabled

    async def send(self, place: Place, messages: Sequence[BotMessage]) -> None:
        await self.post(place, messages)

    async def notify(self, place: Place, messages: Sequence[BotMessage],
                     thread: dict[str, Any] | None = None) -> dict[str, Any]:
        """Teams has no private side to a conversation: into the user's conversation itself (a personal chat
        when that is where they talk to Relais). Returns {"conversation", "id"} of the first message, or
        `thread` when given (follow-ups are sent as replies to its message)."""
        reply_to = str(thread["id"]) if thread and thread.get("id") else None
        ids = await self.post(place, messages, reply_to=reply_to)
        if thread:
            return thread
        reference = places.reference(place.address)
        return {"conversation": reference.conversation.id if reference else None, "id": ids[0] if ids else None}

    async def post(self, place: Place, messages: Sequence[BotMessage], reply_to: str | None = None) -> list[str]:
        """Send the messages in a proactive turn; the ids the connector gave them."""
        if not self.enabled:
            raise ChannelUnavailable("the Teams door is disabled (RELAIS_TEAMS_ENABLED=0)")
        reference = places.reference(place.address)
        if reference is None:
            raise ChannelUnavailable(f"no Teams conversation reference for {place.conversation}")
        messages = [m for m in messages if m.text or m.buttons or m.image]
        if not messages:
            return []
        sent: list[ResourceResponse] = []

        async def in_turn(context: TurnContext) -> None:
            # The turn's activity is a made-up event: without its id, messages are sent to the conversation
            # rather than as replies to a message that never existed.
            context.activity.id = None
            activities = [cards.render(m) for m in messages]
            for activity in activities:
                activity.reply_to_id = reply_to
            sent.extend(await context.send_activities(activities))

        async with connector_errors(f"send to Teams conversation {place.conversation}"):
            await self.adapter.continue_conversation(reference, in_turn, self.app_id)
        await self.sent.remember(sent, messages)
        return [response.id for response in sent if response is not None and response.id]


def outlet_for(config: TeamsConfig, sent: CardTexts | None = None) -> TeamsOutlet:
    """The outlet of the configured bot, with its own Bot Framework adapter (the door receives through it)."""
    return TeamsOutlet(adapter_for(config), config.app_id, sent, enabled=config.enabled)
