"""Who is signed in: the session kept in the browser's signed cookie (Starlette's SessionMiddleware, itsdangerous),
and the account it names, read again from the catalogue on every request.

The cookie holds the account's id, its session epoch, when the sign-in happened and the CSRF token; nothing that
grants a right (role, clients) is kept in it, so a cookie copied from an older day gives no more than the account
has now. A session ends:
- left idle for RELAIS_CONSOLE_SESSION_IDLE: the cookie's signed timestamp and Max-Age, renewed by every answer;
- RELAIS_CONSOLE_SESSION_MAX after signing in, however busy;
- when the account is disabled or its password changes (its epoch moves on), at its next request;
- on signing out, in that browser.
"""

import time
from typing import Annotated

from fastapi import Depends, Request

from console import csrf
from console.state import ConsoleDep
from servicedesk.accounts import service
from servicedesk.accounts.service import Agent


class NotSignedIn(Exception):
    """No valid session: the browser is sent to the sign-in page, and back to `path` once signed in."""

    def __init__(self, path: str, *, expired: bool = False) -> None:
        super().__init__(path)
        self.path, self.expired = path, expired


def begin(request: Request, agent: Agent) -> None:
    """A new session for this agent: whatever the browser held before is dropped, the CSRF token included."""
    request.session.clear()
    request.session.update({"account": agent.id, "epoch": agent.session_epoch, "since": int(time.time())})
    csrf.token(request)


def end(request: Request) -> None:
    request.session.clear()


def signed_in(request: Request, console: ConsoleDep) -> Agent:
    """The agent of this request's session; raises NotSignedIn (and forgets the session) when there is none."""
    session = request.session
    account_id, epoch, since = session.get("account"), session.get("epoch"), session.get("since")
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if not isinstance(account_id, int) or not isinstance(epoch, int) or not isinstance(since, int):
        raise NotSignedIn(path)
    if time.time() - since > console.config.session_max:
        end(request)
        raise NotSignedIn(path, expired=True)
    with console.catalogue() as db_session:
        account = service.get(db_session=db_session, account_id=account_id)
        if account is None or not account.active or account.session_epoch != epoch:
            end(request)
            raise NotSignedIn(path, expired=True)
        return service.agent_of(account)


SignedIn = Annotated[Agent, Depends(signed_in)]
