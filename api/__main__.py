"""Serve the REST API with uvicorn, on the catalogue named by RELAIS_CATALOGUE_URL (migrated if needed).

    python -m api          listens on RELAIS_API_HOST:RELAIS_API_PORT (default 127.0.0.1:8088)

Localhost by default: exposing the API is a deployment decision (RELAIS_API_HOST=0.0.0.0 behind TLS).
"""

import os

import uvicorn

from api.app import create_app
from servicedesk.clients.registry import open_catalogue
from servicedesk.privacy import tracker
from telemetry import logs

DEFAULT_PORT = 8088


def main() -> None:
    host = os.environ.get("RELAIS_API_HOST", "127.0.0.1")
    port = int(os.environ.get("RELAIS_API_PORT", DEFAULT_PORT))
    logs.configure("api")  # JSON lines with RELAIS_LOG_FORMAT=json
    with open_catalogue() as (catalogue, registry):
        uvicorn.run(create_app(catalogue, registry, tracker=tracker.from_environment()), host=host, port=port,
                    log_config=logs.uvicorn_config())


if __name__ == "__main__":
    main()
