"""The console's FastAPI application, built by create_app() from the stores and settings it is given: nothing is
opened at import time, so tests pass their own catalogue and client databases and `python -m console` the real ones.

Every page but the sign-ins (password, identity provider) and /health needs a signed-in agent (console/session.py);
every form carries the session's CSRF token (console/csrf.py), checked before any route runs.
"""

from collections.abc import Callable
from datetime import datetime

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.sessions import SessionMiddleware

from console import csrf, errors, pages
from console.config import ConsoleConfig
from console.live import Watch
from console.oidc import ProviderSignIn
from console.routes import (
    account,
    accounts,
    announcements,
    articles,
    attachments,
    audit,
    clients,
    conversations,
    gaps,
    health,
    nlu_inbox,
    oidc,
    people,
    queue,
    reports,
    signin,
    studio,
    team,
    ticket,
    training,
    try_chat,
)
from console.state import Console
from console.throttle import FailedSignIns
from servicedesk.clients.registry import ClientDatabases
from servicedesk.models import utcnow
from telemetry.asgi import instrument

COOKIE = "relais_console"


def create_app(catalogue: sessionmaker[Session], registry: ClientDatabases, config: ConsoleConfig,
               clock: Callable[[], datetime] = utcnow) -> FastAPI:
    """The console over this catalogue (accounts, clients) and these client databases; `clock` says what time it
    is for the SLA clocks (tests move it)."""
    app = FastAPI(title="Relais console", docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(csrf.protect)])
    app.state.console = Console(catalogue=catalogue, registry=registry, config=config,
                                throttle=FailedSignIns(config), provider=ProviderSignIn.of(config),
                                watch=Watch(registry, clock, ttl=config.live_poll / 2), clock=clock)
    # Starlette's signed cookie (itsdangerous): HttpOnly always, SameSite=Lax, Secure over https; its Max-Age and
    # its signed timestamp end a session left idle for `session_idle`, since every answer signs it again.
    app.add_middleware(SessionMiddleware, secret_key=config.secret, session_cookie=COOKIE,
                       max_age=config.session_idle, same_site="lax", https_only=config.secure_cookies)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    errors.install(app)
    app.include_router(health.router)
    app.include_router(signin.router)
    app.include_router(oidc.router)
    app.include_router(clients.router)
    app.include_router(queue.router)
    app.include_router(attachments.router)  # a ticket's stored files (issue 17)
    app.include_router(ticket.router)
    app.include_router(conversations.router)
    app.include_router(announcements.router)
    app.include_router(reports.router)
    app.include_router(people.router)  # a client's people directory and its sync (issue 16)
    app.include_router(accounts.router)
    app.include_router(account.router)
    app.include_router(team.router)
    app.include_router(audit.router)
    app.include_router(studio.router)
    app.include_router(articles.router)
    app.include_router(nlu_inbox.router)
    app.include_router(try_chat.router)
    app.include_router(training.router)
    app.include_router(gaps.router)
    instrument(app, "console")  # /metrics, and each request timed (telemetry/)
    return app
