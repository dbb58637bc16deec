"""Test doubles for the doors: a Rasa server answering from a script, and outlets that record."""

import json
from collections.abc import Callable, Sequence
from typing import Any

import httpx

from bot.errors import ChannelUnavailable
from bot.messages import BotMessage
from bot.outlets import Place
from bot.rasa_client import RasaClient

Reply = Callable[[dict[str, Any]], list[dict[str, Any]]]


class FakeRasa:
    """Records what the doors send to Rasa; answers each message with `reply(body)`."""

    def __init__(self, reply: Reply | None = None) -> None:
        self.messages: list[dict[str, Any]] = []
        self.events: list[tuple[str, list[dict[str, Any]]]] = []
        self.trackers: dict[str, list[dict[str, Any]]] = {}  # per conversation: its user and bot events, as Rasa's
        self.reply: Reply = reply or (lambda body: [{"recipient_id": body["sender"], "text": "ok"}])
        self.down = False
        self.silent = False  # answers nothing, as Rasa does when the action server dies mid-turn
        self.client = RasaClient("http://rasa.test", transport=httpx.MockTransport(self._handle))

    def _handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            return httpx.Response(503, text="down")
        if request.method == "GET" and request.url.path.endswith("/tracker"):
            return httpx.Response(200, json={"events": self.trackers.get(request.url.path.split("/")[2], [])})
        if request.method == "GET" and request.url.path == "/":
            return httpx.Response(200, text="Hello from the stand-in")
        body = json.loads(request.content or b"null")
        if request.url.path == "/webhooks/rest/webhook":
            self.messages.append(body)
            replies = [] if self.silent else self.reply(body)
            tracker = self.trackers.setdefault(body["sender"], [])
            tracker.append({"event": "user", "text": body["message"], "metadata": body.get("metadata") or {}})
            tracker.extend({"event": "bot", "text": reply.get("text"), "data": {"buttons": reply.get("buttons")}}
                           for reply in replies)
            return httpx.Response(200, json=replies)
        if request.url.path.endswith("/tracker/events"):
            self.events.append((request.url.path.split("/")[2], body))
            return httpx.Response(200, json={})
        return httpx.Response(404, json={})

    def texts(self) -> list[str]:
        return [m["message"] for m in self.messages]


class RecordingOutlet:
    """An Outlet that keeps what it was asked to send; `failing` makes it refuse like a channel that is down."""

    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.sent: list[tuple[Place, list[BotMessage]]] = []
        self.notified: list[tuple[Place, list[BotMessage], dict[str, Any] | None]] = []
        self.failing: ChannelUnavailable | None = None

    async def send(self, place: Place, messages: Sequence[BotMessage]) -> None:
        if self.failing:
            raise self.failing
        self.sent.append((place, list(messages)))

    async def notify(self, place: Place, messages: Sequence[BotMessage],
                     thread: dict[str, Any] | None = None) -> dict[str, Any]:
        if self.failing:
            raise self.failing
        self.notified.append((place, list(messages), thread))
        return {"ref": len(self.notified)}


class RecordingAgentDesk:
    """An AgentDesk (bot.outlets) that keeps what it was asked: the cards posted and redrawn, the notices and
    the user's messages relayed to the agents."""

    def __init__(self) -> None:
        self.cards: list[tuple[str, int]] = []
        self.redrawn: list[tuple[str, int]] = []
        self.notices: list[tuple[str, str]] = []
        self.relayed: list[tuple[str, int, str, str]] = []

    async def post_card(self, client: str, takeover_id: int) -> None:
        self.cards.append((client, takeover_id))

    async def update_card(self, client: str, takeover_id: int) -> None:
        self.redrawn.append((client, takeover_id))

    async def relay_to_agent(self, client: str, takeover_id: int, text: str, author: str) -> None:
        self.relayed.append((client, takeover_id, text, author))

    async def post_notice(self, client: str, text: str) -> None:
        self.notices.append((client, text))
