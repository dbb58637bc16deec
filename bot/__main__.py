"""python -m bot: the doors (Slack, Teams, web chat) and the delivery of notifications."""

import sys

import uvicorn
from fastapi import FastAPI

from bot.config import BotConfig, from_env
from bot.directory import Directory
from bot.server import create_app
from servicedesk.clients.registry import open_catalogue
from telemetry import logs
from telemetry.asgi import instrument


def served_app(config: BotConfig, directory: Directory) -> FastAPI:
    """The doors' app as this process serves it: with /metrics (the relay's counts) and each request timed."""
    app = create_app(config, directory)
    instrument(app, "doors")
    return app


def main() -> None:
    logs.configure("doors")  # the project's text lines, or JSON with RELAIS_LOG_FORMAT=json
    config = from_env()
    if not config.door_secret:
        sys.exit("RELAIS_DOOR_SECRET is not set: the doors must sign what they assert about each message, with "
                 "the secret the action server checks (make run sets it; see README, Security).")
    with open_catalogue() as (catalogue, registry):
        app = served_app(config, Directory(catalogue, registry))
        # Open web-chat pages keep their event streams open: without a bound, a stop would wait for them forever.
        # X-Forwarded-For is read by the web chat's limit, only behind the proxies RELAIS_TRUSTED_PROXY_HOPS
        # counts; uvicorn's own reading (which trusts 127.0.0.1 by default) would believe it without being told.
        uvicorn.run(app, host=config.host, port=config.port, log_level="info", timeout_graceful_shutdown=3,
                    proxy_headers=False, log_config=logs.uvicorn_config())


if __name__ == "__main__":
    main()
