"""Signing in through the desk's identity provider, when RELAIS_CONSOLE_OIDC_ISSUER names one.

    GET /signin/oidc?next=/clients   303 to the provider (next kept in the session)
    GET /signin/oidc/callback        back from the provider: signed in and sent to next, or the sign-in page with
                                     one message (401) when the provider or the desk refuses
"""

import logging

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from console import session
from console.errors import not_found
from console.oidc import Identity
from console.pages import language
from console.routes.signin import address_of, form, safe_next
from console.state import ConsoleDep
from console.texts import say
from servicedesk.accounts import audit, service
from servicedesk.database import unit_of_work
from servicedesk.errors import SignInRefused

logger = logging.getLogger(__name__)
router = APIRouter()
CALLBACK = "/signin/oidc/callback"
PROVIDER = "(provider)"  # the audit trail's login of a refusal before the provider named anyone


@router.get("/signin/oidc")
async def begin(request: Request, console: ConsoleDep, next: str | None = None) -> Response:
    if console.provider is None:
        raise not_found()
    request.session["oidc_next"] = safe_next(next)
    try:
        return await console.provider.begin(request, console.config.public_url + CALLBACK)
    except SignInRefused as refused:
        logger.warning("console sign-in through the provider failed to start: %s", refused.reason)
        return form(request, console, next=safe_next(next), error=say("signin.provider_refused", language(request)),
                    status_code=502)


@router.get(CALLBACK)
async def callback(request: Request, console: ConsoleDep) -> Response:
    if console.provider is None:
        raise not_found()
    target = safe_next(request.session.pop("oidc_next", None))
    identity: Identity | None = None
    try:
        identity = await console.provider.finish(request)
        with unit_of_work(console.catalogue) as db_session:
            agent = service.agent_of(service.for_identity(db_session=db_session, issuer=identity.issuer,
                                                          subject=identity.subject, email=identity.email,
                                                          address=address_of(request)))
    except SignInRefused as refused:
        logger.info("console sign-in through the provider from %s refused: %s", address_of(request), refused.reason)
        with unit_of_work(console.catalogue) as db_session:  # named by its e-mail, when the provider vouched for one
            audit.refused(db_session=db_session, login=identity.email or PROVIDER if identity else PROVIDER,
                          via="provider", reason=refused.reason, address=address_of(request))
        return form(request, console, next=target, error=say("signin.provider_refused", language(request)),
                    status_code=401)
    session.begin(request, agent)
    logger.info("console sign-in of %r through the provider from %s", agent.login, address_of(request))
    return RedirectResponse(target, status_code=303)
