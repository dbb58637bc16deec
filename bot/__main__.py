"""python -m bot: the doors (Slack, Teams, web chat) and the delivery of notifications."""

import logging

import uvicorn

from bot.config import from_env
from bot.directory import Directory
from bot.server import create_app
from servicedesk.clients.registry import open_catalogue


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = from_env()
    with open_catalogue() as (catalogue, registry):
        app = create_app(config, Directory(catalogue, registry))
        # Open web-chat pages keep their event streams open: without a bound, a stop would wait for them forever.
        uvicorn.run(app, host=config.host, port=config.port, log_level="info", timeout_graceful_shutdown=3)


if __name__ == "__main__":
    main()
