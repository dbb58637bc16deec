"""The web chat's answers to abuse: the limit per address on what browsers reach (the page and its API), and
the HTTP form of the relay's `Limited` replies.

Per address, an ASGI middleware on the doors' app refuses a request over its rate before reading it, so
nothing of it is journalled: HTTP 429 with Retry-After, and a polite body in French and English (HTML for
the page, JSON for the API, shaped like the page's other refusals). Slack and Teams are not counted here:
their requests come from the platforms' addresses, which a desk's whole workspace shares. The address is
the peer's; X-Forwarded-For is believed only for the trusted proxies the configuration counts, each of
which appended the address it saw, so the client is that many entries from the right (a value the user
put in the header themselves is further left and never read).

A message the relay kept but did not pass on comes back with its polite answer in the usual JSON: HTTP 429
(and Retry-After) for a flood, 413 for a message too long, so the page shows the answer and keeps the
message as sent.
"""

import asyncio
import logging

from starlette.datastructures import Headers
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.limits import RateLimits, wait
from bot.messages import Limited
from bot.texts import LANGUAGES, say
from bot.webchat import refusal_page
from bot.webchat.outlet import as_json

logger = logging.getLogger(__name__)

PAGES = frozenset({"/", "/chat", "/webchat/login", "/webchat/callback"})  # sign-ins are a browser's too
API = "/webchat/api/"
UPLOADS = "/upload/"  # the upload page (bot/uploads/): a browser's, and a guessed token costs a request


class AddressThrottle:
    """`app.add_middleware(AddressThrottle, limits=..., trusted_proxy_hops=...)` on the doors' app."""

    def __init__(self, app: ASGIApp, *, limits: RateLimits, trusted_proxy_hops: int = 0) -> None:
        self.app = app
        self.limits = limits
        self.trusted_proxy_hops = trusted_proxy_hops

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not (path in PAGES or path.startswith((API, UPLOADS))):
            await self.app(scope, receive, send)
            return
        address = client_address(scope, self.trusted_proxy_hops)
        verdict = await asyncio.to_thread(self.limits.address, address)
        if verdict.allowed:
            await self.app(scope, receive, send)
            return
        logger.warning("web chat request from %s refused: over its rate", address)
        await too_many_requests(path, verdict.retry_after)(scope, receive, send)


def client_address(scope: Scope, trusted_proxy_hops: int) -> str:
    """The address a request comes from: the peer's, or behind N trusted proxies the Nth forwarded from the
    right (the leftmost when fewer were forwarded)."""
    peer = (scope.get("client") or ("unknown", 0))[0]
    if trusted_proxy_hops <= 0:
        return str(peer)
    forwarded = [part.strip() for value in Headers(scope=scope).getlist("x-forwarded-for")
                 for part in value.split(",") if part.strip()]
    if not forwarded:
        return str(peer)
    return forwarded[-min(trusted_proxy_hops, len(forwarded))]


def too_many_requests(path: str, retry_after: int) -> Response:
    """The refusal of an address over its rate, in both languages: the page's reader's is not known yet."""
    said = {language: say("too_many_requests", language, wait=wait(retry_after, language)) for language in LANGUAGES}
    headers = {"Retry-After": str(retry_after), "Cache-Control": "no-store"}
    if path.startswith(API):
        return JSONResponse({"detail": {"code": "too_many_requests", **said}}, 429, headers=headers)
    return HTMLResponse(refusal_page.render(said), 429, headers=headers)


def limited_answer(replies: Limited) -> JSONResponse:
    """The relay's polite answer to a message it kept but did not pass on, as the page reads any answer."""
    body = {"messages": [as_json(reply) for reply in replies], "limited": replies.reason}
    if replies.reason == "limited":
        return JSONResponse(body, 429, headers={"Retry-After": str(replies.retry_after)})
    return JSONResponse(body, 413)
