"""HTTP latencies and /metrics for the FastAPI apps (the doors, the API, the console).

A plain ASGI middleware (no request body read, server-sent event streams untouched): it times each request and
labels it with the route's template (`/tickets/{number}`), never the raw path, so that the series stay bounded;
the log lines of a request about a ticket name it (telemetry/logs.py).
"""

import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from telemetry import logs
from telemetry.metrics import HTTP_SECONDS

TICKET_IN_PATH = re.compile(r"/tickets/([A-Za-z]+-\d+)")  # the API's and the console's ticket routes
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class RequestTimer:
    """Times every HTTP request of the app it wraps (FastAPI's add_middleware builds it)."""

    def __init__(self, app: ASGIApp, *, name: str) -> None:
        self.app = app
        self.name = name

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # an exception before the response started is what the server answers

        async def sent(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        started = time.perf_counter()
        ticket = TICKET_IN_PATH.search(scope.get("path", ""))
        try:
            with logs.about(ticket=ticket.group(1) if ticket else None):  # every line of the request names it
                await self.app(scope, receive, sent)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"  # the router sets it when one matched
            HTTP_SECONDS.labels(self.name, scope["method"], route, str(status)).observe(time.perf_counter() - started)


def instrument(app: FastAPI, name: str) -> None:
    """Time `app`'s requests and serve the process's metrics at /metrics (no key, no sign-in: the network policy
    and the platform's scraper decide who reads it; it holds no conversation, ticket or person)."""
    app.add_middleware(RequestTimer, name=name)

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
