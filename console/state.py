"""What the console's routes share, handed to create_app() and kept on the application: the stores it reads, its
settings and the sign-in machinery built once."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from console.config import ConsoleConfig
from console.oidc import ProviderSignIn
from console.throttle import FailedSignIns
from servicedesk.clients.registry import ClientDatabases


@dataclass(frozen=True)
class Console:
    catalogue: sessionmaker[Session]  # clients and the desk's agent accounts
    registry: ClientDatabases  # one database per client
    config: ConsoleConfig
    throttle: FailedSignIns
    provider: ProviderSignIn | None  # the desk's OpenID Connect provider, when one is configured


def console(request: Request) -> Console:
    return request.app.state.console


ConsoleDep = Annotated[Console, Depends(console)]
