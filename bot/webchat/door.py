"""The web chat door: the page (GET / and /chat?key=...), where it gets its token, the message endpoint it
posts to, and the event stream it follows for what arrives later (agents' replies, notices, notifications).

The key in the page's URL names the client (a `webchat_key` door bound at bootstrap). Before it can say
anything the page asks for a page token (POST /webchat/api/sessions): for the user the client's site vouches
for, for the person of its previous token, or for a fresh anonymous session, as the client's settings allow
(bot/webchat/identity.py); or the user signs in with the client's identity provider (/webchat/login,
bot/webchat/oidc.py). Every message carries that token (Authorization: Bearer), the stream a short-lived ticket
got with it (bot/webchat/tokens.py): who is typing is what the door checked when it issued the token, never
what a request says, and a bare session id opens nothing.

    POST /webchat/api/sessions        {key, user?: {id, email, name, hash}, fresh?}  -> {token, session, ...}
    POST /webchat/api/messages        Bearer; {key, session, client_message_id, text | payload+title}
    POST /webchat/api/stream-tickets  Bearer; {key, session}                         -> {ticket, expires_in}
    GET  /webchat/api/stream          ?key&session&ticket[&after]                    -> server-sent events
    GET  /webchat/login?key=          -> the identity provider; GET /webchat/callback -> /chat?key=#token=...

The page gives each message an id of its own: a message re-sent after a lost answer is journalled once and
answered once. A refusal is a JSON {"detail": {"code", "fr", "en"}} (an HTML page for the sign-in's), and
nothing is journalled or followed.
"""

import asyncio
import contextlib
import html
import json
import logging
import re
from collections.abc import AsyncIterator
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode
from uuid import UUID

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.sse import EventSourceResponse, ServerSentEvent
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.config import WebchatConfig
from bot.directory import Directory, client_language
from bot.errors import Refused, SignInFailed, TokenRefused
from bot.limits import MAX_MESSAGE_CHARS
from bot.messages import Limited
from bot.outlets import Place
from bot.relay import Inbound, Relay
from bot.texts import say, say_each, sentences
from bot.webchat import refusal_page, secret_store, tokens
from bot.webchat.identity import Gate, SiteUser, conversation_of
from bot.webchat.oidc import Provider, SignIn
from bot.webchat.outlet import CHANNEL, WebchatOutlet, as_json
from bot.webchat.shared_outlet import SharedWebchatOutlet
from bot.webchat.throttle import limited_answer
from bot.webchat.tokens import PageToken
from servicedesk.language import Language

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
# Characters of one message the API reads at all: far above MAX_MESSAGE_CHARS, which the page's text box
# and the relay hold, so that a longer message is kept and answered politely rather than refused as bad.
TEXT_CEILING = 20_000
MAX_KEY = 100  # "webchat:<key>:<uuid>" must fit the 200 characters of a conversation key
RECONNECT_MS = 3000  # how soon a browser reconnects a broken stream
TOKEN_FILE = "webchat-token-secret"  # under var/secrets/ when RELAIS_WEBCHAT_TOKEN_SECRET is not set
SIGN_IN_COOKIE = "relais_oidc"
CALLBACK = "/webchat/callback"

Key = Annotated[str, Field(min_length=1, max_length=MAX_KEY)]
STATUS: dict[str, int] = {  # the HTTP status of each refusal; its sentences are webchat.<code> in bot/texts
    "unknown_key": 404,
    "session_invalid": 401,
    "identity_refused": 401,
    "sign_in_required": 401,
    "open_from_site": 401,
    "sign_in_unavailable": 404,
    "sign_in_failed": 401,
    "not_configured": 503,
}


class Said(BaseModel):
    """A message from the page: typed text, or the payload of a clicked button with its title."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    key: Key
    session: UUID
    client_message_id: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.:-]+$")
    text: str | None = Field(default=None, max_length=TEXT_CEILING)
    payload: str | None = Field(default=None, max_length=1000)
    title: str | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _text_or_payload(self) -> "Said":
        if bool(self.text) == bool(self.payload):
            raise ValueError("send either a non-empty text or a button's payload")
        return self


class Start(BaseModel):
    """A page asking for its token; `user` when the client's site vouches for its user (the embed snippet)."""

    model_config = ConfigDict(extra="forbid")

    key: Key
    user: SiteUser | None = None
    fresh: bool = False  # "New conversation": the same person, a new conversation


