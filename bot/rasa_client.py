"""Talking to the Rasa server: each user message through its REST webhook (with the channel and the
client named, see actions/channel_context.py), and the pause/resume of a conversation through its HTTP
API when an agent takes it or gives it back.

Each message carries its journal id under MESSAGE_KEY in its metadata, which Rasa keeps on the user event of its
tracker: a message replayed after an outage (bot/replayer.py) is first looked up there, so one that got through
before the outage is never sent twice (no second turn, no second ticket)."""

from typing import Any
from urllib.parse import quote

import httpx

from bot.errors import RasaUnavailable
from bot.messages import BotMessage, from_rasa
from servicedesk.conversations.replays import TIMEOUT
from servicedesk.identity.claims import MESSAGE_KEY


class RasaClient:
    def __init__(self, url: str, *, token: str | None = None, timeout: float = 30.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        params = {"token": token} if token else None
        self._http = httpx.AsyncClient(base_url=url.rstrip("/"), timeout=timeout, params=params,
                                       transport=transport)

    async def send(self, *, conversation: str, text: str, channel: str, metadata: dict[str, Any],
                   message_id: int | None = None) -> list[BotMessage]:
        if message_id is not None:
            metadata = {**metadata, MESSAGE_KEY: message_id}
        body = {"sender": conversation, "message": text, "input_channel": channel, "metadata": metadata}
        replies = await self._call("POST", "/webhooks/rest/webhook", body)
        return from_rasa(replies if isinstance(replies, list) else [])

    async def turn_of(self, conversation: str, message_id: int) -> list[BotMessage] | None:
        """What Rasa said to the message of this journal id, if it ever got it: None when its tracker has no such
        user event; else the bot's messages after its latest one, up to the next user event ([] when an action
        died: a message replayed while the action server was still down reached Rasa more than once)."""
        tracker = await self._call("GET", f"/conversations/{_quote(conversation)}/tracker", None)
        events = tracker.get("events") if isinstance(tracker, dict) else None
        said: list[dict[str, Any]] | None = None
        listening = False  # the bot events that follow belong to this message's latest turn
        for event in events or []:
            kind = event.get("event")
            if kind == "user":
                listening = (event.get("metadata") or {}).get(MESSAGE_KEY) == message_id
                if listening:
                    said = []
            elif kind == "bot" and listening and said is not None:
                said.append({**(event.get("data") or {}), "text": event.get("text")})
        return None if said is None else from_rasa(said)

    async def alive(self) -> bool:
        """Whether the server answers at all (its root says hello): worth replaying to."""
        try:
            return (await self._http.get("/")).status_code == 200
        except httpx.HTTPError:
            return False

    async def pause(self, conversation: str) -> None:
        """Idempotent: pausing a paused conversation changes nothing Rasa does."""
        await self._call("POST", f"/conversations/{_quote(conversation)}/tracker/events", [{"event": "pause"}])

    async def resume(self, conversation: str) -> None:
        """Resume, then listen: a paused conversation stopped right after the action that paused it, and Rasa
        reads a user's intent only after an action_listen, so without it the next message would go unheard."""
        await self._call("POST", f"/conversations/{_quote(conversation)}/tracker/events",
                         [{"event": "resume"}, {"event": "action", "name": "action_listen"}])

    async def close(self) -> None:
        await self._http.aclose()

    async def _call(self, method: str, path: str, body: Any) -> Any:
        try:
            response = await self._http.request(method, path, json=body) if body is not None else \
                await self._http.request(method, path)
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError) as error:
            slow = TIMEOUT if isinstance(error, httpx.TimeoutException) else ""  # it may still be on the turn
            raise RasaUnavailable(f"{slow}{method} {path}: {error}") from error


def _quote(conversation: str) -> str:
    """Rasa's router (Sanic 21) does not unquote path parameters: "%3A" would name another conversation.
    Only what a path segment cannot hold is escaped; the doors' keys never contain "/", "?" or "#"."""
    return quote(conversation, safe=":@;=,!$&'()*+~")
