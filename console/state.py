"""What the console's routes share, handed to create_app() and kept on the application: the stores it reads, its
settings, the sign-in machinery and the live pages' watch built once, and the clock that says "now"."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from console.config import ConsoleConfig
from console.live import Watch
from console.oidc import ProviderSignIn
from console.throttle import FailedSignIns
from servicedesk.clients.registry import ClientDatabases
from servicedesk.models import utcnow


@dataclass(frozen=True)
class Console:
    catalogue: sessionmaker[Session]  # clients and the desk's agent accounts
    registry: ClientDatabases  # one database per client
    config: ConsoleConfig
    throttle: FailedSignIns
    provider: ProviderSignIn | None  # the desk's OpenID Connect provider, when one is configured
    watch: Watch  # what the live pages poll, read once for all of them
    clock: Callable[[], datetime] = field(default=utcnow)  # "now" for the clocks; the browser tests move it


def console(request: Request) -> Console:
    return request.app.state.console


ConsoleDep = Annotated[Console, Depends(console)]