class Following(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: Key
    session: UUID


def refusal(code: str) -> HTTPException:
    """The one place a web-chat refusal becomes an HTTP answer (both languages; Bearer challenge on a 401)."""
    status = STATUS[code]
    headers = {"WWW-Authenticate": 'Bearer realm="relais-webchat"'} if status == 401 else None
    # {"code", "fr", "en"}: the page shows the sentence in its reader's language.
    return HTTPException(status, detail={"code": code, **say_each(f"webchat.{code}")}, headers=headers)


def bearer(authorization: str | None) -> str | None:
    scheme, _, value = (authorization or "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def token_secret(config: WebchatConfig) -> str:
    """The doors' web-chat signing secret: the environment's, else var/secrets/webchat-token-secret, created
    on first use (several replicas must share one: set RELAIS_WEBCHAT_TOKEN_SECRET)."""
    return config.token_secret or secret_store.file_secret(config.secrets_dir / TOKEN_FILE, create=True)


class WebchatDoor:
    """`router` to include in the doors' app; `outlet` to write into web-chat conversations."""

    def __init__(self, relay: Relay, directory: Directory, default_key: str,
                 outlet: WebchatOutlet | SharedWebchatOutlet | None = None,
                 config: WebchatConfig | None = None) -> None:
        self.relay = relay
        self.directory = directory
        self.default_key = default_key
        self.outlet = outlet or WebchatOutlet()  # SharedWebchatOutlet: several replicas, one backlog
        self.config = config or WebchatConfig()
        secret = token_secret(self.config)
        self.gate = Gate(directory, token_secret=secret, secrets_dir=self.config.secrets_dir)
        self.sign_in = SignIn(secret)
        self.router = self._routes()

    async def client_of(self, key: str) -> str:
        """The client this key belongs to; a 404 saying so politely, in both languages, for any other key."""
        try:
            return await self.gate.client_of(key)
        except Refused as refused:
            raise refusal(refused.code) from None

    async def start(self, request: Start, authorization: str | None) -> dict[str, Any]:
        try:
            token = await self.gate.start(request.key, user=request.user, previous=bearer(authorization),
                                          fresh=request.fresh)
        except Refused as refused:
            logger.info("web chat %s: no token (%s)", request.key, refused.reason)
            raise refusal(refused.code) from None
        return self._issued(token)

    async def authenticated(self, authorization: str | None, key: str, session: UUID | str) -> PageToken:
        """The page token of this request, for this very conversation, whose key still names its client."""
        try:
            token = self.gate.check(bearer(authorization), key=key, session=session)
            if await self.gate.client_of(key) != token.client:
                raise Refused("session_invalid", "the key now names another client")
        except Refused as refused:
            logger.info("web chat %s/%s refused: %s", key, session, refused.reason)
            raise refusal(refused.code) from None
        return token

    async def said(self, message: Said, authorization: str | None = None) -> dict[str, Any] | JSONResponse:
        """Through the relay like any door's message; the page's own id of the message makes a re-send
        (its answer was lost) a duplicate, scoped to the session so that no other page can shadow it."""
        token = await self.authenticated(authorization, message.key, message.session)
        place = self.place(token.client, message.key, message.session, requester=token.requester)
        inbound = Inbound(client=place.client, channel=CHANNEL, conversation=place.conversation,
                          requester=place.requester, event_key=f"{message.session}:{message.client_message_id}",
                          text=message.payload or message.text or "",
                          shown=message.title if message.payload else None, address=place.address,
                          user_name=token.name, email=token.email, directory_id=token.directory_id)
        replies = await self.relay.handle(inbound)
        if replies is None:
            return {"messages": [], "duplicate": True}
        if isinstance(replies, Limited):  # kept, not read: 429 for a flood, 413 for a message too long
            return limited_answer(replies)
        return {"messages": [as_json(reply) for reply in replies]}

    async def page(self, key: str) -> HTMLResponse:
        """The chat page for this key, telling the page which ways in its client allows; for a key no client
        has, the refusal in both languages (the page does not know its reader's language yet)."""
        with contextlib.suppress(Refused):
            if len(key) <= MAX_KEY:
                client = await self.gate.client_of(key)
                allowed = await self.gate.settings(client)
                language = await asyncio.to_thread(self.language, client)
                page = (_page(language).replace("{{key}}", html.escape(key, quote=True))
                        .replace("{{max_chars}}", str(MAX_MESSAGE_CHARS))
                        .replace("{{modes}}", " ".join(allowed.identity)))
                return HTMLResponse(page, headers={"Referrer-Policy": "no-referrer"})
        return HTMLResponse(_notice_page("unknown_key"), status_code=404)

    def language(self, client: str) -> Language:
        """The client's language: what the page reads in before its script knows its reader's."""
        with self.directory.sessions(client)() as session:
            return client_language(session)

    def place(self, client: str, key: str, session: UUID | str, requester: str | None = None) -> Place:
        """Where a web-chat user is: the conversation, its requester (the conversation itself for an anonymous
        user) and the address its stream follows."""
        conversation = conversation_of(key, session)
        return Place(client=client, channel=CHANNEL, conversation=conversation, requester=requester or conversation,
                     address={"key": key, "session": str(session)})

    # --- signing in with the client's identity provider -----------------------------------------------------

    async def provider(self, key: str) -> tuple[str, Provider]:
        """(client, its identity provider) when the client's settings offer the sign-in; Refused otherwise."""
        client = await self.gate.client_of(key)
        allowed = await self.gate.settings(client)
        if "oidc" not in allowed.identity or allowed.oidc is None:
            raise Refused("sign_in_unavailable", f"{client} has no OIDC sign-in")
        oidc = allowed.oidc
        secret = self.gate.secret(oidc.client_secret, "chat.webchat.oidc.client_secret")
        return client, Provider(issuer=oidc.issuer, client_id=oidc.client_id, client_secret=secret,
                                scopes=tuple(oidc.scopes))

    def redirect_uri(self, request: Request) -> str:
        base = self.config.public_url or str(request.base_url)
        return base.rstrip("/") + CALLBACK

    async def login(self, request: Request, key: str) -> Response:
        try:
            _, provider = await self.provider(key)
            url, cookie = await self.sign_in.begin(provider, key, self.redirect_uri(request))
        except Refused as refused:
            logger.info("web chat %s: no sign-in (%s)", key, refused.reason)
            return HTMLResponse(_notice_page(refused.code, key), status_code=STATUS[refused.code])
        except SignInFailed as failed:
            logger.warning("web chat %s: the identity provider can't be used: %s", key, failed.reason)
            return HTMLResponse(_notice_page("sign_in_failed", key), status_code=502)
        answer = RedirectResponse(url, status_code=303)
        answer.set_cookie(SIGN_IN_COOKIE, cookie, max_age=600, path=CALLBACK, httponly=True, samesite="lax",
                          secure=request.url.scheme == "https")
        return answer

    async def callback(self, request: Request) -> Response:
        key: str | None = None
        try:
            pending = self.sign_in.pending(request.cookies.get(SIGN_IN_COOKIE))
            key = pending.key
            client, provider = await self.provider(key)
            person = await self.sign_in.finish(provider, pending, self.redirect_uri(request),
                                               params=dict(request.query_params))
        except (Refused, SignInFailed) as failed:
            logger.warning("web chat %s: sign-in refused: %s", key, failed.reason)
            code = failed.code if isinstance(failed, Refused) else "sign_in_failed"
            answer: Response = HTMLResponse(_notice_page(code, key), status_code=STATUS[code])
        else:
            token = self.gate.signed_in(key, client, sub=person.sub, email=person.email, name=person.name)
            logger.info("web chat %s: %s signed in", key, token.requester)
            fragment = urlencode({k: v for k, v in self._issued(token).items() if v is not None and k != "key"})
            answer = RedirectResponse(f"/chat?key={quote(key, safe='')}#{fragment}", status_code=303)
            # Spent. A failed callback leaves it: a forged one (login CSRF) must not end the user's real sign-in.
            answer.delete_cookie(SIGN_IN_COOKIE, path=CALLBACK)
        answer.headers["Cache-Control"] = "no-store"
        return answer

    def _issued(self, token: PageToken) -> dict[str, Any]:
        return {"token": self.gate.issue(token), "key": token.key, "session": token.session, "mode": token.mode,
                "name": token.name, "email": token.email, "expires": token.expires}

    def _routes(self) -> APIRouter:
        router = APIRouter(tags=["web chat"])
        door = self
        Authorization = Annotated[str | None, Header()]

        @router.get("/", response_class=HTMLResponse, include_in_schema=False)
        async def home() -> HTMLResponse:
            return await door.page(door.default_key)

        @router.get("/chat", response_class=HTMLResponse, include_in_schema=False)
        async def chat(key: str | None = None) -> HTMLResponse:
            """Any key but a bound one, however odd, gets the polite page: people type these URLs by hand."""
            return await door.page(key or door.default_key)

        @router.post("/webchat/api/sessions")
        async def sessions(request: Start, authorization: Authorization = None) -> dict[str, Any]:
            """A page token for this page (with its previous one, if any, as Bearer: a reload carries on)."""
            return await door.start(request, authorization)

        @router.post("/webchat/api/messages", response_model=None)
        async def messages(message: Said, authorization: Authorization = None) -> dict[str, Any] | JSONResponse:
            """Journal the user's message and answer it; {"messages": [], "duplicate": true} for a re-sent one."""
            return await door.said(message, authorization)

        @router.post("/webchat/api/stream-tickets")
        async def stream_tickets(following: Following, authorization: Authorization = None) -> dict[str, Any]:
            """A ticket to open the stream with, for a minute (EventSource can't send the page token)."""
            token = await door.authenticated(authorization, following.key, following.session)
            return {"ticket": tokens.ticket(token, door.gate.token_secret), "expires_in": tokens.TICKET_LIFETIME}

        async def followed(key: Annotated[str, Query(min_length=1, max_length=MAX_KEY)], session: UUID,
                           ticket: str | None = None) -> str:
            """Checked before the stream starts, so that a refusal is a plain 401, not a broken stream."""
            return await door.followed(key, session, ticket)

        @router.get("/webchat/api/stream", response_class=EventSourceResponse)
        async def stream(conversation: Annotated[str, Depends(followed)], after: str | None = None,
                         last_event_id: Annotated[str | None, Header()] = None) -> AsyncIterator[ServerSentEvent]:
            """Server-sent events: what the page missed since Last-Event-ID (or ?after=), then what comes."""
            yield ServerSentEvent(comment="relais", retry=RECONNECT_MS)
            async for entry in door.outlet.follow(conversation, last_event_id or after):
                yield ServerSentEvent(data=entry.message, id=entry.id, event="message")

        @router.get("/webchat/login", include_in_schema=False)
        async def login(request: Request, key: str) -> Response:
            return await door.login(request, key)

        @router.get(CALLBACK, include_in_schema=False, name="webchat_callback")
        async def callback(request: Request) -> Response:
            return await door.callback(request)

        @router.get("/webchat/static/chat.js", include_in_schema=False)
        async def script() -> Response:
            """The page's script, with its words (before the static files, which would serve it without)."""
            return Response(_script(), media_type="text/javascript; charset=utf-8")

        router.mount("/webchat/static", StaticFiles(directory=STATIC), name="webchat-static")
        return router

    async def followed(self, key: str, session: UUID, ticket: str | None) -> str:
        """The conversation a stream ticket opens, if it is for exactly this key and session."""
        try:
            ticket_key, conversation = tokens.verify_ticket(ticket, self.gate.token_secret)
            if ticket_key != key or conversation != conversation_of(key, session):
                raise TokenRefused("a ticket of another conversation")
            await self.gate.client_of(key)
        except TokenRefused as refused:
            logger.info("web chat stream %s/%s refused: %s", key, session, refused.reason)
            raise refusal("session_invalid") from None
        except Refused as refused:
            raise refusal(refused.code) from None
        return conversation


@cache
def _page(language: Language) -> str:
    """index.html in the client's language: the page's words ({{text:…}}, {{both:…}}) from the bot's catalogue."""
    def words(match: re.Match[str]) -> str:
        kind, key = match.groups()
        said = say(f"page.{key}", language) if kind == "text" else " / ".join(say_each(f"page.{key}").values())
        return html.escape(said, quote=False)

    template = (STATIC / "index.html").read_text(encoding="utf-8").replace("{{language}}", language)
    return re.sub(r"\{\{(text|both):(\w+)\}\}", words, template)


@cache
def _script() -> str:
    """chat.js with the page's words written in, every language of them: the page picks its reader's."""
    script = (STATIC / "chat.js").read_text(encoding="utf-8")
    return script.replace("/*{{texts}}*/ {}", json.dumps(sentences("page"), ensure_ascii=False))


def _notice_page(code: str, key: str | None = None) -> str:
    """A refusal as a page of its own, in both languages, with the way back to the chat when there is one."""
    back = ""
    if key is not None and code != "unknown_key":
        href = html.escape(f"/chat?key={quote(key, safe='')}", quote=True)
        words = " / ".join(f'<span lang="{language}">{html.escape(text, quote=False)}</span>'
                           for language, text in say_each("webchat.back_to_chat").items())
        back = f'<p><a href="{href}">{words}</a></p>'
    return refusal_page.render(say_each(f"webchat.{code}"), back)
