"""The doors seen from inside: a place in a user's channel to write to, and what every channel adapter
offers the relay, the agents' side and the delivery of notifications."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.errors import ChannelUnavailable as ChannelUnavailable  # what an outlet raises (bot/errors.py)
from bot.messages import BotMessage
from servicedesk.conversations.models import Conversation


@dataclass(frozen=True)
class Place:
    """A conversation of a user, with what its channel needs to write there (opaque outside the adapter)."""

    client: str
    channel: str  # slack, teams, webchat
    conversation: str  # Rasa's sender id, the key of servicedesk's Conversation
    requester: str
    address: dict[str, Any] = field(default_factory=dict, hash=False)

    @classmethod
    def of(cls, client: str, conversation: Conversation) -> "Place":
        """Where a stored conversation is: what agents' replies and notices are written to, long after."""
        return cls(client=client, channel=conversation.channel, conversation=conversation.key,
                   requester=conversation.requester, address=dict(conversation.address or {}))


class Outlet(Protocol):
    channel: str

    async def send(self, place: Place, messages: Sequence[BotMessage]) -> None:
        """Write into the conversation (an agent's reply, a notice about it); ChannelUnavailable on failure."""
        ...

    async def notify(self, place: Place, messages: Sequence[BotMessage],
                     thread: dict[str, Any] | None = None) -> dict[str, Any]:
        """Write to the user privately, outside any conversation thread (a Slack DM; elsewhere the conversation
        itself). Returns the channel's reference of what was posted; passing it back as `thread` posts a
        follow-up in the same thread where the channel has threads (announcement updates)."""
        ...


class AgentDesk(Protocol):
    """Where level-2 agents work (the client's agents' channel in Slack)."""

    async def post_card(self, client: str, takeover_id: int) -> None:
        """Post the handoff card with its Take over button, once; ChannelUnavailable on failure."""
        ...

    async def relay_to_agent(self, client: str, takeover_id: int, text: str, author: str) -> None:
        """A user's message, in the thread under the card."""
        ...

    async def post_notice(self, client: str, text: str) -> None:
        """A notice for the client's agents (an SLA warning on a group's ticket), in their channel."""
        ...

    async def update_card(self, client: str, takeover_id: int) -> None:
        """Redraw the card after a step done elsewhere (the console); a card never posted is left alone."""
        ...
