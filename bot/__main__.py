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
        uvicorn.run(app, host=config.host, port=config.port, log_level="info")


if __name__ == "__main__":
    main()
