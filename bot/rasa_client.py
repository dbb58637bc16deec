"""Talking to the Rasa server: each user message through its REST webhook (with the channel and the
client named, see actions/channel_context.py), and the pause/resume of a conversation through its HTTP
API when an agent takes it or gives it back."""

from typing import Any
from urllib.parse import quote

import httpx

from bot.errors import RasaUnavailable
from bot.messages import BotMessage, from_rasa


class RasaClient:
    def __init__(self, url: str, *, token: str | None = None, timeout: float = 30.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        params = {"token": token} if token else None
        self._http = httpx.AsyncClient(base_url=url.rstrip("/"), timeout=timeout, params=params,
                                       transport=transport)

    async def send(self, *, conversation: str, text: str, channel: str, metadata: dict[str, Any]) -> list[BotMessage]:
        body = {"sender": conversation, "message": text, "input_channel": channel, "metadata": metadata}
        replies = await self._call("POST", "/webhooks/rest/webhook", body)
        return from_rasa(replies if isinstance(replies, list) else [])

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
            response = await self._http.request(method, path, json=body)
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(f"{method} {path}: {error}") from error


def _quote(conversation: str) -> str:
    """Rasa's router (Sanic 21) does not unquote path parameters: "%3A" would name another conversation.
    Only what a path segment cannot hold is escaped; the doors' keys never contain "/", "?" or "#"."""
    return quote(conversation, safe=":@;=,!$&'()*+~")
