"""Writing to Slack users: into their conversation (a DM, or the thread of a channel where they mentioned
the app), privately in a DM (notifications), and into a channel (announcements).

Every Web API failure becomes ChannelUnavailable, with Slack's Retry-After on a 429: the outbox decides
when to try again. The clients retry nothing on 429 themselves (slack_sdk's default handlers only retry
a failed connection, once), so a rate-limited delivery is never held in this process.
"""

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import ChannelUnavailable
from bot.messages import BotMessage
from bot.outlets import Place
from bot.slack import places
from bot.slack.blocks import render

logger = logging.getLogger(__name__)


@asynccontextmanager
async def slack_errors(what: str) -> AsyncIterator[None]:
    """Slack's and the network's failures as ChannelUnavailable (retry_after from a 429's Retry-After)."""
    try:
        yield
    except SlackApiError as error:
        status = getattr(error.response, "status_code", None)
        if status == 429:
            raise ChannelUnavailable(f"{what}: rate limited by Slack",
                                     retry_after=_retry_after(error.response.headers)) from error
        detail = error.response.get("error") if isinstance(error.response.data, dict) else None
        raise ChannelUnavailable(f"{what}: Slack answered {status} {detail or ''}".strip()) from error
    except (SlackClientError, aiohttp.ClientError, TimeoutError, OSError) as error:
        raise ChannelUnavailable(f"{what}: {error!r}") from error


def _retry_after(headers: Any) -> int | None:
    try:
        value = headers.get("Retry-After") or headers.get("retry-after")
        return int(value) if value is not None else None
    except (AttributeError, TypeError, ValueError):
        return None


class SlackOutlet:
    """The Outlet of the "slack" channel; `client_for(team)` gives the workspace's Web API client (and raises
    ChannelUnavailable for a workspace without a token)."""

    channel = places.CHANNEL

    def __init__(self, client_for: Callable[[str], AsyncWebClient]) -> None:
        self.client_for = client_for

    async def send(self, place: Place, messages: Sequence[BotMessage]) -> None:
        """Into the conversation: its DM, or its thread in a channel."""
        team, channel = place.address.get("team"), place.address.get("channel")
        if not (team and channel):
            raise ChannelUnavailable(f"no Slack address for {place.conversation}")
        await self.post(str(team), str(channel), messages, thread_ts=place.address.get("thread_ts"))

    async def notify(self, place: Place, messages: Sequence[BotMessage],
                     thread: dict[str, Any] | None = None) -> dict[str, Any]:
        """In a DM with the user, whatever conversation they last used; returns {"channel", "ts"} of the first
        message posted, or `thread` itself when given: always the root to post follow-ups under."""
        team, user = places.user_of(place)
        if thread:
            await self.post(team, str(thread["channel"]), messages, thread_ts=str(thread["ts"]))
            return {"channel": thread["channel"], "ts": thread["ts"]}
        client = self.client_for(team)
        async with slack_errors("conversations.open"):
            opened = await client.conversations_open(users=user)
        channel = opened["channel"]["id"]
        posted = await self.post(team, channel, messages)
        return {"channel": channel, "ts": posted[0]["ts"] if posted else None}

    async def post_to_channel(self, team: str, channel: str, messages: Sequence[BotMessage],
                              thread_ts: str | None = None) -> dict[str, Any]:
        """An announcement (or its update, under `thread_ts`); returns the thread root {"channel", "ts"}."""
        posted = await self.post(team, channel, messages, thread_ts=thread_ts)
        return {"channel": channel, "ts": thread_ts or (posted[0]["ts"] if posted else None)}

    async def post(self, team: str, channel: str, messages: Sequence[BotMessage],
                   thread_ts: str | None = None) -> list[dict[str, Any]]:
        """Each message in turn ({"channel", "ts"} of each); the first failure stops the rest."""
        client = self.client_for(team)
        posted = []
        for message in messages:
            arguments = render(message)
            if thread_ts:
                arguments["thread_ts"] = thread_ts
            async with slack_errors("chat.postMessage"):
                response = await client.chat_postMessage(channel=channel, **arguments)
            posted.append({"channel": response["channel"], "ts": response["ts"]})
        return posted
