"""Serve the web console with uvicorn, on the catalogue named by RELAIS_CATALOGUE_URL (migrated if needed).

    python -m console      listens on RELAIS_CONSOLE_HOST:RELAIS_CONSOLE_PORT (default 127.0.0.1:8090)

Localhost by default: exposing the console is a deployment decision (RELAIS_CONSOLE_HOST=0.0.0.0 behind TLS, with
RELAIS_CONSOLE_PUBLIC_URL=https://… so that its cookies are Secure). Its settings: console/config.py.
"""

import os

import uvicorn

from console.app import create_app
from console.config import ConsoleConfig
from servicedesk.clients.registry import open_catalogue
from telemetry import logs

DEFAULT_PORT = 8090


def main() -> None:
    host = os.environ.get("RELAIS_CONSOLE_HOST", "127.0.0.1")
    port = int(os.environ.get("RELAIS_CONSOLE_PORT", DEFAULT_PORT))
    logs.configure("console")  # JSON lines with RELAIS_LOG_FORMAT=json
    with open_catalogue() as (catalogue, registry):
        # Behind a reverse proxy, RELAIS_CONSOLE_FORWARDED_ALLOW_IPS names it: only then is its X-Forwarded-For
        # believed, and the sign-in limits count the browser's address rather than the proxy's.
        forwarded = os.environ.get("RELAIS_CONSOLE_FORWARDED_ALLOW_IPS")
        uvicorn.run(create_app(catalogue, registry, ConsoleConfig.from_environment()), host=host, port=port,
                    proxy_headers=bool(forwarded), forwarded_allow_ips=forwarded or None,
                    log_config=logs.uvicorn_config())


if __name__ == "__main__":
    main()
