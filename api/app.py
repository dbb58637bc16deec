"""The FastAPI application, built by create_app() from the stores it is given: nothing is opened at import
time, so tests pass their own catalogue and client databases and `python -m api` passes the real ones."""

from pathlib import Path

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from api import errors
from api.routes import health, privacy, remote, settings, tickets, uploads
from api.stores import Stores
from servicedesk.clients.registry import ClientDatabases
from servicedesk.privacy.tracker import TrackerStore
from servicedesk.settings.loader import CLIENTS_ROOT
from telemetry.asgi import instrument

DESCRIPTION = """\
Read and work a client's tickets from agents' tools and integrations.

Every request but `/health` carries an API key, `Authorization: Bearer rk_…`. The key belongs to one client
and decides which client's tickets the request reaches; no URL names a client. Its role decides what it may do:
**agent** reads and works tickets, **integration** reads and comments, **admin** does both, reloads the
client's settings and answers a person's requests for their data (export, erasure). Errors are `{"detail": …}`.
"""


def create_app(catalogue_sessionmaker: sessionmaker[Session], registry: ClientDatabases, *,
               settings_root: Path = CLIENTS_ROOT, tracker: TrackerStore | None = None) -> FastAPI:
    """The API over this catalogue (API keys, clients) and these client databases; `settings_root` holds each
    client's SLUG/settings.yml for the settings reload; `tracker`, Rasa's tracker store, loses an erased
    person's conversations too."""
    app = FastAPI(title="Relais API", version="0.1.0", description=DESCRIPTION)
    app.state.stores = Stores(catalogue=catalogue_sessionmaker, registry=registry, settings_root=settings_root,
                              tracker=tracker)
    errors.install(app)
    app.include_router(health.router)
    app.include_router(tickets.router)
    app.include_router(remote.router)
    app.include_router(uploads.router)
    app.include_router(settings.router)
    app.include_router(privacy.router)
    instrument(app, "api")  # /metrics, and each request timed (telemetry/)
    return app
