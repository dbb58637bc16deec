"""The signed-in agent's own account: changing its password, signing out everywhere.

    GET  /account/password              the form: the current password, the new one twice; and sign out everywhere
    POST /account/password              changed: every other session of the account ends, this one goes on
    POST /account/signout-everywhere    every session of the account ends, this one too (a browser left signed
                                        in somewhere, a cookie that may have been copied): 303 to the sign-in page

The current password is asked again, so that a browser left open does not let its finder take the account; a
wrong one counts as a failed sign-in of that login (console/throttle.py) and is audited as one.
"""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from console import session
from console.pages import language, render
from console.routes.signin import address_of, count_failure
from console.session import SignedIn
from console.state import ConsoleDep
from console.texts import explain, say
from servicedesk.accounts import service
from servicedesk.accounts.service import Agent
from servicedesk.database import unit_of_work
from servicedesk.errors import ServiceDeskError, SignInRefused

router = APIRouter()
PATH = "/account/password"


@router.get(PATH)
def password_form(request: Request, agent: SignedIn) -> Response:
    return render(request, "password.html", agent=agent)


@router.post(PATH)
def change_password(request: Request, console: ConsoleDep, agent: SignedIn,
                    current: Annotated[str, Form(max_length=1024)] = "",
                    new: Annotated[str, Form(max_length=1024)] = "",
                    again: Annotated[str, Form(max_length=1024)] = "") -> Response:
    lang, address = language(request), address_of(request)
    wait = console.throttle.retry_after(agent.login, address)
    if wait:
        return page(request, agent, say("signin.too_many", lang, seconds=wait), 429)
    if new != again:
        return page(request, agent, say("password.mismatch", lang), 400)
    try:
        with unit_of_work(console.catalogue) as db_session:
            account = service.authenticate(db_session=db_session, login=agent.login, password=current,
                                           audited=False)
            changed = service.agent_of(service.set_password(db_session=db_session, account=account,
                                                            password=new, by=account, address=address))
    except SignInRefused as refused:
        count_failure(console, agent.login, address, f"{refused.reason}, changing the password")
        return page(request, agent, say("password.wrong_current", lang), 400)
    except ServiceDeskError as refused:
        return page(request, agent, explain(refused, lang), 400)
    session.begin(request, changed)  # the new epoch: this browser stays signed in, every other one is out
    return render(request, "password.html", agent=changed, notice=say("password.changed", lang))


def page(request: Request, agent: Agent, error: str, status_code: int) -> Response:
    return render(request, "password.html", status_code, agent=agent, error=error)


@router.post("/account/signout-everywhere")
def sign_out_everywhere(request: Request, console: ConsoleDep, agent: SignedIn) -> Response:
    with unit_of_work(console.catalogue) as db_session:
        account = service.get(db_session=db_session, account_id=agent.id)
        assert account is not None  # the session was checked a moment ago
        service.end_sessions(db_session=db_session, account=account, by=account, address=address_of(request))
    session.end(request)
    return RedirectResponse("/signin?signed_out=1", status_code=303)
