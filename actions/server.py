"""The action server: rasa-sdk's own, with the trust boundary in front of every action.

    python -m actions.server [--port 5055]

Two checks, both before any action reads or writes anything:
- the caller must be Rasa: Rasa sends the token of its action endpoint (endpoints.yml, `token:`) as the
  `token` query parameter; any other request to /webhook gets 401 (RELAIS_ACTIONS_TOKEN);
- the message must say who sent it in the doors' signed claims, or come from Rasa's REST door while it is open
  (actions/identity.py). A refused message gets one polite sentence and Rasa goes back to listening; the
  refusal is logged with its reason.
It listens on 127.0.0.1 unless RELAIS_ACTIONS_HOST (or RELAIS_BIND_HOST) opens it, e.g. to 0.0.0.0 for a
container behind a network policy.
"""

import argparse
import hmac
import logging
import os
from functools import partial
from typing import Any

from rasa_sdk import Tracker, utils
from rasa_sdk.endpoint import DEFAULT_KEEP_ALIVE_TIMEOUT, create_app_for_serve
from rasa_sdk.executor import ActionExecutor, ActionExecutorRunResult, CollectingDispatcher
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic.worker.loader import AppLoader

from actions import dependencies, replies
from actions.identity import IdentityRefused
from telemetry.sanic_app import instrument

logger = logging.getLogger("actions.refused")


class GuardedExecutor(ActionExecutor):
    """Runs an action only for a caller actions/identity.py accepts."""

    async def run(self, action_call: dict[str, Any], *args: Any, **kwargs: Any) -> ActionExecutorRunResult | None:
        tracker = Tracker.from_dict(action_call.get("tracker") or {"sender_id": "", "events": [], "slots": {}})
        try:
            dependencies.caller(tracker)
        except IdentityRefused as error:
            logger.warning("refused %s for conversation %r: %s", action_call.get("next_action"), tracker.sender_id,
                           error.reason)
            dispatcher = CollectingDispatcher()
            replies.explain(dispatcher, error)
            return ActionExecutorRunResult(events=[{"event": "followup", "name": "action_listen"}],
                                           responses=dispatcher.messages)
        return await super().run(action_call, *args, **kwargs)


def create_guarded_app(executor: ActionExecutor, token: str, **options: Any) -> Sanic:
    """rasa-sdk's app, behind the action endpoint's token (module level: Sanic's loader pickles it)."""
    app = create_app_for_serve(executor, **options)

    @app.on_request
    async def rasa_only(request: Request) -> HTTPResponse | None:
        if request.path.rstrip("/") != "/webhook":
            return None  # /health, /actions: nothing of anyone's
        given = request.args.get("token") or ""
        if not token or not hmac.compare_digest(given.encode(), token.encode()):
            logger.warning("refused a call to /webhook from %s: %s", request.ip,
                           "no token" if not given else "wrong token")
            return response.json({"error": "unauthorized"}, status=401)
        return None

    instrument(app)  # /metrics, beside /health: what a Prometheus scrape reads
    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m actions.server", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("RELAIS_ACTIONS_PORT", "5055")))
    parser.add_argument("--cors", nargs="*", default=None, help="origins allowed to call it from a browser (none)")
    args = parser.parse_args(argv)
    utils.configure_colored_logging("INFO")
    utils.update_sanic_log_level()
    token = os.environ.get("RELAIS_ACTIONS_TOKEN", "")
    if not token:
        parser.error("RELAIS_ACTIONS_TOKEN is not set: Rasa's action endpoint must send it (make run sets it)")
    executor = GuardedExecutor()
    executor.register_package("actions")
    host = os.environ.get("RELAIS_ACTIONS_HOST") or os.environ.get("RELAIS_BIND_HOST") or "127.0.0.1"
    loader = AppLoader(factory=partial(create_guarded_app, executor, token, cors_origins=args.cors,
                                       keep_alive_timeout=DEFAULT_KEEP_ALIVE_TIMEOUT))
    app = loader.load()
    app.prepare(host=host, port=args.port, workers=utils.number_of_sanic_workers())
    logger.info("action server on http://%s:%s", host, args.port)
    Sanic.serve(primary=app, app_loader=loader)


if __name__ == "__main__":
    main()
