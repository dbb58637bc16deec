"""The console's FastAPI application, built by create_app() from the stores and settings it is given: nothing is
opened at import time, so tests pass their own catalogue and client databases and `python -m console` the real ones.
"""

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker

from console import pages
from console.config import ConsoleConfig
from console.routes import health
from console.state import Console
from servicedesk.clients.registry import ClientDatabases


def create_app(catalogue: sessionmaker[Session], registry: ClientDatabases, config: ConsoleConfig) -> FastAPI:
    """The console over this catalogue (accounts, clients) and these client databases."""
    app = FastAPI(title="Relais console", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.console = Console(catalogue=catalogue, registry=registry, config=config)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    app.include_router(health.router)
    return app
