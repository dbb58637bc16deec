"""The action server's metrics (rasa-sdk's Sanic app): each action's latency, the actions that failed, /metrics.

    instrument(app)     # in actions/server.py, on the app rasa-sdk builds

A call is Rasa's POST /webhook naming `next_action`; it failed when rasa-sdk answered with an error (the action
rejected its input, is unknown, or raised: 400, 404, 500). A refused caller (401) is no action's error.
"""

import json
import time
import zlib
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from telemetry.metrics import ACTION_ERRORS, ACTION_SECONDS


def action_of(request: Request) -> str:
    """The action Rasa asks for; "unknown" when the body does not say (the label stays bounded)."""
    try:
        body = request.body
        call: Any = json.loads(zlib.decompress(body)) if request.headers.get("Content-Encoding") == "deflate" \
            else json.loads(body or b"null")
        name = call.get("next_action") if isinstance(call, dict) else None
    except (ValueError, zlib.error):
        name = None
    return name if isinstance(name, str) and name.startswith(("action_", "validate_", "utter_")) else "unknown"


def instrument(app: Sanic) -> None:
    @app.on_request
    async def started(request: Request) -> None:
        request.ctx.relais_started = time.perf_counter()

    @app.on_response
    async def measured(request: Request, answer: HTTPResponse) -> None:
        if request.path.rstrip("/") != "/webhook" or answer.status == 401:
            return
        action = action_of(request)
        ACTION_SECONDS.labels(action).observe(time.perf_counter() - getattr(request.ctx, "relais_started", 0.0))
        if answer.status >= 400:
            ACTION_ERRORS.labels(action).inc()

    async def metrics(_: Request) -> HTTPResponse:
        return response.raw(generate_latest(), content_type=CONTENT_TYPE_LATEST)

    app.add_route(metrics, "/metrics", methods=["GET"], name="relais_metrics")
