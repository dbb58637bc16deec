"""Who is calling: the bearer API key, the client it belongs to, and what its role allows.

    route                                   agent  integration  admin
    GET  /tickets, GET /tickets/{number}      ✓         ✓          ✓
    POST /tickets/{number}/comments           ✓         ✓          ✓
    POST /tickets/{number}/status             ✓                    ✓
    POST /tickets/{number}/assign             ✓                    ✓
    POST /tickets/{number}/assignee           ✓                    ✓
    POST /tickets/{number}/escalate[/manager] ✓                    ✓
    POST /tickets/{number}/problem            ✓                    ✓
    POST /tickets/{number}/pending, /reopen   ✓                    ✓
    POST /tickets/{number}/resolve            ✓                    ✓
    GET  /tickets/{number}/remote-sessions    ✓         ✓          ✓
    POST /tickets/{number}/remote-session[/end] ✓                  ✓
    POST /settings/reload                                          ✓
    GET  /privacy/people/{person}                                  ✓     (export, recorded)
    DELETE /privacy/people/{person}                                ✓     (erasure, recorded)

A missing, unknown or revoked key is 401; a role the route does not allow is 403. The key is looked up on
every request, so a revocation takes effect on the next call.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from api.errors import KeyMissing, RoleForbidden
from api.stores import StoresDep
from servicedesk.clients import keys

READ = frozenset({"agent", "integration", "admin"})
COMMENT = frozenset({"agent", "integration", "admin"})
WORK = frozenset({"agent", "admin"})  # status changes, assignment, escalation, a problem, resolution
SETTINGS = frozenset({"admin"})
PRIVACY = frozenset({"admin"})  # a person's data, exported or erased: the client's administrators only

# auto_error=False: a missing header must be our 401 with WWW-Authenticate, like a wrong key.
_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer rk_…`, issued with "
                                                   "`python -m servicedesk clients key SLUG --name NAME --role ROLE`")


@dataclass(frozen=True)
class Caller:
    client_slug: str
    role: str
    key_name: str

    @property
    def actor(self) -> str:
        """Who the ticket history says made a change."""
        return f"api:{self.key_name}"


def authenticated(
    stores: StoresDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Caller:
    if credentials is None:
        raise KeyMissing()
    with stores.catalogue() as session:
        key = keys.find_key(db_session=session, secret=credentials.credentials)  # or InvalidApiKey: 401
        return Caller(client_slug=key.client.slug, role=key.role, key_name=key.name)


def allow(roles: frozenset[str]) -> Callable[[Caller], Caller]:
    """A dependency that lets through the callers whose role is in `roles`, and answers 403 to the others."""

    def check(caller: Annotated[Caller, Depends(authenticated)]) -> Caller:
        if caller.role not in roles:
            raise RoleForbidden(caller.role)
        return caller

    return check


def client_sessions(caller: Annotated[Caller, Depends(authenticated)], stores: StoresDep) -> sessionmaker[Session]:
    """The session factory of the caller's client database: the only database a request can reach."""
    return stores.registry.session_factory(caller.client_slug)


Reader = Annotated[Caller, Depends(allow(READ))]
Commenter = Annotated[Caller, Depends(allow(COMMENT))]
Worker = Annotated[Caller, Depends(allow(WORK))]
Admin = Annotated[Caller, Depends(allow(SETTINGS))]
PrivacyAdmin = Annotated[Caller, Depends(allow(PRIVACY))]
ClientSessions = Annotated[sessionmaker[Session], Depends(client_sessions)]
