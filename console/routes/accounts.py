"""The desk's accounts, for its admins: the list, a new account, disabling and enabling one.

    GET  /accounts                        every account, and the form for a new one (admins only: others 403)
    POST /accounts                        a new account; its generated password shown once
    POST /accounts/{login}/disable        it can no longer sign in; its open sessions end
    POST /accounts/{login}/enable
    POST /accounts/{login}/signout-everywhere   every open session of the account ends
    POST /accounts/{login}/role                 role: another role (the last admin keeps its own)
    POST /accounts/{login}/password             a new generated password, shown once; its sessions end

Every change is one use case of servicedesk.accounts.service, called with the acting account: the rules there
(only admins manage accounts, an admin grants only clients and groups it holds, the last admin stays) are the
console's, the command line's and any later adapter's alike. Nothing the form says about the acting account (a
role, a client) is read: the account is the session's, loaded again.
"""

import secrets
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request, status
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from console.pages import language, render
from console.routes.signin import address_of
from console.session import SignedIn
from console.state import ConsoleDep
from console.texts import explain
from servicedesk.accounts import rules, service
from servicedesk.accounts.groups import known_groups
from servicedesk.accounts.models import AgentAccount
from servicedesk.accounts.service import Agent
from servicedesk.database import unit_of_work
from servicedesk.errors import AccountForbidden, ServiceDeskError

router = APIRouter()


def admin(agent: SignedIn) -> Agent:
    if not agent.may("manage_accounts"):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "refusal.not_admin")
    return agent


Admin = Annotated[Agent, Depends(admin)]


def acting(db_session: Session, agent: Agent) -> AgentAccount:
    account = service.get(db_session=db_session, account_id=agent.id)
    assert account is not None  # the session was checked a moment ago
    return account


@router.get("/accounts")
def accounts(request: Request, console: ConsoleDep, agent: Admin) -> Response:
    return page(request, console, agent)


@router.post("/accounts")
async def new_account(request: Request, console: ConsoleDep, agent: Admin) -> Response:
    form = await request.form()
    text = {name: str(form.get(name) or "") for name in ("login", "display_name", "email", "role")}
    grants = {slug: [group for group in str(form.get(f"groups_{slug}") or "").split(",") if group.strip()]
              for slug in (str(value) for value in form.getlist("client"))}
    password = secrets.token_urlsafe(18)
    try:
        known = known_groups(console.registry, {slug: groups for slug, groups in grants.items()
                                                if agent.may_work_on(slug)})  # no other client's settings read
        with unit_of_work(console.catalogue) as db_session:
            made = service.create(db_session=db_session, login=text["login"], display_name=text["display_name"],
                                  email=text["email"], role=text["role"], password=password, grants=grants,
                                  known_groups=known, by=acting(db_session, agent),
                                  address=address_of(request))
            login = made.login
    except ServiceDeskError as refused:
        return page(request, console, agent, error=explain(refused, language(request)), values=text, status_code=400)
    return page(request, console, agent, made=(login, password), status_code=201)


@router.post("/accounts/{login}/disable")
def disable(request: Request, console: ConsoleDep, agent: Admin, login: str) -> Response:
    return change(request, console, agent, lambda db_session, by: service.disable(
        db_session=db_session, login=login, by=by, address=address_of(request)))


@router.post("/accounts/{login}/enable")
def enable(request: Request, console: ConsoleDep, agent: Admin, login: str) -> Response:
    return change(request, console, agent, lambda db_session, by: service.enable(
        db_session=db_session, login=login, by=by, address=address_of(request)))


@router.post("/accounts/{login}/signout-everywhere")
def sign_out_everywhere(request: Request, console: ConsoleDep, agent: Admin, login: str) -> Response:
    return change(request, console, agent, lambda db_session, by: service.end_sessions(
        db_session=db_session, account=service.get_by_login(db_session=db_session, login=login), by=by,
        address=address_of(request)))


@router.post("/accounts/{login}/role")
def change_role(request: Request, console: ConsoleDep, agent: Admin, login: str,
                role: Annotated[str, Form(max_length=20)] = "") -> Response:
    return change(request, console, agent, lambda db_session, by: service.set_role(
        db_session=db_session, login=login, role=role, by=by, address=address_of(request)))


@router.post("/accounts/{login}/password")
def reset_password(request: Request, console: ConsoleDep, agent: Admin, login: str) -> Response:
    """For an agent who forgot theirs: a generated one, said once to the admin, who hands it over."""
    password = secrets.token_urlsafe(18)
    try:
        with unit_of_work(console.catalogue) as db_session:
            account = service.set_password(db_session=db_session, password=password, by=acting(db_session, agent),
                                           account=service.get_by_login(db_session=db_session, login=login),
                                           address=address_of(request))
            reset = account.login
    except ServiceDeskError as refused:
        return page(request, console, agent, error=explain(refused, language(request)), status_code=400)
    return page(request, console, agent, reset=(reset, password))


Step = Callable[[Session, AgentAccount], AgentAccount]  # one use case, given the catalogue session and the actor
Page = Callable[..., Response]  # the page to show again with the refusal: (request, console, agent, error=, …)


def change(request: Request, console: ConsoleDep, agent: Agent, step: Step, *, back: str = "/accounts",
           again: Page | None = None) -> Response:
    """Run one use case as the acting account; 303 to `back`, or `again` (this page) with the refusal said."""
    try:
        with unit_of_work(console.catalogue) as db_session:
            step(db_session, acting(db_session, agent))
    except ServiceDeskError as refused:
        return (again or page)(request, console, agent, error=explain(refused, language(request)),
                               status_code=403 if isinstance(refused, AccountForbidden) else 400)
    return RedirectResponse(back, status_code=303)


def page(request: Request, console: ConsoleDep, agent: Agent, *, error: str | None = None,
         values: dict[str, str] | None = None, made: tuple[str, str] | None = None,
         reset: tuple[str, str] | None = None, status_code: int = 200) -> Response:
    with console.catalogue() as db_session:
        listed = [(account, [(grant.client.slug, grant.groups) for grant in account.grants])
                  for account in service.list_accounts(db_session=db_session)]
    return render(request, "accounts.html", status_code, agent=agent, accounts=listed, roles=rules.ROLES,
                  error=error, values=values or {}, made=made, reset=reset)

