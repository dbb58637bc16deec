"""Signing in with a login and a password, and signing out.

    GET  /signin?next=/clients   the form (and the desk's identity provider's button, when one is configured)
    POST /signin                 login, password, next: 303 to `next` (a path of this site only), or the form again
                                 with one message for every failure (401), or 429 once a limit is reached
    POST /signout                the session forgotten in this browser; 303 to the sign-in page

Each sign-in, refusal (with its reason, never the password), lockout and sign-out goes to the accounts' audit
trail (servicedesk/accounts/audit.py).
"""

import logging
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from console import session
from console.pages import language, render
from console.state import ConsoleDep
from console.texts import say
from servicedesk.accounts import audit, service
from servicedesk.database import unit_of_work
from servicedesk.errors import SignInRefused

logger = logging.getLogger(__name__)
router = APIRouter()
HOME = "/clients"


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this site, never another site (`//evil.example`, `/\\evil`,
    `https://…`, a scheme or a control character), else the home page."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return HOME
    if any(ord(character) < 32 or character == "\\" for character in target):
        return HOME
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return HOME
    return target


def address_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/")
def home() -> Response:
    return RedirectResponse(HOME, status_code=303)


@router.get("/signin")
def sign_in_page(request: Request, console: ConsoleDep, next: str | None = None, expired: str | None = None,
                 signed_out: str | None = None) -> Response:
    notice = say("signin.expired", language(request)) if expired else \
        say("signin.signed_out", language(request)) if signed_out else None
    return form(request, console, next=safe_next(next), notice=notice)


@router.post("/signin")
def sign_in(request: Request, console: ConsoleDep, login: Annotated[str, Form(max_length=200)] = "",
            password: Annotated[str, Form(max_length=1024)] = "", next: Annotated[str, Form()] = HOME) -> Response:
    target, key, address = safe_next(next), login.strip().lower(), address_of(request)
    wait = console.throttle.retry_after(key, address)
    if wait:
        logger.warning("console sign-in of %r from %s refused: too many failures", key, address)
        response = form(request, console, next=target, login=login, status_code=429,
                        error=say("signin.too_many", language(request), seconds=wait))
        response.headers["Retry-After"] = str(wait)
        return response
    try:
        with unit_of_work(console.catalogue) as db_session:
            agent = service.agent_of(service.authenticate(db_session=db_session, login=login, password=password,
                                                          address=address))
    except SignInRefused as refused:
        count_failure(console, key, address, refused.reason)
        return form(request, console, next=target, login=login, error=say("signin.wrong", language(request)),
                    status_code=401)
    console.throttle.succeeded(key)
    session.begin(request, agent)
    logger.info("console sign-in of %r from %s", agent.login, address)
    return RedirectResponse(target, status_code=303)


def count_failure(console: ConsoleDep, login: str, address: str, reason: str) -> None:
    """A wrong password: counted against the sign-in limits, and audited with the lockout it may start."""
    console.throttle.failed(login, address)
    locked_for = console.throttle.retry_after(login, address)
    logger.info("console sign-in of %r from %s refused: %s", login, address, reason)
    with unit_of_work(console.catalogue) as db_session:
        audit.refused(db_session=db_session, login=login, reason=reason, via="password", address=address,
                      locked_for=locked_for)


@router.post("/signout")
def sign_out(request: Request, console: ConsoleDep) -> Response:
    try:
        agent = session.signed_in(request, console)
    except session.NotSignedIn:
        agent = None  # a session already over: nothing to record
    if agent is not None:
        with unit_of_work(console.catalogue) as db_session:
            service.sign_out(db_session=db_session, account_id=agent.id, address=address_of(request))
    session.end(request)
    return RedirectResponse("/signin?signed_out=1", status_code=303)


def form(request: Request, console: ConsoleDep, *, next: str, login: str = "", error: str | None = None,
         notice: str | None = None, status_code: int = 200) -> Response:
    return render(request, "signin.html", status_code, next=next, login=login, error=error, notice=notice,
                  provider=(console.config.oidc.label or say("signin.provider", language(request)))
                  if console.config.oidc else None)
