"""The web chat door: the page (GET / and /chat?key=...), the message endpoint it posts to, and the event
stream it follows for what arrives later (agents' replies, notices, notifications).

The key in the page's URL names the client (a `webchat_key` door bound at bootstrap); the page makes up a
session id (a UUID kept in the browser's localStorage), and the conversation, which is also the requester,
is "webchat:<key>:<session>". The page gives each message an id of its own: a message re-sent after a lost
answer is journalled once and answered once.
"""

import asyncio
import contextlib
import html
import logging
from collections.abc import AsyncIterator
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Header, HTTPException, Query
from fastapi.responses import HTMLResponse
from fastapi.sse import EventSourceResponse, ServerSentEvent
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.directory import Directory
from bot.outlets import Place
from bot.relay import Inbound, Relay
from bot.webchat.outlet import CHANNEL, WebchatOutlet, as_json
from servicedesk.errors import ClientUnknown

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
MAX_TEXT = 4000  # characters of one message; the page's text box says so too
MAX_KEY = 100  # "webchat:<key>:<uuid>" must fit the 200 characters of a conversation key
RECONNECT_MS = 3000  # how soon a browser reconnects a broken stream
UNKNOWN_KEY = {
    "fr": "Ce lien de discussion n'est rattaché à aucun client du centre de services : vérifiez l'adresse ou "
          "contactez votre support informatique.",
    "en": "This chat link isn't linked to any client of the service desk: check the address or contact your "
          "IT support.",
}

Key = Annotated[str, Field(min_length=1, max_length=MAX_KEY)]


class Said(BaseModel):
    """A message from the page: typed text, or the payload of a clicked button with its title."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    key: Key
    session: UUID
    client_message_id: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.:-]+$")
    text: str | None = Field(default=None, max_length=MAX_TEXT)
    payload: str | None = Field(default=None, max_length=1000)
    title: str | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _text_or_payload(self) -> "Said":
        if bool(self.text) == bool(self.payload):
            raise ValueError("send either a non-empty text or a button's payload")
        return self


class WebchatDoor:
    """`router` to include in the doors' app; `outlet` to write into web-chat conversations."""

    def __init__(self, relay: Relay, directory: Directory, default_key: str,
                 outlet: WebchatOutlet | None = None) -> None:
        self.relay = relay
        self.directory = directory
        self.default_key = default_key
        self.outlet = outlet or WebchatOutlet()
        self.router = self._routes()

    async def client_of(self, key: str) -> str:
        """The client this key belongs to; a 404 saying so politely, in both languages, for any other key."""
        try:
            return await asyncio.to_thread(self.directory.client_of, "webchat_key", key)
        except ClientUnknown:
            raise HTTPException(404, detail={"code": "unknown_key", **UNKNOWN_KEY}) from None

    async def said(self, message: Said) -> dict[str, Any]:
        """Through the relay like any door's message; the page's own id of the message makes a re-send
        (its answer was lost) a duplicate, scoped to the session so that no other page can shadow it."""
        place = self.place(await self.client_of(message.key), message.key, message.session)
        inbound = Inbound(client=place.client, channel=CHANNEL, conversation=place.conversation,
                          requester=place.requester, event_key=f"{message.session}:{message.client_message_id}",
                          text=message.payload or message.text or "",
                          shown=message.title if message.payload else None, address=place.address)
        replies = await self.relay.handle(inbound)
        if replies is None:
            return {"messages": [], "duplicate": True}
        return {"messages": [as_json(reply) for reply in replies]}

    async def page(self, key: str) -> HTMLResponse:
        """The chat page for this key; for a key no client has, the refusal in both languages (the page
        does not know its reader's language yet)."""
        with contextlib.suppress(HTTPException):
            if len(key) <= MAX_KEY:
                await self.client_of(key)
                return HTMLResponse(_page_template().replace("{{key}}", html.escape(key, quote=True)))
        return HTMLResponse(_unknown_page(), status_code=404)

    def place(self, client: str, key: str, session: UUID | str) -> Place:
        """Where a web-chat user is: the conversation (also its requester) and the address its stream follows."""
        conversation = conversation_of(key, session)
        return Place(client=client, channel=CHANNEL, conversation=conversation, requester=conversation,
                     address={"key": key, "session": str(session)})

    def _routes(self) -> APIRouter:
        router = APIRouter(tags=["web chat"])
        door = self

        @router.get("/", response_class=HTMLResponse, include_in_schema=False)
        async def home() -> HTMLResponse:
            return await door.page(door.default_key)

        @router.get("/chat", response_class=HTMLResponse, include_in_schema=False)
        async def chat(key: str | None = None) -> HTMLResponse:
            """Any key but a bound one, however odd, gets the polite page: people type these URLs by hand."""
            return await door.page(key or door.default_key)

        @router.post("/webchat/api/messages")
        async def messages(message: Said) -> dict[str, Any]:
            """Journal the user's message and answer it; {"messages": [], "duplicate": true} for a re-sent one."""
            return await door.said(message)

        async def followed(key: Annotated[str, Query(min_length=1, max_length=MAX_KEY)],
                           session: UUID) -> str:
            await door.client_of(key)
            return conversation_of(key, session)

        @router.get("/webchat/api/stream", response_class=EventSourceResponse)
        async def stream(conversation: Annotated[str, Depends(followed)], after: str | None = None,
                         last_event_id: Annotated[str | None, Header()] = None) -> AsyncIterator[ServerSentEvent]:
            """Server-sent events: what the page missed since Last-Event-ID (or ?after=), then what comes."""
            yield ServerSentEvent(comment="relais", retry=RECONNECT_MS)
            async for entry in door.outlet.follow(conversation, last_event_id or after):
                yield ServerSentEvent(data=entry.message, id=entry.id, event="message")

        router.mount("/webchat/static", StaticFiles(directory=STATIC), name="webchat-static")
        return router


def conversation_of(key: str, session: UUID | str) -> str:
    return f"{CHANNEL}:{key}:{session}"


@cache
def _page_template() -> str:
    return (STATIC / "index.html").read_text(encoding="utf-8")


@cache
def _unknown_page() -> str:
    return f"""<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Relais</title><link rel="stylesheet" href="/webchat/static/chat.css"></head>
<body><main class="notice" role="alert">
<h1>Relais</h1>
<p lang="fr">{html.escape(UNKNOWN_KEY["fr"], quote=False)}</p>
<p lang="en">{html.escape(UNKNOWN_KEY["en"], quote=False)}</p>
</main></body></html>
"""
